import { randomBytes } from "node:crypto";
import { SummaError } from "../domain/errors.ts";
import {
  envelopeSender,
  messageIdFor,
  type Personalisation,
  personaliseMessageBytes,
} from "../formats/render/email-template.ts";
import { describeFailure, type MailTransport, smtpFailure } from "../mail/index.ts";
import type { Edition } from "../store/index.ts";
import { getIssue, type Store } from "../store/index.ts";
import { loadLinkConfig, subscriberLinks, validateSubscription } from "../subscribers/index.ts";
import { renderEdition } from "./editions.ts";

export interface TestSendRequest {
  issueNumber: number;
  /** Where the copy goes (anyone: the editor's own address, a colleague's). */
  to: string;
  edition?: Edition;
}

export interface TestSendResult {
  to: string;
  messageId: string;
  /** The server's reply. */
  response: string;
}

/**
 * Sends one copy of an issue, exactly as subscribers will get it, to one address, touching no
 * send or delivery. A draft may be tested too (that is what a test is for): its current
 * entries, all of them. Its unsubscribe and preferences links are signed for no subscriber, so
 * they lead to "this link is not valid" rather than to anyone's settings.
 */
export async function sendTestMessage(
  store: Store,
  transport: MailTransport,
  request: TestSendRequest,
): Promise<TestSendResult> {
  const { email } = validateSubscription({ email: request.to });
  const issue = await getIssue(store.db, request.issueNumber);
  if (!issue) throw new SummaError("not_found", `There is no issue #${request.issueNumber}`);
  const template = await renderEdition(store, request.issueNumber, request.edition ?? "full", new Date(), {
    draft: issue.status === "draft",
  });
  const links = subscriberLinks(
    await loadLinkConfig(store, "A test copy (its unsubscribe and preferences links)"),
    { id: 0, email },
  );
  const suffix = `test-${randomBytes(6).toString("hex")}`;
  const reader: Personalisation = { email, name: "", ...links, messageIdSuffix: suffix, date: new Date() };
  const raw = personaliseMessageBytes(template, reader);
  const from = envelopeSender(template, reader);
  try {
    const accepted = await transport.sendRaw({ from, to: email, raw });
    return { to: email, messageId: messageIdFor(template, suffix), response: accepted.response };
  } catch (err) {
    throw new SummaError(
      "input.invalid",
      `The SMTP server did not take the test message: ${describeFailure(smtpFailure(err))}`,
    );
  }
}
