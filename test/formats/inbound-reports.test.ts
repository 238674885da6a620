import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  decodeEncodedWords,
  parseBounceReport,
  unsubscribeTokenIn,
} from "../../src/formats/bounces/index.ts";
import { POSTFIX_DELAYED } from "./dsn-samples.ts";
import { ARF_ABUSE } from "./mail-samples.ts";

describe("reports and requests received by summa inbound", () => {
  test("a DSN that names no recipient is about the one the envelope names (VERP), and unreadable without it", () => {
    const anonymous = POSTFIX_DELAYED.replace("Final-Recipient: rfc822; slow@example.net\n", "");
    assert.equal(parseBounceReport(anonymous).type, "invalid");
    const report = parseBounceReport(anonymous, { recipient: "reader@example.org" });
    assert.equal(report.type, "dsn");
    assert.deepEqual(report.type === "dsn" && report.notices.map((n) => [n.email, n.kind]), [
      ["reader@example.org", "soft"],
    ]);
    // A named recipient stays the one named: the caller decides whom it counts for.
    const named = parseBounceReport(POSTFIX_DELAYED, { recipient: "reader@example.org" });
    assert.equal(named.type === "dsn" && named.notices[0]!.email, "slow@example.net");
  });

  test("a complaint with the recipient redacted is about the one the envelope names", () => {
    const redacted = ARF_ABUSE.replace("Original-Rcpt-To: <Erin@Yahoo.example>\n", "").replace(
      "To: erin@yahoo.example",
      "To: redacted",
    );
    assert.equal(parseBounceReport(redacted).type, "skipped");
    const report = parseBounceReport(redacted, { recipient: "reader@example.org" });
    assert.equal(report.type === "complaint" && report.notices[0]!.email, "reader@example.org");
  });

  test("encoded words are decoded (Q and B, adjacent ones joined)", () => {
    assert.equal(decodeEncodedWords("=?UTF-8?Q?unsubscribe_abc=5Fdef?="), "unsubscribe abc_def");
    assert.equal(decodeEncodedWords("=?utf-8?B?dW5zdWJzY3JpYmU=?= =?UTF-8?Q?_x?="), "unsubscribe x");
    assert.equal(decodeEncodedWords("=?ISO-8859-1?Q?Caf=E9?= ok"), "Café ok");
    assert.equal(decodeEncodedWords("plain text"), "plain text");
  });

  test("the token of an unsubscribe request is read from its Subject only", () => {
    const message = (subject: string, body = "") =>
      `From: a@example.org\r\nSubject: ${subject}\r\n\r\n${body}`;
    assert.equal(unsubscribeTokenIn(message("unsubscribe abc.DEF-_1")), "abc.DEF-_1");
    assert.equal(unsubscribeTokenIn(message("Re: UNSUBSCRIBE abc")), "abc");
    assert.equal(unsubscribeTokenIn(message("=?UTF-8?Q?unsubscribe_abc=5F1?=")), "abc_1");
    assert.equal(unsubscribeTokenIn("Subject: unsubscribe\r\n  folded.token\r\n\r\n"), "folded.token");
    assert.equal(unsubscribeTokenIn(message("unsubscribe")), null);
    assert.equal(unsubscribeTokenIn(message("please", "unsubscribe abc")), null);
  });
});
