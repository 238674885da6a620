import type { Newsletter } from "../../domain/issue.ts";
import type { Taxonomy } from "../../domain/taxonomy.ts";
import { EMPTY, IssueAssembler, issueTitleNumber } from "./assemble.ts";
import { parseFlatText } from "./flat-text.ts";
import type { HeadingIndex, HeadingLevel } from "./headings.ts";
import { PLAIN_LABELS } from "./labels.ts";
import { isLabelled, looksLikeHeader, parseTextHeader } from "./text-header.ts";
import type { ParsedIssue, ParseOptions } from "./types.ts";
import { type Block, type EntrySyntax, paragraphsOf, walkIssue } from "./walk.ts";

/** The text renderer's separator between the entries of a subsection. */
const SEPARATOR = "----";

/** An underlined heading ("ITERATED AMPLIFICATION" over a rule of at least six - or =). */
function underlined(text: string): { text: string; level: HeadingLevel } | null {
  const lines = text.split("\n");
  if (lines.length !== 2) return null;
  const rule = /^\s*(=+|-+)\s*$/.exec(lines[1]!);
  const title = lines[0]!.trim();
  if (!rule || rule[1]!.length < 6 || title === "" || title.length > 120) return null;
  return { text: title, level: rule[1]!.startsWith("=") ? "section" : "category" };
}

function blocksOf(source: string, headings: HeadingIndex): Block[] {
  return paragraphsOf(source).map((p): Block => {
    const u = underlined(p.text);
    if (u) return { kind: "heading", ...u, start: p.start, end: p.end };
    if (p.text.trim() === SEPARATOR) return { kind: "separator", ...p };
    // A foreign layout may give a heading a line of its own, not underlined.
    const line = p.text.trim();
    if (!line.includes("\n") && line.length <= 120 && headings.lookup(line).length)
      return { kind: "heading", text: line, level: null, start: p.start, end: p.end };
    return { kind: "paragraph", ...p };
  });
}

function textSyntax(newsletter: Newsletter): EntrySyntax {
  return {
    header: parseTextHeader,
    looksLikeHeader: (p) => looksLikeHeader(p) !== null,
    // After "----" in the renderer's layout almost anything is an entry (a bare title, a title
    // made of links); only a rule of a code block inside a summary is not, and it is followed
    // by more code, or a label, not by a one-line header.
    startsEntry: (p) => {
      const h = parseTextHeader(p);
      return h !== null && !p.slice(0, h.end).includes("\n") && !isLabelled(p);
    },
    separated: (blocks) => blocks.some((b) => b.kind === "separator" || (b.kind === "heading" && b.level)),
    labels: PLAIN_LABELS,
    titleLine: (p, first) => {
      const n = first ? issueTitleNumber(p, newsletter) : null;
      if (n !== null) return { number: n };
      const online = /^View this issue online:\s*<([^<>\s]+)>$/i.exec(p);
      if (online) return { url: online[1]! };
      return /^\d{4}-\d{2}-\d{2}$/.test(p) ? {} : null;
    },
  };
}

/**
 * Reads a plain-text issue: the text renderer's layout (headings underlined, entries
 * separated by "----"), a foreign one with a paragraph per part and no separators (a new
 * entry starts at each paragraph that looks like an entry's header), or an email flattened
 * to one line (flat-text.ts). Fields are plain text, links written `text <url>`.
 */
export function parseIssueText(
  text: string,
  taxonomy: Taxonomy,
  newsletter: Newsletter,
  options: ParseOptions = {},
): ParsedIssue {
  // An email's text part ends with a signature ("-- " on its own line): not part of the issue.
  const source = text
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .replace(/\n-- \n[\s\S]*$/, "\n");
  const a = new IssueAssembler(taxonomy, newsletter);
  const blocks = blocksOf(source, a.headings);
  if (blocks.length === 0) {
    a.warnings.push(EMPTY);
    return a.result("", null);
  }
  const structured = blocks.some((b) => b.kind === "separator" || b.kind === "heading");
  // No headings, no separators, hardly any paragraphs: headings were run into the text.
  if (!structured && blocks.length <= 2) return parseFlatText(source, taxonomy, newsletter, options);
  const { intro, number, url } = walkIssue(source, blocks, textSyntax(newsletter), a);
  const walked = a.result(intro, number, url);
  if (rendererLayout(blocks) || TEXT_LINK.test(source)) return walked;
  // A page copied from a browser (a forum cross-post, a web archive) has a paragraph per
  // part, but a summary's paragraph may look like a header and a link-only entry may share
  // a paragraph with the next: the flat reader weighs the whole issue at once. Its reading
  // is kept when it agrees with the layout (every heading and entry it finds opens a line).
  const flat = parseFlatText(source, taxonomy, newsletter, options);
  return flat.entries.length > 0 && opensLines(flat, source) ? flat : walked;
}

/** The text renderer's own marks: "----" between entries, headings underlined. */
function rendererLayout(blocks: Block[]): boolean {
  return blocks.some((b) => b.kind === "separator" || (b.kind === "heading" && b.level !== null));
}

/** Links written `text <url>`, as the text renderer writes them (the flat reader keeps them in titles). */
const TEXT_LINK = /\S <(?:https?|mailto):[^<>\s]+>/;

/** Every heading and entry of a reading starts a line of the source. */
function opensLines(parsed: ParsedIssue, source: string): boolean {
  return (parsed.steps ?? []).every((step) => {
    if (step.offset === null) return false;
    let i = step.offset - 1;
    while (i >= 0 && (source[i] === " " || source[i] === "\t")) i--;
    return i < 0 || source[i] === "\n";
  });
}
