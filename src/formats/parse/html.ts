import type { AnyNode, Element } from "domhandler";
import { DomUtils, parseDocument } from "htmlparser2";
import { SummaError } from "../../domain/errors.ts";
import type { Newsletter } from "../../domain/issue.ts";
import type { Taxonomy } from "../../domain/taxonomy.ts";
import { MAX_HTML_DEPTH } from "../limits.ts";
import { IssueAssembler, issueTitleNumber } from "./assemble.ts";
import { HIGHLIGHTS } from "./headings.ts";
import { hasClass, inlineMarkdown, isTag, toMarkdown } from "./html-to-markdown.ts";
import { parseIssueMarkdown } from "./markdown.ts";
import type { ParsedIssue } from "./types.ts";

/**
 * Reads an issue's HTML: the archive page or the email, whose body is the renderer's semantic
 * structure (`section.section > h2`, `section.category > h3`, `article.entry` with
 * `.entry-title`, `.entry-authors`, `.entry-summarizer`, `.entry-summary`, `.entry-opinion`,
 * `.entry-prerequisites`, `.entry-read-more`). Fields come back as Markdown. HTML without that
 * structure (a foreign page) is converted to Markdown whole and read as a foreign Markdown issue.
 */
export function parseIssueHtml(html: string, taxonomy: Taxonomy, newsletter: Newsletter): ParsedIssue {
  refuseDeepNesting(html);
  const doc = parseDocument(html, { decodeEntities: true });
  checkDepth(doc.children);
  const all = DomUtils.findAll(() => true, doc.children);
  const articles = all.filter((e) => e.name === "article" && hasClass(e, "entry"));
  if (articles.length === 0) {
    const body = DomUtils.findOne((e) => e.name === "body", doc.children) ?? doc;
    // Offsets into the Markdown made from the page would mislead --explain: none are given.
    const read = parseIssueMarkdown(toMarkdown(body.children), taxonomy, newsletter);
    return { ...read, steps: read.steps?.map((step) => ({ ...step, offset: null })) };
  }
  const a = new IssueAssembler(taxonomy, newsletter);
  const intro = all.find((e) => e.name === "section" && hasClass(e, "intro"));
  for (const el of all) {
    if (el.name === "h2" && isSection(el.parent)) {
      a.heading(hasClass(el.parent, "highlights") ? HIGHLIGHTS : DomUtils.textContent(el), "section");
    } else if (el.name === "h3" && isCategory(el.parent)) {
      a.heading(DomUtils.textContent(el), "category");
    } else if (el.name === "article" && hasClass(el, "entry")) {
      readEntry(el, a);
    }
  }
  return a.result(intro ? toMarkdown(intro.children) : "", issueNumber(all, newsletter));
}

const tooDeep = () =>
  new SummaError("import.too_large", `the HTML is nested more than ${MAX_HTML_DEPTH} levels deep`, {
    depth: MAX_HTML_DEPTH,
  });

/** Tags that close themselves or that a parser may close implicitly: never counted as nesting. */
const NOT_NESTING = new Set(
  "p li td th tr dt dd option optgroup tbody thead tfoot colgroup rp rt h1 h2 h3 h4 h5 h6 form select button body head html br hr img input meta link area base col embed source track wbr param".split(
    " ",
  ),
);

/**
 * The same refusal, before htmlparser2 builds the tree: its closing of a tag searches the open
 * ones, so 100,000 nested tables took seconds before checkDepth could refuse them (the fuzz
 * bench). Counts only tags that nest for certain, and pops to a matching close, so it never
 * sees more depth than the tree has; the stack it keeps stays under the limit.
 */
function refuseDeepNesting(html: string): void {
  const open: string[] = [];
  for (const m of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*?(\/?)>/g)) {
    const name = m[2]!.toLowerCase();
    if (NOT_NESTING.has(name) || m[3] === "/") continue;
    if (m[1] === "/") {
      const at = open.lastIndexOf(name);
      if (at >= 0) open.length = at;
    } else if (open.push(name) > MAX_HTML_DEPTH) throw tooDeep();
  }
}

/**
 * Refuses HTML nested past MAX_HTML_DEPTH: the readers below recurse into the tree (Markdown
 * conversion, text content), and 100,000 nested divs would overflow the stack. htmlparser2
 * builds the tree without recursing, and this walk keeps its own stack.
 */
function checkDepth(roots: AnyNode[]): void {
  const stack: [AnyNode, number][] = roots.map((n) => [n, 1]);
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > MAX_HTML_DEPTH) throw tooDeep();
    if (isTag(node)) for (const child of node.children) stack.push([child, depth + 1]);
  }
}

function isSection(node: AnyNode | null): node is Element {
  return node !== null && isTag(node) && hasClass(node, "section");
}

function isCategory(node: AnyNode | null): node is Element {
  return node !== null && isTag(node) && hasClass(node, "category");
}

/** `<article class="issue" data-issue="53">`, else the label "Alignment Newsletter #53". */
function issueNumber(all: Element[], newsletter: Newsletter): number | null {
  const issue = all.find((e) => e.attribs["data-issue"] !== undefined);
  if (issue && /^\d+$/.test(issue.attribs["data-issue"]!)) return Number(issue.attribs["data-issue"]);
  for (const e of all.filter((x) => hasClass(x, "issue-label") || hasClass(x, "masthead-issue"))) {
    const n = issueTitleNumber(DomUtils.textContent(e).trim(), newsletter);
    if (n !== null) return n;
  }
  return null;
}

function byClass(root: Element, cls: string): Element | null {
  return DomUtils.findOne((e) => hasClass(e, cls), root.children);
}

/** Removes a label (or the entry's head) and the colon that followed it in the text. */
function removeLead(node: Element): void {
  const next = node.next;
  DomUtils.removeElement(node);
  if (next && next.type === "text") {
    const text = next as unknown as { data: string };
    text.data = text.data.replace(/^\s*:?\s*/, "");
  }
}

function readEntry(article: Element, a: IssueAssembler): void {
  const titleEl = byClass(article, "entry-title");
  const linked = titleEl ? DomUtils.findOne((e) => e.name === "a", titleEl.children) : null;
  // A title made of links was rendered inside a span, its links as <a>: it comes back as Markdown.
  const title = !titleEl
    ? ""
    : titleEl.name !== "a" && linked
      ? inlineMarkdown(titleEl.children)
      : DomUtils.textContent(titleEl).trim();
  const url = titleEl?.name === "a" ? (titleEl.attribs.href ?? "") : "";
  const authorsEl = byClass(article, "entry-authors");
  const authors = authorsEl
    ? DomUtils.textContent(authorsEl)
        .trim()
        .replace(/^\(([\s\S]*)\)$/, "$1")
    : "";
  const byEl = byClass(article, "entry-summarizer");
  const by = byEl
    ? /^\(?\s*summarized by\s+([\s\S]*?)\s*\)?$/i.exec(DomUtils.textContent(byEl).trim())
    : null;
  const head = { title, url, authors, summarizer: by ? by[1]!.trim() : null };
  if (!titleEl) a.warnings.push(`an entry (${article.attribs.id ?? "no id"}) has no title`);

  const summaryEl = byClass(article, "entry-summary");
  const headEl = summaryEl && byClass(summaryEl, "entry-head");
  if (headEl) removeLead(headEl);
  const opinionEl = byClass(article, "entry-opinion");
  const label = opinionEl && byClass(opinionEl, "entry-label");
  const opinionAuthor = label
    ? (/^([\s\S]*?)['’]s opinion:?\s*$/.exec(DomUtils.textContent(label).trim())?.[1] ?? "")
    : "";
  if (label) removeLead(label);
  const labelled = (cls: string) => {
    const el = byClass(article, cls);
    if (!el) return "";
    const l = byClass(el, "entry-label");
    if (l) removeLead(l);
    return inlineMarkdown(el.children);
  };
  const opinion = opinionEl ? toMarkdown(opinionEl.children) : "";
  a.add(head, {
    summary: summaryEl ? toMarkdown(summaryEl.children) : "",
    opinion,
    opinionAuthor: opinion ? opinionAuthor.trim() : "",
    prerequisites: labelled("entry-prerequisites"),
    readMore: labelled("entry-read-more"),
  });
}
