import type { Newsletter } from "../../domain/issue.ts";
import type { Taxonomy } from "../../domain/taxonomy.ts";
import { IssueAssembler, issueTitleNumber } from "./assemble.ts";
import { taxonomyInTextOrder } from "./flat-order.ts";
import { segmentFlatIssue } from "./flat-segment.ts";
import { type EntryFields, FLAT_LABELS, splitFields } from "./labels.ts";
import type { ParsedIssue, ParseOptions } from "./types.ts";

/**
 * The text on one line, runs of whitespace made one space, and where each of its offsets was in
 * `source`; and the same text with a paragraph break (a blank line) kept as "\n" in place of
 * its space, so that offsets agree.
 */
function collapsed(source: string): { s: string; lined: string; where: (offset: number) => number } {
  // One pass over the characters, offsets in a typed array, and the text copied in runs that
  // need no change (a single space stays): a copy of hundreds of kilobytes costs milliseconds.
  const origin = new Int32Array(source.length + 1);
  const parts: string[] = [];
  const linedParts: string[] = [];
  let n = 0;
  let run = 0;
  const flush = (end: number) => {
    const kept = source.slice(run, end);
    parts.push(kept);
    linedParts.push(kept);
  };
  for (let i = 0; i < source.length; ) {
    if (!isSpace(source, i)) {
      origin[n++] = i++;
      continue;
    }
    let j = i + 1;
    while (j < source.length && isSpace(source, j)) j++;
    if (n > 0 && j < source.length && j === i + 1 && source[i] === " ") origin[n++] = i;
    else {
      flush(i);
      // Leading and trailing whitespace goes; any other run becomes one space.
      if (n > 0 && j < source.length) {
        origin[n++] = i;
        parts.push(" ");
        linedParts.push(/\n[^\S\n]*\n/.test(source.slice(i, j)) ? "\n" : " ");
      }
      run = j;
    }
    i = j;
  }
  flush(source.length);
  const s = parts.join("");
  const lined = linedParts.join("");
  // A title or heading found after a space starts at its first character.
  return {
    s,
    lined,
    where: (offset) => {
      const at = s[offset] === " " ? offset + 1 : offset;
      return at < n ? origin[at]! : source.length;
    },
  };
}

/** What `\s` matches, tested by code first: the common cases need no regular expression. */
function isSpace(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c === 32 || (c >= 9 && c <= 13)) return true;
  return c > 127 && /\s/.test(text[i]!);
}

/** A field of a copy by paragraphs (a page copied from a browser) keeps its paragraph breaks. */
function paragraphs(fields: EntryFields): EntryFields {
  const out = { ...fields };
  for (const k of ["summary", "opinion", "prerequisites", "readMore"] as const)
    out[k] = out[k].replace(/\s*\n\s*/g, "\n\n").trim();
  return out;
}

/**
 * An issue's email flattened to one line, as a reader's mail client or an archive copied it:
 * links dropped ("here ."), headings run into the text ("... explain. Technical AI alignment
 * Technical agendas and prioritization Summary of the ..."), summarized entries written
 * `Title (Authors) : summary` or `Title (Authors) (summarized by X): summary`, link-only ones
 * `Title (Authors)` followed directly by the next title or heading.
 *
 * Headers are found by their anchors (a parenthesised group, then " :" or "(summarized by X):");
 * the text between two anchors is: the previous entry's body, link-only entries and headings,
 * then the next title. It is read from the right: the title starts at the last sentence end or
 * heading before the anchor; headings must go forward in taxonomy order (which tells a title
 * that begins with a category's name from the category's heading).
 */
export function parseFlatText(
  source: string,
  taxonomy: Taxonomy,
  newsletter: Newsletter,
  options: ParseOptions = {},
): ParsedIssue {
  const { s, lined, where } = collapsed(source);
  const a = new IssueAssembler(taxonomyInTextOrder(s, taxonomy), newsletter);
  const segments = segmentFlatIssue(s, a.headings, options, lined);
  const none = { summary: "", opinion: "", opinionAuthor: "", prerequisites: "", readMore: "" };
  for (const seg of segments) {
    if (seg.kind === "heading") a.heading(seg.text, seg.level, where(seg.start));
    else {
      // Read from the text with its paragraph breaks: a label opens a paragraph even after a
      // list without a full stop ("Prerequisites: DualDICE" then "Read more: GAIL").
      const body = lined.slice(seg.bodyStart, seg.bodyEnd);
      const fields =
        body.trim() === ""
          ? none
          : paragraphs(splitFields(body, FLAT_LABELS, a.expectedOpinionAuthor(seg.head)));
      a.add(seg.head, fields, where(seg.start));
    }
  }
  // The issue may name itself first ("Alignment Newsletter #53 ..."): its number, not its intro.
  let text = s.slice(0, segments[0]?.start ?? s.length);
  const title = /^\s*(.{0,80}?#\s*\d+)\b/.exec(text);
  const number = title ? issueTitleNumber(title[1]!, newsletter) : null;
  if (number !== null && title) text = text.slice(title[0].length).replace(/^\s*:?\s*/, "");
  return a.result(text, number);
}
