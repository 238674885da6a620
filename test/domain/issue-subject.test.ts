import assert from "node:assert/strict";
import { test } from "node:test";
import {
  emailSubjectLine,
  issueDisplayTitle,
  stripIssueLabel,
  subjectWithoutLabel,
} from "../../src/domain/issue-subject.ts";

test("a subject typed the way AN did loses its own label, whatever the spacing and brackets", () => {
  for (const typed of [
    "[AN #172]: Subject",
    "[AN #172] Subject",
    "[an #172]:Subject",
    " [ AN # 172 ] - Subject",
    "AN #172: Subject",
    "AN#172 — Subject",
  ])
    assert.equal(subjectWithoutLabel(typed, "AN", 172), "Subject", typed);
  assert.equal(subjectWithoutLabel("Subject about AN #172", "AN", 172), "Subject about AN #172");
  assert.equal(
    subjectWithoutLabel("[GPT #3]: results", "AN", 172),
    "[GPT #3]: results",
    "another prefix is text",
  );
  assert.throws(() => subjectWithoutLabel("[AN #171]: Last week", "AN", 172), /this is AN #172/);
  assert.equal(stripIssueLabel("[AN #171]: Last week", "AN", 172), "[AN #171]: Last week");
  assert.equal(stripIssueLabel("[AN #172]: This week", "AN", 172), "This week");
});

test("the subject line keeps AN's colon; lists fall back to the highlights' titles", () => {
  assert.equal(emailSubjectLine("AN #172", "Subject", "Alignment Newsletter"), "[AN #172]: Subject");
  assert.equal(emailSubjectLine("AN #172", "", "Alignment Newsletter"), "[AN #172] Alignment Newsletter");
  assert.equal(issueDisplayTitle(" Subject ", ["A"]), "Subject");
  assert.equal(issueDisplayTitle("", ["[Linked](https://x.org) title", "Second"]), "Linked title; Second");
  assert.equal(issueDisplayTitle("", []), "");
  const long = issueDisplayTitle("", ["a".repeat(100), "b".repeat(40), "c".repeat(40)]);
  assert.equal(long, `${"a".repeat(100)}; ${"b".repeat(40)}; …`);
});
