import { SummaError } from "../domain/errors.ts";
import { emailSubject, issueWebUrl } from "../formats/render/email.ts";
import { renderEmailHtml } from "../formats/render/email-html.ts";
import { issueBodyHtml } from "../formats/render/html-fragments.ts";
import type { IssueView } from "../formats/render/issue-view.ts";
import type { Store } from "../store/index.ts";
import { loadIssueView, loadRenderOptions } from "./load.ts";
import { ISSUE_FORMATS, type IssueFormat, renderIssue } from "./render.ts";

/**
 * An issue in every format at once, for the desk's side-by-side preview. The HTML parts are
 * the renderers' own output (every database string escaped, Markdown without raw HTML, only
 * http(s)/mailto links), so a page may embed them as they are.
 */
export interface IssuePreview {
  view: IssueView;
  /** The email's Subject line: "[AN #54] Subject". */
  emailSubject: string;
  text: string;
  markdown: string;
  /** The archive page's body (intro, highlights, sections), without its page around it. */
  htmlBody: string;
  /** The email's HTML part, a complete document with inlined styles. */
  emailHtml: string;
}

/** Renders a stored issue (draft or published) in every format. */
export async function previewIssue(store: Store, number: number): Promise<IssuePreview> {
  const view = await loadIssueView(store, number);
  return {
    view,
    emailSubject: emailSubject(view),
    text: renderIssue(view, "text"),
    markdown: renderIssue(view, "markdown"),
    htmlBody: issueBodyHtml(view),
    emailHtml: emailHtmlOf(view, (await loadRenderOptions(store)).email?.postalAddress),
  };
}

function emailHtmlOf(view: IssueView, postalAddress?: string): string {
  return renderEmailHtml(view, {
    databaseUrl: view.newsletter.databaseUrl,
    webUrl: issueWebUrl(view),
    postalAddress,
  });
}

/** What the desk offers as downloads: the four issue formats and the email's HTML part alone. */
export const DOWNLOAD_FORMATS = [...ISSUE_FORMATS, "email-html"] as const;
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];

export function parseDownloadFormat(value: string): DownloadFormat {
  if ((DOWNLOAD_FORMATS as readonly string[]).includes(value)) return value as DownloadFormat;
  throw new SummaError("not_found", `Unknown format "${value}": use ${DOWNLOAD_FORMATS.join(", ")}`);
}

/** One stored issue in one format, exactly as `summa issue render` gives it. */
export async function renderStoredIssue(
  store: Store,
  number: number,
  format: DownloadFormat,
): Promise<string> {
  const view = await loadIssueView(store, number);
  const options = await loadRenderOptions(store);
  if (format === "email-html") return emailHtmlOf(view, options.email?.postalAddress);
  return renderIssue(view, format as IssueFormat, options);
}
