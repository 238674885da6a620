import { composeIssue, type IssueEntry, type IssueMeta, type Newsletter } from "../../src/domain/issue.ts";
import { buildIssueView, type IssueView } from "../../src/formats/render/issue-view.ts";
import { entryFields } from "./factories.ts";

/** A two-section taxonomy, enough for highlights, sections and subsections. */
export const TEST_TAXONOMY = [
  { name: "Technical AI alignment", categories: ["Interpretability", "Learning human intent"] },
  { name: "Other progress in AI", categories: ["Deep learning"] },
];

export const TEST_NEWSLETTER: Newsletter = { name: "Alignment Newsletter", prefix: "AN", editor: "Rohin" };

let id = 1000;
/** An entry as it sits in an issue, shaped like the sheet's rows. */
export function issueEntry(extra: Partial<IssueEntry> = {}): IssueEntry {
  id++;
  return {
    ...entryFields({ category: "Interpretability" }),
    id,
    sheetRow: id,
    status: "published",
    createdBy: null,
    issuePosition: null,
    authorsDisplay: "",
    ...extra,
  };
}

/** A rendered-ready view of an issue from entries, with no cross-references to resolve. */
export function issueView(
  entries: IssueEntry[],
  meta: Partial<IssueMeta> = {},
  newsletter: Newsletter = TEST_NEWSLETTER,
): IssueView {
  const composed = composeIssue(
    newsletter,
    { number: 53, date: "2019-04-10", subject: "", intro: "", url: "", ...meta },
    entries,
    TEST_TAXONOMY,
  );
  return buildIssueView(composed, () => undefined);
}
