import { SummaError } from "../domain/errors.ts";
import { type ComposedIssue, type IssueEntry, issueLabel } from "../domain/issue.ts";
import { emailSubjectLine, issueDisplayTitle, stripIssueLabel } from "../domain/issue-subject.ts";
import { entryHtml, introHtml } from "../formats/render/html-fragments.ts";
import type { IssueView } from "../formats/render/issue-view.ts";
import {
  countIssuesByStatus,
  findIssueRow,
  type IssueDraftRow,
  type IssueStatus,
  latestAuthorReviews,
  listIssuesByStatus,
  listReadyEntries,
  type ReadyEntryRow,
  type Store,
} from "../store/index.ts";
import { checkIssue, type IssueProblem } from "./check.ts";
import { loadComposedIssue, loadIssueView, loadTaxonomy } from "./load.ts";
import { movability, orderGroup } from "./order.ts";
import { blockingProblems } from "./publish.ts";
import { withIssueTitles } from "./titles.ts";

/** What the desk shows: read-only views for the issue list and the composer. */

/** A row of the desk's issue list, with its title (its subject, else its highlights' titles). */
export type IssueListRow = IssueDraftRow & { title: string };

export interface IssueDraftList {
  /** Every draft and scheduled issue: there are only ever a few. */
  drafts: IssueListRow[];
  /** One page of published (and withdrawn) issues, newest first. */
  published: IssueListRow[];
  page: number;
  pages: number;
  publishedCount: number;
}

export const PUBLISHED_PAGE_SIZE = 50;

/** Published issues and withdrawn ones, which stay listed on the desk. */
const PAST: IssueStatus[] = ["published", "withdrawn"];

/** The issue list: drafts, then published issues a page at a time (page 1 is the newest). */
export async function listIssueDrafts(store: Store, page = 1): Promise<IssueDraftList> {
  const publishedCount = await countIssuesByStatus(store.db, PAST);
  const pages = Math.max(1, Math.ceil(publishedCount / PUBLISHED_PAGE_SIZE));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  return {
    drafts: await withIssueTitles(
      store,
      await listIssuesByStatus(store.db, { status: ["draft", "scheduled"], limit: 1000 }),
    ),
    published: await withIssueTitles(
      store,
      await listIssuesByStatus(store.db, {
        status: PAST,
        limit: PUBLISHED_PAGE_SIZE,
        offset: (current - 1) * PUBLISHED_PAGE_SIZE,
      }),
    ),
    page: current,
    pages,
    publishedCount,
  };
}

/** One group of the composer, as it will appear in the issue. */
export interface ComposerGroup {
  /** "Highlights", or a section's name. */
  heading: string;
  /** Subsections; Highlights has one unnamed subsection. */
  categories: { name: string; entries: IssueEntry[] }[];
}

/**
 * Consecutive entries the editor orders among themselves (order.ts orderGroup): one list the
 * composer lets entries be dragged within. A subsection has up to two (summarized, then links).
 */
export function orderRuns(entries: readonly IssueEntry[]): IssueEntry[][] {
  const runs: IssueEntry[][] = [];
  for (const e of entries) {
    const last = runs[runs.length - 1];
    if (last && orderGroup(last[0]!) === orderGroup(e)) last.push(e);
    else runs.push([e]);
  }
  return runs;
}

/** Each entry as the issue renders it (the archive's and the email's entry HTML), by id. */
function renderedEntries(view: IssueView): Map<number, string> {
  const all = [...view.highlights, ...view.sections.flatMap((s) => s.categories.flatMap((c) => c.entries))];
  return new Map(all.map((e) => [e.id, entryHtml(e, { anchors: false })]));
}

export interface ComposerView {
  number: number;
  label: string;
  status: IssueStatus;
  subject: string;
  /** The email's subject line as it will go out: "[AN #54]: Subject" (domain/issue-subject.ts). */
  subjectLine: string;
  intro: string;
  date: string | null;
  /** When it became (or, scheduled, becomes) public. */
  publishedAt: string | null;
  /** A withdrawn issue's when and why. */
  withdrawnAt: string | null;
  withdrawnReason: string;
  url: string;
  groups: ComposerGroup[];
  entryCount: number;
  /** Whether each entry can move up or down within its run (see order.ts). */
  moves: Map<number, { up: boolean; down: boolean }>;
  /** What needs the editor's decision: the check without its list of empty sections. */
  problems: IssueProblem[];
  blocking: IssueProblem[];
  /** Sections of the taxonomy with no entry in this issue: information, not a problem. */
  emptySections: string[];
  /** Each entry's HTML as the issue shows it (renderer output: escaped, safe links only), by id. */
  rendered: Map<number, string>;
  /** The intro as the issue shows it. */
  introHtml: string;
  /** Ready entries to add (drafts only), filtered by `readyQuery`. */
  ready: ReadyEntryRow[];
  readyQuery: string;
  /** Each entry's latest author review ("approved", "commented", ...), by id; absent when none was asked. */
  authorReviews: Map<number, string>;
}

export const READY_LIMIT = 50;

/** "[AN #54]: Subject", else the highlights' titles, else the newsletter's name: as emailSubject renders it. */
function subjectLineOf(composed: ComposedIssue, subject: string): string {
  const { newsletter, meta } = composed;
  const own = stripIssueLabel(subject, newsletter.prefix, meta.number);
  const title = issueDisplayTitle(
    own,
    composed.highlights.map((h) => h.title),
  );
  return emailSubjectLine(issueLabel(newsletter, meta.number), title, newsletter.name);
}

/** Everything the composer page shows for an issue. */
export async function loadComposer(store: Store, number: number, readyQuery = ""): Promise<ComposerView> {
  const issue = await findIssueRow(store.db, number);
  if (!issue) throw new SummaError("not_found", `There is no issue #${number}`);
  const composed = await loadComposedIssue(store, number);
  const groups: ComposerGroup[] = [];
  if (composed.highlights.length)
    groups.push({ heading: "Highlights", categories: [{ name: "", entries: composed.highlights }] });
  for (const s of composed.sections) groups.push({ heading: s.name, categories: s.categories });
  const inOrder = groups.flatMap((g) => g.categories.flatMap((c) => c.entries));
  const issueView = await loadIssueView(store, number);
  const checked = checkIssue(issueView, await loadTaxonomy(store));
  const problems = checked.filter((p) => p.kind !== "empty_section");
  const emptySections = checked.flatMap((p) => (p.kind === "empty_section" ? [p.section ?? ""] : []));
  const query = readyQuery.trim().slice(0, 200);
  return {
    number,
    label: `${composed.newsletter.prefix} #${number}`.trim(),
    status: issue.status,
    subject: issue.subject,
    subjectLine: subjectLineOf(composed, issue.subject),
    intro: issue.intro,
    date: issue.date,
    publishedAt: issue.status === "scheduled" ? issue.publish_at : issue.published_at,
    withdrawnAt: issue.withdrawn_at,
    withdrawnReason: issue.withdrawn_reason,
    url: issue.url,
    groups,
    entryCount: inOrder.length,
    moves: movability(inOrder),
    problems,
    blocking: blockingProblems(problems),
    emptySections,
    rendered: renderedEntries(issueView),
    introHtml: introHtml(issueView),
    ready:
      issue.status === "draft"
        ? await listReadyEntries(store.db, { titleContains: query, limit: READY_LIMIT })
        : [],
    readyQuery: query,
    authorReviews: new Map(
      [
        ...(await latestAuthorReviews(
          store.db,
          inOrder.map((e) => e.id),
        )),
      ].map(([id, r]) => [id, r.revoked_at ? "withdrawn" : r.state]),
    ),
  };
}
