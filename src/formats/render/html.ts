import { escapeHtml, safeHref } from "./html-escape.ts";
import { issueBodyHtml } from "./html-fragments.ts";
import type { IssueView } from "./issue-view.ts";

/** The archive's stylesheet for an issue page: readable measure, system fonts, AA contrast. */
export const ISSUE_PAGE_CSS = `
:root { color-scheme: light; --ink: #1d232b; --muted: #55606e; --accent: #0b5cad; --rule: #e3e7ec; --bg: #fbfcfd; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 17px/1.6 Charter, "Bitstream Charter", "Sitka Text", Cambria, Georgia, serif; }
a { color: var(--accent); text-underline-offset: 2px; }
a:focus-visible { outline: 3px solid #f5a623; outline-offset: 2px; }
.masthead { border-bottom: 1px solid var(--rule); background: #fff; }
.masthead .inner, main { max-width: 44rem; margin: 0 auto; padding: 0 1.25rem; }
.masthead .inner { display: flex; align-items: baseline; justify-content: space-between; padding-top: .9rem; padding-bottom: .9rem; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
.masthead .name { font-weight: 700; color: var(--ink); text-decoration: none; letter-spacing: .01em; }
.issue-header { padding: 2.2rem 0 1rem; border-bottom: 1px solid var(--rule); }
.issue-label { margin: 0; font: 600 .85rem/1.4 system-ui, sans-serif; text-transform: uppercase; letter-spacing: .08em; color: var(--muted); }
.issue-header h1 { margin: .3rem 0 .4rem; font-size: 1.9rem; line-height: 1.25; }
.issue-header time { color: var(--muted); font-family: system-ui, sans-serif; font-size: .9rem; }
.intro { padding: 1rem 0; color: #2c3440; }
.section > h2 { margin: 2.2rem 0 .6rem; padding-bottom: .3rem; border-bottom: 2px solid var(--ink); font: 700 1rem/1.3 system-ui, sans-serif; text-transform: uppercase; letter-spacing: .07em; }
.highlights > h2 { border-color: #c77700; color: #8a4f00; }
.category > h3 { margin: 1.6rem 0 .4rem; font: 600 .8rem/1.3 system-ui, sans-serif; text-transform: uppercase; letter-spacing: .08em; color: var(--muted); }
.entry { margin: 0 0 1.4rem; }
.entry p { margin: 0 0 .8rem; }
.entry-title { font-weight: 700; }
.entry-authors, .entry-summarizer { color: var(--muted); }
.entry-label { font-weight: 700; }
.entry-opinion { border-left: 3px solid var(--rule); padding-left: .9rem; }
.link-only p { margin-bottom: .4rem; }
.math { font-family: "STIX Two Math", "Cambria Math", serif; }
.issue-nav { display: flex; justify-content: space-between; margin: 2.5rem 0; padding-top: 1rem; border-top: 1px solid var(--rule); font-family: system-ui, sans-serif; }
footer.site { margin: 3rem 0 2rem; color: var(--muted); font: .85rem/1.5 system-ui, sans-serif; }
@media (max-width: 480px) { body { font-size: 16px; } .issue-header h1 { font-size: 1.5rem; } }
`;

export interface IssuePageLinks {
  previous?: string;
  next?: string;
  /** Feeds to announce in <head>. */
  feeds?: { type: string; href: string; title: string }[];
}

/** The archive's web page for an issue: a complete HTML document. */
export function renderIssueHtml(view: IssueView, links: IssuePageLinks = {}): string {
  const title = view.meta.subject ? `${view.label}: ${view.meta.subject}` : view.heading;
  const feeds = (links.feeds ?? [])
    .map(
      (f) =>
        `<link rel="alternate" type="${escapeHtml(f.type)}" href="${escapeHtml(f.href)}" title="${escapeHtml(f.title)}">`,
    )
    .join("\n");
  const nav = [
    links.previous
      ? `<a rel="prev" href="${escapeHtml(links.previous)}">← Previous issue</a>`
      : "<span></span>",
    links.next ? `<a rel="next" href="${escapeHtml(links.next)}">Next issue →</a>` : "<span></span>",
  ].join("\n");
  const home = safeHref(view.newsletter.archiveUrl ?? "") ?? "/";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — ${escapeHtml(view.newsletter.name)}</title>
${feeds}
<style>${ISSUE_PAGE_CSS}</style>
</head>
<body>
<header class="masthead"><div class="inner"><a class="name" href="${escapeHtml(home)}">${escapeHtml(view.newsletter.name)}</a></div></header>
<main>
<article class="issue" data-issue="${view.meta.number}">
<header class="issue-header">
<p class="issue-label">${escapeHtml(view.heading)}</p>
<h1>${escapeHtml(view.meta.subject || view.heading)}</h1>
${view.meta.date ? `<time datetime="${escapeHtml(view.meta.date)}">${escapeHtml(view.meta.date)}</time>` : ""}
</header>
${issueBodyHtml(view)}
</article>
<nav class="issue-nav" aria-label="Issues">
${nav}
</nav>
</main>
</body>
</html>
`;
}
