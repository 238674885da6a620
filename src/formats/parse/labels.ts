import { escapeRegExp } from "../../domain/text.ts";
import { escapeMarkdown } from "../render/markdown.ts";

/** Undoes escapeMarkdown (and any other backslash escape of punctuation). */
export function unescapeMarkdown(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, "$1");
}

/**
 * The labelled parts of an entry after its summary: "X's opinion:", "Prerequisites:",
 * "Read more:". Each format writes the labels its own way (plain, in bold, or run into one
 * line), so a syntax says what may precede a label and how the label is wrapped.
 */
export interface LabelSyntax {
  /** What must come right before a label (a blank line, or a sentence's end in flattened text). */
  before: string;
  /** The label's text, as a regular-expression source, wrapped the way the format writes labels. */
  wrap: (inner: string) => string;
  /** How the format escapes a name inside a label, and how to undo it. */
  escape: (name: string) => string;
  unescape: (name: string) => string;
  /**
   * A "Read more:" after any word still labels the entry's last part when what follows is a
   * list to the end (no sentence's end): an opinion may lack its full stop ("... to more
   * complex ones Read more: Cody's longer summary").
   */
  trailingList?: boolean;
}

export const PLAIN_LABELS: LabelSyntax = {
  before: String.raw`(?<=\n[ \t]*\n)`,
  wrap: (inner) => `${inner}:[ \\t]*`,
  escape: (name) => name,
  unescape: (name) => name,
};

export const MARKDOWN_LABELS: LabelSyntax = {
  before: String.raw`(?<=\n[ \t]*\n)`,
  // Foreign Markdown may close the bold before the colon: "**Rohin's opinion**:".
  wrap: (inner) => String.raw`\*\*${inner}(?::\*\*|\*\*:)[ \t]*`,
  escape: escapeMarkdown,
  unescape: unescapeMarkdown,
};

/** Flattened text: a label follows the end of a sentence (or of a link dropped in flattening). */
export const FLAT_LABELS: LabelSyntax = {
  // Also after a figure or a word in capitals: "See also Import AI #183 Rohin's opinion:".
  // Or at a paragraph's start, where a copy kept its paragraphs (flat-text.ts keeps them as "\n").
  // A sentence may close emphasis left in ("... shake out._ Rohin's opinion:").
  before: String.raw`(?<=^\s*|[.!?)\]"'”’\d]\s+|[.!?][_*]+\s+|\b[A-Z]{2,}\s+|\n)`,
  wrap: (inner) => String.raw`${inner}:\s*`,
  escape: (name) => name,
  unescape: (name) => name,
  trailingList: true,
};

/** What a trailing "Read more" list may be: short, and no sentence ends inside it. */
const MAX_TRAILING_LIST = 400;
const SENTENCE_INSIDE = /[.!?]["'”’)\]]*\s+\p{Lu}/u;

const APOSTROPHE = "['’]";
/** A person's name as AN credits it: "Rohin", "Dan H", "Rohin and Robert" (a few words, no colon). */
const NAME = String.raw`[^\s:*'’][^:\n*]{0,60}?`;
/**
 * The longest expected author searched for by name. A longer one (a foreign issue's
 * "(summarized by ...)" running on) is no name: escaped into a pattern it could make one too
 * large to compile (a SyntaxError, found by the fuzz test); NAME finds a real label instead.
 */
const MAX_EXPECTED_AUTHOR = 200;

export interface EntryFields {
  summary: string;
  opinion: string;
  opinionAuthor: string;
  prerequisites: string;
  readMore: string;
}

interface Found {
  start: number;
  end: number;
  name?: string;
}

function firstMatch(text: string, source: string, from: number): Found | null {
  const re = new RegExp(source, "g");
  re.lastIndex = from;
  const m = re.exec(text);
  return m ? { start: m.index, end: m.index + m[0].length, name: m[1] } : null;
}

function lastMatch(text: string, source: string, from: number): Found | null {
  const re = new RegExp(source, "g");
  re.lastIndex = from;
  let found: Found | null = null;
  for (let m = re.exec(text); m; m = re.exec(text)) found = { start: m.index, end: m.index + m[0].length };
  return found;
}

function trailingList(body: string, syntax: LabelSyntax, from: number): Found | null {
  const found = lastMatch(body, `(?<=\\s)${syntax.wrap("Read more")}`, from);
  if (!found) return null;
  const list = body.slice(found.end);
  return list.length <= MAX_TRAILING_LIST && !SENTENCE_INSIDE.test(list) ? found : null;
}

/**
 * Splits what follows an entry's header into its fields. The opinion starts at the first
 * opinion label: preferably the expected author's (the summarizer, else the editor), so that
 * "Paul Christiano's opinion:" inside a summary is not taken for one, and a second opinion
 * inside the first ("**Rohin's opinion:**" in Richard's) stays part of it. Prerequisites and
 * Read more are single paragraphs at the end, so the last of each label counts.
 */
export function splitFields(body: string, syntax: LabelSyntax, expectedAuthor: string): EntryFields {
  const opinionOf = (name: string) => `${syntax.before}${syntax.wrap(`(${name})${APOSTROPHE}s opinion`)}`;
  const opinion =
    (expectedAuthor && expectedAuthor.length <= MAX_EXPECTED_AUTHOR
      ? firstMatch(body, opinionOf(escapeRegExp(syntax.escape(expectedAuthor))), 0)
      : null) ?? firstMatch(body, opinionOf(NAME), 0);
  const after = opinion ? opinion.end : 0;
  const prerequisitesLabel = `${syntax.before}${syntax.wrap("Prerequisites")}`;
  // Prerequisites are a list of titles, with no full stop to end them: a "Read more" label
  // after them needs no sentence's end before it ("Prerequisites: DualDICE Read more: GAIL").
  const listed = lastMatch(body, prerequisitesLabel, after);
  const readMore =
    lastMatch(body, `${syntax.before}${syntax.wrap("Read more")}`, listed?.end ?? after) ??
    (listed ? lastMatch(body, `(?<=\\s)${syntax.wrap("Read more")}`, listed.end) : null) ??
    lastMatch(body, `${syntax.before}${syntax.wrap("Read more")}`, after) ??
    (syntax.trailingList ? trailingList(body, syntax, listed?.end ?? after) : null);
  const prerequisites = lastMatch(readMore ? body.slice(0, readMore.start) : body, prerequisitesLabel, after);
  const cuts = [opinion, prerequisites, readMore].filter((f): f is Found => f !== null);
  const until = (f: Found | null) => {
    if (!f) return "";
    const next = cuts.find((c) => c.start > f.start);
    return body.slice(f.end, next ? next.start : body.length).trim();
  };
  return {
    summary: body.slice(0, cuts[0]?.start ?? body.length).trim(),
    opinion: until(opinion),
    opinionAuthor: opinion ? syntax.unescape(opinion.name ?? "").trim() : "",
    prerequisites: until(prerequisites),
    readMore: until(readMore),
  };
}
