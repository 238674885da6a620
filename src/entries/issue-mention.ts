import { issueLabel } from "../domain/issue.ts";
import { issueNumberTyped } from "../domain/issue-label.ts";
import { loadNewsletter } from "../newsletter/index.ts";
import { getIssue, type SearchFilters, type Store } from "../store/index.ts";
import { pageOfEntries } from "./overview.ts";
import { publicFilters } from "./public.ts";
import type { SearchResult } from "./search.ts";

/** An issue the reader typed ("AN #53", "#53"): a search box takes them straight to it. */
export interface IssueMention {
  number: number;
  label: string;
  subject: string;
  date: string | null;
  /** Its published entries. */
  entries: number;
}

/**
 * A published issue the reader named the way the newsletter writes them ("AN #53", "an 53",
 * "#53"), or null.
 */
export async function mentionedIssue(store: Store, typed: string): Promise<IssueMention | null> {
  const newsletter = await loadNewsletter(store);
  const number = issueNumberTyped(typed, newsletter.prefix);
  if (number === null) return null;
  const issue = await getIssue(store.db, number);
  if (issue?.status !== "published") return null;
  const entries = await store.search.count({
    query: null,
    filters: publicFilters({ issueFrom: number, issueTo: number }),
  });
  return {
    number,
    label: issueLabel(newsletter, number),
    subject: issue.subject,
    date: issue.date,
    entries,
  };
}

/** An issue's entries as a search result, in the issue's order. */
export async function searchIssueEntries(
  store: Store,
  issue: IssueMention,
  filters: SearchFilters,
  page: { limit: number; offset?: number },
): Promise<SearchResult> {
  const { entries, total } = await pageOfEntries(store, {
    filters: { ...filters, issueFrom: issue.number, issueTo: issue.number },
    order: "oldest",
    limit: page.limit,
    offset: page.offset ?? 0,
  });
  return {
    query: issue.label,
    total,
    truncated: false,
    partial: false,
    results: entries.map((entry) => ({ entry, score: 0, allWords: true, titlePhrase: false })),
  };
}
