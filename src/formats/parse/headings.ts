import { categoryKey, type Taxonomy } from "../../domain/taxonomy.ts";

/**
 * Headings read back through the taxonomy: "TECHNICAL AI ALIGNMENT" is the section
 * "Technical AI alignment", "ITERATED AMPLIFICATION" a category. Names match the way
 * categories do (case and spacing don't matter); a name can be both a section and a category
 * (AN's "News"), so a lookup gives every reading and the placement decides.
 */
export type HeadingLevel = "section" | "category";

export type HeadingReading =
  | { kind: "highlights"; order: number }
  | { kind: "section"; section: string; order: number }
  | { kind: "category"; section: string; category: string; order: number };

export const HIGHLIGHTS = "Highlights";

export interface HeadingIndex {
  lookup(text: string): HeadingReading[];
  /** Every name a heading can have, longest first (a scanner tries "Machine learning" before "Learning"). */
  names: string[];
  /** The only category of a section that has exactly one ("News" in "News"), else "". */
  soleCategory(section: string): string;
  /**
   * Whether an order falls in a section of announcements (AN's "News": jobs, grants, events),
   * whose entries seldom have authors: 58 of AN's 71 summarized entries without authors are
   * there, and its summaries hold 1 of the 113 "Phrase: Sentence" of prose.
   */
  announces(order: number): boolean;
}

const ANNOUNCEMENTS = /\bnews\b|announcement|opportunit|\bjobs\b/i;

/** Taxonomy order as one number, so "later in the issue" is a comparison: highlights come first. */
const SECTION_STEP = 10_000;
function orderOf(section: number, category: number): number {
  return (section + 1) * SECTION_STEP + (category + 1);
}

/** Which section an order falls in (Highlights and "before any heading" are sections of their own). */
export function sectionOfOrder(order: number): number {
  return Math.floor(order / SECTION_STEP);
}

export function headingIndex(taxonomy: Taxonomy): HeadingIndex {
  const readings = new Map<string, HeadingReading[]>();
  const add = (name: string, r: HeadingReading) => {
    const key = categoryKey(name);
    readings.set(key, [...(readings.get(key) ?? []), r]);
  };
  add(HIGHLIGHTS, { kind: "highlights", order: 0 });
  const sole = new Map<string, string>();
  const announcing = new Set<number>();
  taxonomy.forEach((s, i) => {
    if (ANNOUNCEMENTS.test(s.name)) announcing.add(sectionOfOrder(orderOf(i, -1)));
    add(s.name, { kind: "section", section: s.name, order: orderOf(i, -1) });
    for (const [j, c] of s.categories.entries())
      add(c, { kind: "category", section: s.name, category: c, order: orderOf(i, j) });
    if (s.categories.length === 1) sole.set(categoryKey(s.name), s.categories[0]!);
  });
  const names = [HIGHLIGHTS, ...taxonomy.flatMap((s) => [s.name, ...s.categories])].sort(
    (a, b) => b.length - a.length,
  );
  return {
    lookup: (text) => readings.get(categoryKey(stripHeadingMarks(text))) ?? [],
    names: [...new Set(names)],
    soleCategory: (section) => sole.get(categoryKey(section)) ?? "",
    announces: (order) => announcing.has(sectionOfOrder(order)),
  };
}

/** A heading as written may carry trailing colons or emphasis ("**News:**"). */
function stripHeadingMarks(text: string): string {
  // Trimmed by hand: the regular expression /[\s*_:#]+$/ retries at every mark of a long run
  // that does not end the text (quadratic; the fuzz test found it).
  let start = 0;
  let end = text.length;
  while (start < end && /[\s*_#]/.test(text[start]!)) start++;
  while (end > start && /[\s*_:#]/.test(text[end - 1]!)) end--;
  return text.slice(start, end).replace(/\\(.)/g, "$1").trim();
}

/** Where entries go as headings go by: under Highlights, or in a section and category. */
export class Placement {
  section = "";
  category = "";
  highlight = false;
  /** The taxonomy order of the last known heading, for readers that check headings only go forward. */
  order = -1;

  constructor(private readonly index: HeadingIndex) {}

  /**
   * Applies a heading. `level` is what the layout says (a `#` or `##`, an `=` or `-` rule),
   * when it says. Returns false for a name the taxonomy doesn't know: the caller warns, and
   * the heading still places what follows under its name as written.
   */
  apply(text: string, level: HeadingLevel | null): boolean {
    const reading = this.choose(this.index.lookup(text), level);
    if (!reading) {
      const name = text.trim();
      this.highlight = false;
      if (level === "category") this.category = name;
      else {
        this.section = name;
        this.category = "";
      }
      return false;
    }
    this.order = reading.order;
    if (reading.kind === "highlights") {
      this.highlight = true;
      this.section = "";
      this.category = "";
    } else if (reading.kind === "section") {
      this.highlight = false;
      this.section = reading.section;
      this.category = "";
    } else {
      this.highlight = false;
      this.section = reading.section;
      this.category = reading.category;
    }
    return true;
  }

  private choose(readings: HeadingReading[], level: HeadingLevel | null): HeadingReading | undefined {
    if (readings.length <= 1) return readings[0];
    const byKind = (kind: HeadingReading["kind"]) => readings.find((r) => r.kind === kind);
    if (level) return byKind(level) ?? readings[0];
    // No level in the layout: a name that is a section and its own category is the
    // category right after that section's heading, else the section.
    const category = byKind("category");
    if (category?.kind === "category" && this.section === category.section && this.category === "")
      return category;
    return byKind("section") ?? readings[0];
  }

  /** Where the next entry goes: a section's only category when the layout named just the section. */
  current(): { section: string; category: string; highlight: boolean } {
    if (this.highlight) return { section: "", category: "", highlight: true };
    const category = this.category || (this.section ? this.index.soleCategory(this.section) : "");
    return { section: this.section, category, highlight: false };
  }
}
