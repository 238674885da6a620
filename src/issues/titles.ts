import { issueDisplayTitle, stripIssueLabel } from "../domain/issue-subject.ts";
import { highlightTitles, readNewsletterSettings, type Store } from "../store/index.ts";

/**
 * Issues as lists name them (the archive, the home page, the desk): each with `title`, its
 * subject, else its highlights' titles, else "" (domain/issue-subject.ts). One query for the
 * whole list. `publishedOnly` for public lists: only published highlights name an issue.
 */
export async function withIssueTitles<T extends { number: number; subject: string }>(
  store: Store,
  issues: readonly T[],
  options: { publishedOnly?: boolean } = {},
): Promise<(T & { title: string })[]> {
  const prefix = (await readNewsletterSettings(store.db)).issuePrefix;
  const untitled = issues.filter((i) => !stripIssueLabel(i.subject, prefix, i.number));
  const highlights = untitled.length
    ? await highlightTitles(
        store.db,
        untitled.map((i) => i.number),
        options,
      )
    : new Map<number, string[]>();
  return issues.map((i) => ({
    ...i,
    title: issueDisplayTitle(stripIssueLabel(i.subject, prefix, i.number), highlights.get(i.number) ?? []),
  }));
}
