import { SummaError } from "../domain/errors.ts";
import type { ComposedIssue } from "../domain/issue.ts";
import { PUBLIC_ISSUES } from "../domain/publication.ts";
import type { IssueView } from "../formats/render/issue-view.ts";
import { findWithdrawal, loadComposedIssue, loadIssueView, withIssueTitles } from "../issues/index.ts";
import {
  adjacentPublishedIssues,
  countIssues,
  type IssueSummary,
  listIssues,
  type Store,
} from "../store/index.ts";

/** Issues per archive page: a year and a half of a weekly newsletter. */
export const ARCHIVE_PAGE_SIZE = 25;

export interface ArchivePage {
  /** Each with its title: its subject, else its highlights' titles (issues/titles.ts). */
  issues: (IssueSummary & { title: string })[];
  /** 1-based. */
  page: number;
  /** At least 1, so an empty archive is "page 1 of 1". */
  pages: number;
  total: number;
}

/**
 * One page of the public archive: published issues, newest first. A page past the last is
 * not found (a stale link), except page 1, which always exists.
 */
export async function loadArchivePage(store: Store, page: number): Promise<ArchivePage> {
  const total = await countIssues(store.db, PUBLIC_ISSUES);
  const pages = Math.max(1, Math.ceil(total / ARCHIVE_PAGE_SIZE));
  if (!Number.isSafeInteger(page) || page < 1 || page > pages)
    throw new SummaError(
      "not_found",
      `The archive has ${pages} page${pages === 1 ? "" : "s"}; there is no page ${page}.`,
    );
  const issues = await listIssues(store.db, {
    ...PUBLIC_ISSUES,
    limit: ARCHIVE_PAGE_SIZE,
    offset: (page - 1) * ARCHIVE_PAGE_SIZE,
  });
  return { issues: await withIssueTitles(store, issues, PUBLIC_ISSUES), page, pages, total };
}

export interface PublicIssue {
  /** The issue with its published entries only. */
  view: IssueView;
  /** The neighbouring published issues' numbers, for previous/next links. */
  previous: number | null;
  next: number | null;
}

/** A published issue as the archive shows it; a draft or unknown issue is not found. */
export async function loadPublicIssue(store: Store, number: number): Promise<PublicIssue> {
  const view = await loadIssueView(store, number, PUBLIC_ISSUES);
  const { previous, next } = await adjacentPublishedIssues(store.db, number);
  return { view, previous, next };
}

/** The newest published issue (for the home page), or null before the first one goes out. */
export async function loadLatestIssue(
  store: Store,
): Promise<{ summary: IssueSummary; view: IssueView } | null> {
  const [summary] = await listIssues(store.db, { ...PUBLIC_ISSUES, limit: 1 });
  if (!summary) return null;
  return { summary, view: await loadIssueView(store, summary.number, PUBLIC_ISSUES) };
}

/** A page of published issues, newest first, with how many there are in all (the API's list). */
export async function listPublicIssues(
  store: Store,
  page: { limit: number; offset: number },
): Promise<{ issues: IssueSummary[]; total: number }> {
  const [issues, total] = await Promise.all([
    listIssues(store.db, { ...PUBLIC_ISSUES, ...page }),
    countIssues(store.db, PUBLIC_ISSUES),
  ]);
  return { issues, total };
}

/** A published issue laid out as sent, with its published entries; a draft or unknown one is not found. */
export function loadPublicComposedIssue(store: Store, number: number): Promise<ComposedIssue> {
  return loadComposedIssue(store, number, PUBLIC_ISSUES);
}

/** A published issue as its renderings read it (see loadPublicComposedIssue). */
export function loadPublicIssueView(store: Store, number: number): Promise<IssueView> {
  return loadIssueView(store, number, PUBLIC_ISSUES);
}

export interface WithdrawnIssue {
  number: number;
  /** ISO time. */
  withdrawnAt: string;
  reason: string;
}

/**
 * A withdrawn issue as its page tells it (when and why, no content), or null when issue N is
 * not withdrawn. Withdrawn issues are in no list, feed or sitemap; only their own address says
 * what became of them.
 */
export function loadWithdrawnIssue(store: Store, number: number): Promise<WithdrawnIssue | null> {
  return findWithdrawal(store, number);
}
