import { type EntryHead, excerpt, type IssueAssembler } from "./assemble.ts";
import type { HeadingLevel } from "./headings.ts";
import { type LabelSyntax, splitFields } from "./labels.ts";

/**
 * The walk the line-based formats (plain text, Markdown) share: title lines, the intro, then
 * headings and entries. A format supplies its blocks and how to read an entry's header.
 */
export type Block =
  | { kind: "heading"; text: string; level: HeadingLevel | null; start: number; end: number }
  | { kind: "separator"; text: string; start: number; end: number }
  | { kind: "paragraph"; text: string; start: number; end: number };

export interface Header extends EntryHead {
  /** Where the summary begins in the paragraph (just after the header's colon), or its end. */
  end: number;
  hasSummary: boolean;
}

export interface EntrySyntax {
  /** The header at the start of an entry's first paragraph. */
  header(paragraph: string): Header | null;
  /** Whether a paragraph starts a new entry in a layout without separators. */
  looksLikeHeader(paragraph: string): boolean;
  /** Whether the paragraph after a separator starts an entry (else the separator was the entry's own). */
  startsEntry(paragraph: string): boolean;
  /**
   * Whether the layout is the renderer's own, whose entries end only at a separator or a
   * heading (a subsection with one entry has no separator); else paragraphs that look like
   * headers start entries.
   */
  separated(blocks: Block[]): boolean;
  labels: LabelSyntax;
  /** Reads the issue's own title lines at the top ("Name #53", a date, the online link). */
  titleLine(paragraph: string, first: boolean): { number?: number; url?: string } | null;
}

export interface Walked {
  intro: string;
  number: number | null;
  url: string;
}

/** Paragraphs: runs of non-blank lines, with where they sit in the text. */
export function paragraphsOf(text: string): { start: number; end: number; text: string }[] {
  const out: { start: number; end: number; text: string }[] = [];
  let start = -1;
  let end = -1;
  let at = 0;
  for (const line of text.split("\n")) {
    if (/\S/.test(line)) {
      if (start < 0) start = at;
      end = at + line.length;
    } else if (start >= 0) {
      out.push({ start, end, text: text.slice(start, end) });
      start = -1;
    }
    at += line.length + 1;
  }
  if (start >= 0) out.push({ start, end, text: text.slice(start, end) });
  return out;
}

export function walkIssue(source: string, blocks: Block[], syntax: EntrySyntax, a: IssueAssembler): Walked {
  let number: number | null = null;
  let url = "";
  let i = 0;
  // The masthead: a paragraph a line, or all its lines in one paragraph.
  for (; i < blocks.length && blocks[i]!.kind !== "separator"; i++) {
    const lines = blocks[i]!.text.split("\n").map((l, j) => syntax.titleLine(l.trim(), i === 0 && j === 0));
    if (lines.some((l) => l === null)) break;
    for (const line of lines) {
      if (line?.number !== undefined) number = line.number;
      if (line?.url) url = line.url;
    }
  }
  const separated = syntax.separated(blocks);
  let introEnd = blocks.findIndex((b, j) => j >= i && b.kind === "heading");
  // No headings: the entries start at the first paragraph that looks like one.
  if (introEnd === -1)
    introEnd = blocks.findIndex((b, j) => j >= i && b.kind === "paragraph" && syntax.looksLikeHeader(b.text));
  if (introEnd === -1) introEnd = blocks.length;
  const introBlocks = blocks.slice(i, introEnd);
  const intro = introBlocks.length
    ? source.slice(introBlocks[0]!.start, introBlocks[introBlocks.length - 1]!.end)
    : "";

  let chunk: Block[] = [];
  const flush = () => {
    while (chunk.length && chunk[chunk.length - 1]!.kind === "separator") chunk.pop();
    if (chunk.length) addEntry(a, source, chunk, syntax);
    chunk = [];
  };
  for (const b of blocks.slice(introEnd)) {
    if (b.kind === "heading") {
      flush();
      a.heading(b.text, b.level, b.start);
    } else if (b.kind === "separator") {
      chunk.push(b); // kept until the next paragraph shows whether it really ends an entry
    } else if (separated) {
      // A rule inside an entry (a summary's own) is followed by no header: it stays in the entry.
      if (chunk[chunk.length - 1]?.kind === "separator" && syntax.startsEntry(b.text)) flush();
      chunk.push(b);
    } else if (syntax.looksLikeHeader(b.text)) {
      flush();
      chunk.push(b);
    } else if (chunk.length) {
      chunk.push(b);
    } else {
      a.warnings.push(`"${excerpt(b.text)}" is not part of any entry: the paragraph was skipped`);
    }
  }
  flush();
  return { intro, number, url };
}

function addEntry(a: IssueAssembler, source: string, chunk: Block[], syntax: EntrySyntax): void {
  const first = chunk[0]!;
  const header = first.kind === "paragraph" ? syntax.header(first.text) : null;
  if (!header) {
    a.warnings.push(`"${excerpt(first.text)}" is not an entry's header: the paragraph was skipped`);
    return;
  }
  const end = chunk[chunk.length - 1]!.end;
  // The body keeps the blank line before the first label: labels are read at paragraph starts.
  const body = source.slice(header.hasSummary ? first.start + header.end : first.end, end);
  const head: EntryHead = {
    title: header.title,
    url: header.url,
    authors: header.authors,
    summarizer: header.summarizer,
  };
  a.add(head, splitFields(body, syntax.labels, a.expectedOpinionAuthor(head)), first.start);
}
