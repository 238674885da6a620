import assert from "node:assert/strict";
import { test } from "node:test";
import { ENTRY_STATUSES } from "../../src/domain/entry.ts";
import {
  handStatusProblem,
  type Reviewer,
  reviewActions,
  reviewStep,
  statusAfterEdit,
} from "../../src/domain/review.ts";

const author: Reviewer = { editor: false, author: true };
const stranger: Reviewer = { editor: false, author: false };
const editor: Reviewer = { editor: true, author: false };

test("a summarizer submits their draft and their changed entry, and withdraws a submitted one", () => {
  assert.deepEqual(reviewStep("draft", "submit", author), { to: "submitted" });
  assert.deepEqual(reviewStep("changes_requested", "submit", author), { to: "submitted" });
  assert.deepEqual(reviewStep("submitted", "withdraw", author), { to: "draft" });
  assert.deepEqual(reviewActions("draft", author), ["submit"]);
  assert.deepEqual(reviewActions("submitted", author), ["withdraw"]);
  assert.deepEqual(reviewActions("ready", author), []);
});

test("only an editor requests changes or marks ready; another summarizer does nothing", () => {
  assert.match(
    String((reviewStep("submitted", "mark_ready", author) as { problem: string }).problem),
    /only an editor/,
  );
  assert.match(
    String((reviewStep("submitted", "request_changes", author) as { problem: string }).problem),
    /only an editor/,
  );
  assert.match(
    String((reviewStep("draft", "submit", stranger) as { problem: string }).problem),
    /author or an editor/,
  );
  assert.deepEqual(reviewStep("submitted", "request_changes", editor), { to: "changes_requested" });
  assert.deepEqual(reviewStep("ready", "request_changes", editor), { to: "changes_requested" });
  assert.deepEqual(reviewStep("submitted", "mark_ready", editor), { to: "ready" });
  assert.deepEqual(reviewActions("submitted", editor), ["withdraw", "request_changes", "mark_ready"]);
  assert.deepEqual(reviewActions("draft", editor), ["submit", "mark_ready"]);
});

test("steps from the wrong state are refused in words, and nothing moves an entry in an issue", () => {
  const problem = reviewStep("draft", "request_changes", editor);
  assert.deepEqual(problem, {
    problem: "an entry that is a draft cannot be sent back with changes requested",
  });
  for (const status of ["in_issue", "published"] as const) {
    assert.deepEqual(reviewActions(status, editor), []);
    assert.deepEqual(reviewActions(status, author), []);
  }
  assert.ok("problem" in reviewStep("ready", "submit", author));
});

test("a summarizer's change to a submitted or ready entry takes it back to draft; an editor's changes no state", () => {
  assert.equal(statusAfterEdit("submitted", author), "draft");
  assert.equal(statusAfterEdit("ready", author), "draft");
  assert.equal(statusAfterEdit("draft", author), "draft");
  assert.equal(statusAfterEdit("changes_requested", author), "changes_requested");
  for (const status of ENTRY_STATUSES) assert.equal(statusAfterEdit(status, editor), status);
});

test("statuses set by hand follow the same rules: summarizers submit, editors mark ready, composing owns the rest", () => {
  assert.equal(handStatusProblem("draft", "submitted", author), null);
  assert.match(String(handStatusProblem("draft", "ready", author)), /an editor marks entries ready/);
  assert.equal(handStatusProblem("submitted", "ready", editor), null);
  assert.match(String(handStatusProblem("submitted", "changes_requested", editor)), /Request changes/);
  assert.match(String(handStatusProblem(null, "published", editor)), /set by composing/);
  assert.match(String(handStatusProblem("in_issue", "draft", editor)), /follows the issue/);
  assert.equal(handStatusProblem("ready", "ready", author), null, "keeping a state is no step");
});
