import { SummaError } from "../domain/errors.ts";
import { type EmailOptions, renderIssueEmail } from "../formats/render/email.ts";
import { renderIssueHtml } from "../formats/render/html.ts";
import type { IssueView } from "../formats/render/issue-view.ts";
import { renderIssueMarkdown } from "../formats/render/markdown.ts";
import { renderIssueText } from "../formats/render/text.ts";
import { SETTING_DEFAULTS } from "../store/index.ts";

export const ISSUE_FORMATS = ["text", "markdown", "html", "email"] as const;
export type IssueFormat = (typeof ISSUE_FORMATS)[number];

export function parseIssueFormat(value: string): IssueFormat {
  const f = value.toLowerCase() === "md" ? "markdown" : value.toLowerCase();
  if ((ISSUE_FORMATS as readonly string[]).includes(f)) return f as IssueFormat;
  throw new SummaError(
    "export.unknown_format",
    `Unknown issue format "${value}": use ${ISSUE_FORMATS.join(", ")}`,
  );
}

/** What some formats take beyond the issue: the email's sender (from settings, see loadRenderOptions). */
export interface RenderOptions {
  email?: EmailOptions;
}

/** One issue in one format; pure, so the same view always gives the same bytes. */
export function renderIssue(view: IssueView, format: IssueFormat, options: RenderOptions = {}): string {
  switch (format) {
    case "text":
      return renderIssueText(view);
    case "markdown":
      return renderIssueMarkdown(view);
    case "html":
      return renderIssueHtml(view);
    case "email":
      // Without options, the sender is the settings' default, so every format renders from a view alone.
      return renderIssueEmail(
        view,
        options.email ?? { fromAddress: SETTING_DEFAULTS["newsletter.from_address"] },
      );
  }
}
