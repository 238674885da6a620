import type { Newsletter } from "../../domain/issue.ts";
import type { Taxonomy } from "../../domain/taxonomy.ts";
import { escapeRegExp } from "../../domain/text.ts";
import { type HeadingIndex, type HeadingLevel, headingIndex, Placement } from "./headings.ts";
import type { EntryFields } from "./labels.ts";
import type { ParsedIssue, ParsedIssueEntry, ReadingStep } from "./types.ts";

export interface EntryHead {
  title: string;
  url: string;
  authors: string;
  summarizer: string | null;
}

/** The warning for an input with nothing in it. */
export const EMPTY = "the input is empty";

/** Collects entries as a reader meets headings and entries, placing each under its heading. */
export class IssueAssembler {
  readonly entries: ParsedIssueEntry[] = [];
  readonly warnings: string[] = [];
  readonly steps: ReadingStep[] = [];
  readonly headings: HeadingIndex;
  readonly placement: Placement;

  constructor(
    taxonomy: Taxonomy,
    readonly newsletter: Newsletter,
  ) {
    this.headings = headingIndex(taxonomy);
    this.placement = new Placement(this.headings);
  }

  heading(text: string, level: HeadingLevel | null, offset: number | null = null): void {
    this.steps.push({ kind: "heading", text, offset });
    if (!this.placement.apply(text, level))
      this.warnings.push(
        `unknown heading "${excerpt(text)}": not a section or category of the taxonomy (entries under it keep the name as written)`,
      );
  }

  /** The X of "X's opinion:" to expect: the summarizer, else the editor. */
  expectedOpinionAuthor(head: EntryHead): string {
    return head.summarizer ?? this.newsletter.editor;
  }

  add(head: EntryHead, fields: EntryFields, offset: number | null = null): void {
    this.steps.push({ kind: "entry", text: head.title, offset });
    const place = this.placement.current();
    if (!place.highlight && !place.section && !place.category)
      this.warnings.push(`"${excerpt(head.title)}" comes before any heading: its section is unknown`);
    this.entries.push({ ...head, ...place, ...fields });
  }

  result(intro: string, number: number | null, url = ""): ParsedIssue {
    const warnings = [...this.warnings];
    if (this.entries.length === 0 && !warnings.includes(EMPTY)) warnings.push("no entries found");
    return { intro: intro.trim(), entries: this.entries, warnings, number, url, steps: this.steps };
  }
}

/** A short quote of some text for a warning. */
export function excerpt(text: string, max = 60): string {
  const t = text.replace(/\s+/g, " ").trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/**
 * The issue's number where a document names itself: "Alignment Newsletter #53" or "AN #53",
 * optionally followed by ": subject". Only whole title lines count, so a cross-reference
 * "(AN #42)" in the intro is never taken for the issue's own number.
 */
export function issueTitleNumber(line: string, newsletter: Newsletter): number | null {
  const names = [newsletter.name, newsletter.prefix].filter((n) => n.trim() !== "").map(escapeRegExp);
  if (names.length === 0) return null;
  const m = new RegExp(`^\\s*(?:${names.join("|")})\\s*#\\s*(\\d+)\\b(?:\\s*[:—–-].*)?\\s*$`, "i").exec(line);
  return m ? Number(m[1]) : null;
}
