/**
 * Editorial review between summarizer and editor: the steps an entry takes from a draft to
 * "ready" and who may take each. Pure rules; entries/review.ts applies them.
 *
 *   draft --submit--> submitted --mark_ready--> ready
 *     ^                 |   \--request_changes--> changes_requested --submit--> submitted
 *     '----withdraw-----'
 *
 * A summarizer (the entry's author) submits and withdraws; an editor (or admin) also requests
 * changes (with a comment, which the service requires) and marks ready, from any review state.
 * Entries in an issue or published are past review: their status follows composing.
 */
import type { EntryStatus } from "./entry.ts";

export type ReviewAction = "submit" | "withdraw" | "request_changes" | "mark_ready";
export const REVIEW_ACTIONS: readonly ReviewAction[] = [
  "submit",
  "withdraw",
  "request_changes",
  "mark_ready",
];

/** The states review moves between (in_issue and published follow from composing). */
export const REVIEW_STATES: readonly EntryStatus[] = ["draft", "submitted", "changes_requested", "ready"];

/** Who is acting on the entry: an editor (entries.write_any), and whether they wrote it. */
export interface Reviewer {
  editor: boolean;
  author: boolean;
}

interface Step {
  from: readonly EntryStatus[];
  to: EntryStatus;
  editorOnly: boolean;
}

const STEPS: Record<ReviewAction, Step> = {
  submit: { from: ["draft", "changes_requested"], to: "submitted", editorOnly: false },
  withdraw: { from: ["submitted"], to: "draft", editorOnly: false },
  request_changes: { from: ["submitted", "ready"], to: "changes_requested", editorOnly: true },
  mark_ready: { from: ["draft", "submitted", "changes_requested"], to: "ready", editorOnly: true },
};

/** The state `action` moves an entry to, or why it cannot (in words for the person). */
export function reviewStep(
  status: EntryStatus,
  action: ReviewAction,
  who: Reviewer,
): { to: EntryStatus } | { problem: string } {
  const step = STEPS[action];
  if (!step) return { problem: `"${action}" is not a review step` };
  if (!who.editor && (step.editorOnly || !who.author))
    return {
      problem: step.editorOnly
        ? "only an editor can request changes or mark an entry ready"
        : "only the entry's author or an editor can do that",
    };
  if (!step.from.includes(status))
    return { problem: `an entry that is ${STATE_WORDS[status]} cannot be ${ACTION_WORDS[action]}` };
  return { to: step.to };
}

/** The steps this person may take on an entry in `status`, in the order the desk shows them. */
export function reviewActions(status: EntryStatus, who: Reviewer): ReviewAction[] {
  return REVIEW_ACTIONS.filter((a) => "to" in reviewStep(status, a, who));
}

/**
 * The status a save by this person leaves: a summarizer who changes an entry already submitted
 * or marked ready takes it back to draft (the editor reviewed other text; they submit again),
 * so a change never slips into an issue unreviewed. An editor's save changes no state.
 */
export function statusAfterEdit(status: EntryStatus, who: Reviewer): EntryStatus {
  if (who.editor) return status;
  return status === "submitted" || status === "ready" ? "draft" : status;
}

/**
 * Whether a status may be chosen by hand in the form or the API's `status` (the same steps as
 * the review buttons, without a comment: so not "changes requested").
 */
export function handStatusProblem(from: EntryStatus | null, to: EntryStatus, who: Reviewer): string | null {
  if (to === "in_issue" || to === "published")
    return `"${to}" is set by composing and publishing issues, not by hand`;
  if (from === to) return null;
  if (to === "changes_requested") return "request changes with the Request changes button and a comment";
  if (to === "ready" && !who.editor) return "an editor marks entries ready; submit it for review instead";
  if (from === "in_issue" || from === "published")
    return `the entry is ${STATE_WORDS[from]}; its status follows the issue`;
  return null;
}

export const STATE_WORDS: Record<EntryStatus, string> = {
  draft: "a draft",
  submitted: "submitted for review",
  changes_requested: "waiting for changes",
  ready: "ready",
  in_issue: "in an issue",
  published: "published",
};

const ACTION_WORDS: Record<ReviewAction, string> = {
  submit: "submitted",
  withdraw: "withdrawn",
  request_changes: "sent back with changes requested",
  mark_ready: "marked ready",
};
