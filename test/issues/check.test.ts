import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  checkIssue,
  EMAIL_SIZE_WARNING_BYTES,
  emailHtmlBytes,
  GMAIL_CLIP_BYTES,
} from "../../src/issues/index.ts";
import { issueEntry, issueView, TEST_TAXONOMY } from "../helpers/issue-view.ts";

/** An issue of `n` entries with long opinions: about 2.9 KB of email HTML each. */
function issueOf(n: number, subject = "A subject") {
  return issueView(
    Array.from({ length: n }, (_, i) =>
      issueEntry({
        title: `Paper ${i}`,
        summary: "A summary. ".repeat(60),
        opinion: "An opinion. ".repeat(60),
      }),
    ),
    { subject },
  );
}

const kinds = (view: ReturnType<typeof issueView>) =>
  checkIssue(view, TEST_TAXONOMY)
    .filter((p) => p.kind === "missing_subject" || p.kind === "email_size")
    .map((p) => `${p.severity} ${p.kind}`);

describe("issue check: what the email needs", () => {
  test("a missing subject is a warning naming the subject the email would carry", () => {
    assert.deepEqual(kinds(issueOf(1, "A subject")), []);
    const problems = checkIssue(issueOf(1, ""), TEST_TAXONOMY).filter((p) => p.kind === "missing_subject");
    assert.equal(problems.length, 1);
    assert.match(
      problems[0]!.message,
      /AN #53 has no subject: the email goes out as "\[AN #53\] Alignment Newsletter"/,
    );
  });

  test("an email whose HTML nears Gmail's 102 KB clipping is a warning, from 90 KB", () => {
    const perEntry = (emailHtmlBytes(issueOf(11)) - emailHtmlBytes(issueOf(1))) / 10;
    const base = emailHtmlBytes(issueOf(1)) - perEntry;
    const under = Math.floor((EMAIL_SIZE_WARNING_BYTES - base) / perEntry) - 1;
    assert.ok(emailHtmlBytes(issueOf(under)) < EMAIL_SIZE_WARNING_BYTES);
    assert.deepEqual(kinds(issueOf(under)), []);
    const near = under + 3;
    const nearBytes = emailHtmlBytes(issueOf(near));
    assert.ok(nearBytes >= EMAIL_SIZE_WARNING_BYTES && nearBytes <= GMAIL_CLIP_BYTES, `${nearBytes}`);
    const warning = checkIssue(issueOf(near), TEST_TAXONOMY).find((p) => p.kind === "email_size")!;
    assert.equal(warning.severity, "warning");
    assert.match(warning.message, /^the email's HTML is 9\d\.\d KB, near Gmail's 102\.0 KB clipping/);
    const over = checkIssue(issueOf(near + 10), TEST_TAXONOMY).find((p) => p.kind === "email_size")!;
    assert.match(over.message, /Gmail clips messages above 102\.0 KB/);
  });
});
