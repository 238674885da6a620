import { randomBytes } from "node:crypto";
import { SummaError } from "../domain/errors.ts";
import {
  envelopeSender,
  type MessageTemplate,
  messageIdFor,
  type Personalisation,
  personaliseMessageBytes,
} from "../formats/render/email-template.ts";
import { describeFailure, type MailTransport, smtpFailure } from "../mail/index.ts";
import type { Edition } from "../store/index.ts";
import { getIssue, readNewsletterSettings, type Store } from "../store/index.ts";
import {
  getsTestCopies,
  type LinkConfig,
  type LinkSubscriber,
  listTesters,
  loadLinkConfig,
  subscriberLinks,
  validateSubscription,
} from "../subscribers/index.ts";
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
  const render = await testRenderer(store, request.issueNumber);
  const template = await render(request.edition ?? "full");
  const config = await loadLinkConfig(store, "A test copy (its unsubscribe and preferences links)");
  try {
    return await sendCopy(transport, template, config, { id: 0, email }, "", await bounceAddressOf(store));
  } catch (err) {
    throw new SummaError(
      "input.invalid",
      `The SMTP server did not take the test message: ${describeFailure(smtpFailure(err))}`,
    );
  }
}

/** One tester's test copy: accepted (messageId, response) or refused (error, the server's words). */
export type TestListResult = { to: string } & ({ messageId: string; response: string } | { error: string });

/**
 * Sends a test copy to every tester who is active or paused (the test list, subscribers/testers.ts),
 * one after the other: each copy is what that subscriber would get, in their edition unless
 * `edition` says otherwise, with their own working unsubscribe and preferences links. Nothing
 * is recorded: no send, no deliveries, so the issue's real send later reaches testers too.
 * Every tester is tried; a refusal is reported in that tester's result. config.incomplete when
 * the test list has nobody to send to.
 */
export async function sendTestCopies(
  store: Store,
  transport: MailTransport,
  request: { issueNumber: number; edition?: Edition },
): Promise<TestListResult[]> {
  const render = await testRenderer(store, request.issueNumber);
  const testers = (await listTesters(store)).filter(getsTestCopies);
  if (testers.length === 0)
    throw new SummaError(
      "config.incomplete",
      "The test list is empty (no tester is active or paused). Mark testers with: summa subscribers tester add EMAIL...",
      { setting: "subscribers.tester" },
    );
  const config = await loadLinkConfig(store, "A test copy (its unsubscribe and preferences links)");
  const bounces = await bounceAddressOf(store);
  const results: TestListResult[] = [];
  for (const tester of testers) {
    const template = await render(request.edition ?? tester.edition);
    try {
      results.push(await sendCopy(transport, template, config, tester, tester.name, bounces));
    } catch (err) {
      results.push({ to: tester.email, error: describeFailure(smtpFailure(err)) });
    }
  }
  return results;
}

/** Renders an issue's editions for test copies, each once: a draft as it stands, too. */
async function testRenderer(
  store: Store,
  issueNumber: number,
): Promise<(edition: Edition) => Promise<MessageTemplate>> {
  const issue = await getIssue(store.db, issueNumber);
  if (!issue) throw new SummaError("not_found", `There is no issue #${issueNumber}`);
  const made = new Map<Edition, Promise<MessageTemplate>>();
  const now = new Date();
  return (edition) => {
    let template = made.get(edition);
    if (!template) {
      template = renderEdition(store, issueNumber, edition, now, { draft: issue.status === "draft" });
      made.set(edition, template);
    }
    return template;
  };
}

/**
 * The envelope sender of test copies: the plain bounce address, untagged (a test copy is no
 * delivery, and what bounces from it says nothing about a subscriber: src/bounces/inbound.ts);
 * undefined without one (the From address, as before).
 */
async function bounceAddressOf(store: Store): Promise<string | undefined> {
  return (await readNewsletterSettings(store.db)).bounceAddress || undefined;
}

/** Personalises one test copy for `reader` and hands it to the server; throws what the transport threw. */
async function sendCopy(
  transport: MailTransport,
  template: MessageTemplate,
  config: LinkConfig,
  reader: LinkSubscriber,
  name: string,
  bounceAddress: string | undefined,
): Promise<TestSendResult> {
  const suffix = `test-${randomBytes(6).toString("hex")}`;
  const personal: Personalisation = {
    email: reader.email,
    name,
    ...subscriberLinks(config, reader),
    messageIdSuffix: suffix,
    // Dated when it is made, like every message (message.ts).
    date: new Date(),
    ...(bounceAddress ? { envelopeFrom: bounceAddress } : {}),
  };
  const raw = personaliseMessageBytes(template, personal);
  const accepted = await transport.sendRaw({
    from: envelopeSender(template, personal),
    to: reader.email,
    raw,
  });
  return { to: reader.email, messageId: messageIdFor(template, suffix), response: accepted.response };
}
