import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  type BounceReport,
  bounceKindOf,
  parseBounceReport,
  splitMailbox,
} from "../../src/formats/bounces/index.ts";
import {
  BROKEN_DSN,
  EXCHANGE_NDR,
  GMAIL_TWO_RECIPIENTS,
  POSTFIX_DELAYED,
  POSTFIX_USER_UNKNOWN,
} from "./dsn-samples.ts";
import { ARF_ABUSE, ARF_FROM_TO_HEADER, mbox, READ_RECEIPT, READER_REPLY } from "./mail-samples.ts";

function notices(report: BounceReport) {
  assert.ok(report.type === "dsn" || report.type === "complaint", JSON.stringify(report));
  return report.notices;
}

describe("bounce reports: DSNs (RFC 3464)", () => {
  test("Postfix 5.1.1 user unknown: a hard bounce with status, diagnostic, dates and the bounced Message-ID", () => {
    const report = parseBounceReport(POSTFIX_USER_UNKNOWN);
    assert.equal(report.type, "dsn");
    assert.deepEqual(notices(report), [
      {
        email: "bob@example.com",
        kind: "hard",
        detail:
          "5.1.1 550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown in virtual mailbox table",
        at: "2024-06-10T09:12:44.000Z",
        messageId: "an53.bob.k2j3@newsletter.example.org",
        key: "dsn|20240610091244.3F1A21C0123@mail.newsletter.example.org|bob@example.com",
      },
    ]);
  });

  test("Postfix delayed 4.4.1: a soft bounce", () => {
    const [n] = notices(parseBounceReport(POSTFIX_DELAYED));
    assert.equal(n!.email, "slow@example.net");
    assert.equal(n!.kind, "soft");
    assert.match(
      n!.detail,
      /^4\.4\.1 connect to mx\.example\.net\[198\.51\.100\.20\]:25: Connection timed out$/,
    );
    assert.equal(n!.messageId, "an53.slow.77aa@newsletter.example.org");
  });

  test("Exchange Online (CRLF, nested alternative notice, original attached): hard, 5.1.10", () => {
    const [n, ...rest] = notices(parseBounceReport(EXCHANGE_NDR));
    assert.equal(rest.length, 0);
    assert.equal(n!.email, "carol@contoso.example");
    assert.equal(n!.kind, "hard");
    assert.equal(
      n!.detail,
      "5.1.10 550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
    );
    assert.equal(n!.messageId, "an53.carol.9f8e@newsletter.example.org");
    assert.equal(n!.at, "2024-06-11T14:02:10.000Z");
  });

  test("Gmail, two recipients in one report: one hard, one soft; the -0700 date in UTC", () => {
    const list = notices(parseBounceReport(GMAIL_TWO_RECIPIENTS));
    assert.deepEqual(
      list.map((n) => [n.email, n.kind, n.detail.slice(0, 12), n.at]),
      [
        ["dave@gmail.example", "hard", "5.1.1 550-5.", "2024-06-12T08:02:05.000Z"],
        ["full@gmail.example", "soft", "4.2.2 452-4.", "2024-06-12T08:02:05.000Z"],
      ],
    );
    assert.notEqual(list[0]!.key, list[1]!.key, "one key per recipient");
  });

  test("Action and Status decide the kind", () => {
    assert.equal(bounceKindOf("failed", "5.2.2"), "hard");
    assert.equal(bounceKindOf("failed", ""), "hard");
    assert.equal(bounceKindOf("failed", "4.4.7"), "soft", "a temporary failure that ran out of retries");
    assert.equal(bounceKindOf("delayed", "4.4.1"), "soft");
    assert.equal(bounceKindOf("delivered", "2.0.0"), null);
    assert.equal(bounceKindOf("relayed", "2.0.0"), null);
    assert.equal(bounceKindOf("", "5.0.0"), "hard");
    assert.equal(bounceKindOf("bounced", "5.0.0"), "unknown");
  });

  test("a report of deliveries only is skipped; one without a message ID is keyed by its fields", () => {
    const delivered = POSTFIX_USER_UNKNOWN.replace("Action: failed", "Action: delivered").replace(
      "Status: 5.1.1",
      "Status: 2.0.0",
    );
    const skipped = parseBounceReport(delivered);
    assert.equal(skipped.type, "skipped");
    assert.match((skipped as { reason: string }).reason, /without failures: bob@example\.com \(delivered\)/);
    const anonymous = POSTFIX_USER_UNKNOWN.replace(/^Message-Id: .*\n/m, "");
    const [n] = notices(parseBounceReport(anonymous));
    assert.match(n!.key, /^dsn\|bob@example\.com\|failed\|5\.1\.1\|2024-06-10T09:12:44\.000Z\|/);
  });

  test("broken reports are invalid with a reason a person can act on", () => {
    assert.deepEqual(parseBounceReport(BROKEN_DSN), {
      type: "invalid",
      problem: "the delivery-status part names no recipient (no Final-Recipient)",
    });
    const badAddress = parseBounceReport(
      POSTFIX_USER_UNKNOWN.replace(
        "Final-Recipient: rfc822; Bob@Example.com",
        "Final-Recipient: rfc822; nobody",
      ).replace("Original-Recipient: rfc822;bob@example.com\n", ""),
    );
    assert.equal(badAddress.type, "invalid");
    assert.match(
      (badAddress as { problem: string }).problem,
      /recipient 1: Final-Recipient "rfc822; nobody" is not/,
    );
    const badAction = parseBounceReport(POSTFIX_USER_UNKNOWN.replace("Action: failed", "Action: exploded"));
    assert.match(
      (badAction as { problem: string }).problem,
      /recipient 1 \(bob@example\.com\): Action "exploded"/,
    );
  });
});

describe("bounce reports: complaints (ARF, RFC 5965)", () => {
  test("Feedback-Type abuse is a complaint for Original-Rcpt-To", () => {
    const report = parseBounceReport(ARF_ABUSE);
    assert.equal(report.type, "complaint");
    assert.deepEqual(notices(report), [
      {
        email: "erin@yahoo.example",
        kind: "complaint",
        detail: "abuse report from Yahoo!-Mail-Feedback/2.0",
        at: "2024-06-13T10:00:00.000Z",
        messageId: "an53.erin.5e6f@newsletter.example.org",
        key: "arf|arf.7d1e.1718272800@mta1.mail.yahoo.example|erin@yahoo.example",
      },
    ]);
  });

  test("without Original-Rcpt-To, the quoted message's To names the reader", () => {
    const [n] = notices(parseBounceReport(ARF_FROM_TO_HEADER));
    assert.equal(n!.email, "frank@aol.example");
  });

  test("a redacted recipient or another feedback type is skipped with the reason", () => {
    const redacted = parseBounceReport(
      ARF_ABUSE.replace("Original-Rcpt-To: <Erin@Yahoo.example>\n", "").replace(
        "To: erin@yahoo.example",
        "To: redacted",
      ),
    );
    assert.deepEqual(redacted, {
      type: "skipped",
      reason: "a complaint that does not say who complained (recipient redacted)",
    });
    const notSpam = parseBounceReport(ARF_ABUSE.replace("Feedback-Type: abuse", "Feedback-Type: not-spam"));
    assert.deepEqual(notSpam, {
      type: "skipped",
      reason: 'a feedback report of type "not-spam", not a complaint',
    });
  });
});

describe("bounce reports: other messages", () => {
  test("a reader's reply and a read receipt are skipped, saying what they are", () => {
    assert.deepEqual(parseBounceReport(READER_REPLY), {
      type: "skipped",
      reason:
        'not a bounce or complaint report (Content-Type text/plain, Subject "Re: [AN #53] Newsletter turns one")',
    });
    const receipt = parseBounceReport(READ_RECEIPT);
    assert.equal(receipt.type, "skipped");
    assert.match((receipt as { reason: string }).reason, /^a report of type "disposition-notification"/);
    assert.deepEqual(parseBounceReport("\n\n"), { type: "skipped", reason: "an empty message" });
  });
});

describe("mailbox files", () => {
  test("an mbox splits into its messages; an escaped >From line in a body is restored, not split", () => {
    const file = mbox(POSTFIX_USER_UNKNOWN, READER_REPLY, EXCHANGE_NDR, ARF_ABUSE);
    assert.match(file, /\n\n>From here on/, "the sample really has an escaped line after an empty one");
    const messages = splitMailbox(file);
    assert.deepEqual(
      messages.map((m) => m.number),
      [1, 2, 3, 4],
    );
    assert.equal(messages[1]!.text, READER_REPLY.trimEnd());
    assert.match(messages[1]!.text, /\n\nFrom here on I'll read every week\.$/);
    assert.equal(messages[2]!.text, EXCHANGE_NDR.replace(/\r\n/g, "\n").trimEnd());
    assert.deepEqual(
      messages.map((m) => parseBounceReport(m.text).type),
      ["dsn", "skipped", "dsn", "complaint"],
    );
  });

  test("mboxrd: one '>' comes off each escaped line, deeper quoting stays quoted", () => {
    const file = "From a@b Mon Jun 10 00:00:00 2024\nSubject: x\n\n>From one\n>>From two\n> From three\n";
    assert.equal(splitMailbox(file)[0]!.text, "Subject: x\n\nFrom one\n>From two\n> From three");
  });

  test("a From_ line with its date separates even without the empty line before it", () => {
    const file =
      "From a@b Mon Jun 10 00:00:00 2024\nSubject: one\n\nbody\nFrom MAILER-DAEMON Tue Jun 11 00:00:00 2024\nSubject: two\n\nHi\nFrom me, hello\n";
    assert.deepEqual(
      splitMailbox(file).map((m) => m.text),
      ["Subject: one\n\nbody", "Subject: two\n\nHi\nFrom me, hello"],
    );
  });

  test("a file that does not start with a From line is one message (.eml), CRLF or not", () => {
    const eml = splitMailbox(`\r\n${EXCHANGE_NDR}`);
    assert.equal(eml.length, 1);
    assert.equal(eml[0]!.number, 1);
    assert.equal(parseBounceReport(eml[0]!.text).type, "dsn");
    assert.deepEqual(splitMailbox(""), []);
  });
});
