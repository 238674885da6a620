import { type ReferenceResolver, type ReferenceTarget, referencedTitleKeys } from "../domain/crossref.ts";
import { titleKey } from "../domain/keys.ts";
import { findByTitleKeys, issueUrls, type Store } from "../store/index.ts";

/**
 * A resolver for the cross-references in `texts`, loaded with one query for just the titles
 * they name. When a title was summarized more than once, a reference from issue N means the
 * latest summary before N (else the earliest one). With `publishedOnly` (every public page,
 * feed and API rendering), only published entries are candidates: a reference to a draft
 * shows as its plain text until that entry is published, and its link and issue stay unseen.
 */
export async function loadResolver(
  store: Store,
  texts: string[],
  fromIssue: number | null,
  /** The newsletter's issue prefix ("AN"), for the issue labels links show. */
  prefix: string,
  options: { publishedOnly?: boolean } = {},
): Promise<ReferenceResolver> {
  const keys = referencedTitleKeys(texts);
  const found = keys.length ? await findByTitleKeys(store.db, keys) : [];
  const rows = options.publishedOnly ? found.filter((r) => r.status === "published") : found;
  const urls = await issueUrls(store.db, [
    ...new Set(rows.map((r) => r.issue_number).filter((n): n is number => n !== null)),
  ]);
  const byKey = new Map<string, typeof rows>();
  for (const r of rows) byKey.set(r.title_key, [...(byKey.get(r.title_key) ?? []), r]);
  return (title: string): ReferenceTarget | undefined => {
    const candidates = byKey.get(titleKey(title));
    if (!candidates?.length) return undefined;
    const pick = pickReferenced(candidates, fromIssue);
    const label =
      pick.issue_number !== null
        ? `${prefix} #${pick.issue_number}`
        : /^(n\/a)?$/i.test(pick.issue_label.trim())
          ? ""
          : pick.issue_label;
    const issueUrl =
      pick.issue_url || (pick.issue_number !== null ? (urls.get(pick.issue_number) ?? "") : "");
    return { url: pick.url, issueLabel: label, issueUrl };
  };
}

/**
 * Which of the entries sharing a title a reference from issue `fromIssue` means: the latest
 * one before that issue, else the earliest (unnumbered entries last). Entry pages use it too,
 * so "Cites" and "Cited by" agree with the links the issues render.
 */
export function pickReferenced<T extends { issue_number: number | null }>(
  candidates: readonly T[],
  fromIssue: number | null,
): T {
  const numbered = (n: number | null) => n ?? Number.MAX_SAFE_INTEGER;
  const sorted = [...candidates].sort((a, b) => numbered(a.issue_number) - numbered(b.issue_number));
  const before =
    fromIssue === null ? [] : sorted.filter((c) => c.issue_number !== null && c.issue_number < fromIssue);
  return before.length ? before[before.length - 1]! : sorted[0]!;
}
