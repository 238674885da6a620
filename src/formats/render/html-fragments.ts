import { escapeHtml, safeHref } from "./html-escape.ts";
import type { EntryView, IssueView } from "./issue-view.ts";
import { markdown } from "./markdown-engine.ts";
import { titleHasLinks } from "./text.ts";

/**
 * The issue body as HTML fragments, shared by the web page and the email. Structure is
 * semantic and stable (classes entry-title, entry-authors, ...): the HTML parser reads
 * issues back by it. Every text from the database is escaped; Markdown is rendered with raw
 * HTML off and unsafe links dropped.
 */
function link(text: string, url: string, cls: string): string {
  const href = safeHref(url);
  return href
    ? `<a class="${cls}" href="${escapeHtml(href)}">${text}</a>`
    : `<span class="${cls}">${text}</span>`;
}

/** The entry's title: a link to its URL (when that is safe), or the title's own Markdown links. */
export function entryTitleHtml(e: Pick<EntryView, "title" | "url">): string {
  return titleHasLinks(e.title)
    ? `<span class="entry-title">${markdown.renderInline(e.title)}</span>`
    : link(escapeHtml(e.title), e.url, "entry-title");
}

export function entryHeadHtml(e: EntryView): string {
  let head = entryTitleHtml(e);
  if (e.authors) head += ` <span class="entry-authors">(${escapeHtml(e.authors)})</span>`;
  if (e.summarizedBy)
    head += ` <span class="entry-summarizer">(summarized by ${escapeHtml(e.summarizedBy)})</span>`;
  return `<span class="entry-head">${head}</span>`;
}

/** Puts `lead` inside the first paragraph of rendered Markdown (AN ran the label into the text). */
function leadInto(html: string, lead: string): string {
  if (html.startsWith("<p>")) return `<p>${lead} ${html.slice(3)}`;
  return `<p>${lead}</p>\n${html}`;
}

/** What follows the summary: the opinion, prerequisites and read more. */
function entryTailHtml(e: EntryView): string[] {
  const parts: string[] = [];
  if (e.opinion) {
    const label = `<strong class="entry-label">${escapeHtml(e.opinionAuthor)}'s opinion:</strong>`;
    parts.push(`<div class="entry-opinion">${leadInto(markdown.render(e.opinion), label)}</div>`);
  }
  if (e.prerequisites) {
    parts.push(
      `<p class="entry-prerequisites"><strong class="entry-label">Prerequisites:</strong> ${markdown.renderInline(e.prerequisites)}</p>`,
    );
  }
  if (e.readMore) {
    parts.push(
      `<p class="entry-read-more"><strong class="entry-label">Read more:</strong> ${markdown.renderInline(e.readMore)}</p>`,
    );
  }
  return parts;
}

/** Options of the web archive's rendering; emails and feeds use none. */
export interface BodyOptions {
  /** The address of an entry's own page: each entry then ends with a link to it. */
  entryPage?: (id: number) => string;
  /** false: no `id="entry-N"` on each article, for a page (the desk's composer) whose own items carry it. */
  anchors?: boolean;
}

export function entryHtml(e: EntryView, options: BodyOptions = {}): string {
  const head = entryHeadHtml(e);
  const parts: string[] = [];
  const summarized = e.summary || e.opinion;
  if (e.summary)
    parts.push(`<div class="entry-summary">${leadInto(markdown.render(e.summary), `${head}:`)}</div>`);
  else parts.push(`<div class="entry-summary"><p>${head}</p></div>`);
  parts.push(...entryTailHtml(e));
  if (options.entryPage)
    parts.push(
      `<p class="entry-permalink"><a href="${escapeHtml(options.entryPage(e.id))}">Entry page and citations</a></p>`,
    );
  const cls = summarized ? "entry" : "entry link-only";
  const id = options.anchors === false ? "" : ` id="entry-${e.id}"`;
  return `<article class="${cls}"${id}>\n${parts.join("\n")}\n</article>`;
}

/**
 * An entry's texts without its head line (summary, opinion, prerequisites, read more), for
 * the entry's own page, where the title is the heading and the credits are listed apart.
 */
export function entryBodyHtml(e: EntryView): string {
  const parts = e.summary ? [`<div class="entry-summary">\n${markdown.render(e.summary)}</div>`] : [];
  return [...parts, ...entryTailHtml(e)].join("\n");
}

/** The intro's Markdown as HTML ("" without one). */
export function introHtml(view: IssueView): string {
  return view.intro ? markdown.render(view.intro) : "";
}

export function issueBodyHtml(view: IssueView, options: BodyOptions = {}): string {
  const entry = (e: EntryView) => entryHtml(e, options);
  const out: string[] = [];
  if (view.intro) out.push(`<section class="intro">\n${introHtml(view)}</section>`);
  if (view.highlights.length) {
    out.push(
      `<section class="section highlights">\n<h2>Highlights</h2>\n${view.highlights.map(entry).join("\n")}\n</section>`,
    );
  }
  for (const s of view.sections) {
    const cats = s.categories
      .map(
        (c) =>
          `<section class="category">\n<h3>${escapeHtml(c.name)}</h3>\n${c.entries.map(entry).join("\n")}\n</section>`,
      )
      .join("\n");
    out.push(`<section class="section">\n<h2>${escapeHtml(s.name)}</h2>\n${cats}\n</section>`);
  }
  return out.join("\n");
}
