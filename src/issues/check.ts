import { categoryKey, type Taxonomy } from "../domain/taxonomy.ts";
import { emailSubject, issueWebUrl } from "../formats/render/email.ts";
import { renderEmailHtml } from "../formats/render/email-html.ts";
import type { IssueView } from "../formats/render/issue-view.ts";
import type { Store } from "../store/index.ts";
import { loadIssueView, loadTaxonomy } from "./load.ts";

export interface IssueProblem {
  /** "error" must be fixed before sending; "warning" is worth a look. */
  severity: "error" | "warning";
  kind:
    | "unresolved_reference"
    | "missing_summary"
    | "empty_section"
    | "unknown_category"
    | "no_entries"
    | "missing_subject"
    | "email_size"
    | "unknown_survey";
  message: string;
  entryId?: number;
  /** The section an empty_section problem names. */
  section?: string;
}

/** Gmail clips a message whose HTML passes 102 KB: the rest, the unsubscribe footer with it, hides behind a link. */
export const GMAIL_CLIP_BYTES = 102 * 1024;
/** The check warns from here: a few more entries, or longer opinions, and the issue is clipped. */
export const EMAIL_SIZE_WARNING_BYTES = 90 * 1024;

/** The size in bytes of the issue email's HTML part (the full edition, the larger), as it is sent. */
export function emailHtmlBytes(view: IssueView): number {
  const html = renderEmailHtml(view, { databaseUrl: view.newsletter.databaseUrl, webUrl: issueWebUrl(view) });
  return Buffer.byteLength(html, "utf8");
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/**
 * What an editor should see before sending: cross-references that resolve to nothing, entries
 * without a summary (they go out as bare links), sections of the taxonomy with nothing in
 * this issue, categories the taxonomy doesn't know, a missing subject, and an email whose
 * HTML nears Gmail's 102 KB clipping.
 */
export function checkIssue(view: IssueView, taxonomy: Taxonomy): IssueProblem[] {
  const problems: IssueProblem[] = [];
  const entries = [
    ...view.highlights,
    ...view.sections.flatMap((s) => s.categories.flatMap((c) => c.entries)),
  ];
  const titles = new Map(entries.map((e) => [e.id, e.title]));
  if (entries.length === 0)
    problems.push({ severity: "error", kind: "no_entries", message: `${view.label} has no entries` });
  for (const u of view.unresolved) {
    const where = u.entryId === null ? "the intro" : `"${titles.get(u.entryId)}" (${u.field})`;
    problems.push({
      severity: "error",
      kind: "unresolved_reference",
      message: `${where}: <@${u.reference.target}@> matches no entry's title; it will show as plain text`,
      entryId: u.entryId ?? undefined,
    });
  }
  // A survey link that goes nowhere would reach every reader: fix it before sending.
  for (const u of view.unknownSurveys ?? []) {
    const where = u.entryId === null ? "the intro" : `"${titles.get(u.entryId)}" (${u.field})`;
    problems.push({
      severity: "error",
      kind: "unknown_survey",
      message: `${where}: {{survey:${u.slug}}} names no survey (summa survey list shows them); it will show as written`,
      entryId: u.entryId ?? undefined,
    });
  }
  for (const e of entries) {
    if (!e.summary && !e.opinion) {
      problems.push({
        severity: "warning",
        kind: "missing_summary",
        message: `"${e.title}" has no summary; it will be listed as a link`,
        entryId: e.id,
      });
    }
  }
  const known = new Set(taxonomy.flatMap((s) => s.categories.map(categoryKey)));
  for (const e of entries) {
    if (!known.has(categoryKey(e.category))) {
      problems.push({
        severity: "warning",
        kind: "unknown_category",
        message: `"${e.title}": category "${e.category}" is not in the taxonomy; it goes last`,
        entryId: e.id,
      });
    }
  }
  const present = new Set(view.sections.map((s) => s.name));
  for (const section of taxonomy) {
    if (!present.has(section.name) && section.categories.length) {
      problems.push({
        severity: "warning",
        kind: "empty_section",
        message: `section "${section.name}" has no entries in ${view.label}`,
        section: section.name,
      });
    }
  }
  if (!view.meta.subject.trim())
    problems.push({
      severity: "warning",
      kind: "missing_subject",
      message: `${view.label} has no subject: the email goes out as "${emailSubject(view)}"`,
    });
  const bytes = emailHtmlBytes(view);
  if (bytes >= EMAIL_SIZE_WARNING_BYTES)
    problems.push({
      severity: "warning",
      kind: "email_size",
      message:
        bytes > GMAIL_CLIP_BYTES
          ? `the email's HTML is ${kb(bytes)}: Gmail clips messages above ${kb(GMAIL_CLIP_BYTES)}, hiding the end of the issue and its unsubscribe footer`
          : `the email's HTML is ${kb(bytes)}, near Gmail's ${kb(GMAIL_CLIP_BYTES)} clipping (which hides the end of the issue and its unsubscribe footer)`,
    });
  return problems;
}

/** The check of a stored issue, as `summa issue check` and the desk show it. */
export async function checkStoredIssue(store: Store, number: number): Promise<IssueProblem[]> {
  return checkIssue(await loadIssueView(store, number), await loadTaxonomy(store));
}
