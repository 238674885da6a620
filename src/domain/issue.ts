import type { Entry } from "./entry.ts";
import { categoryKey, type Taxonomy } from "./taxonomy.ts";

/** The newsletter's identity, from settings: "Alignment Newsletter", "AN", "Rohin". */
export interface Newsletter {
  name: string;
  /** What issue numbers are written with: "AN" gives "AN #53". */
  prefix: string;
  editor: string;
  /** Where the public database lives (the footer links to it), when known. */
  databaseUrl?: string;
  /** Where the archive lives; issue pages are `${archiveUrl}/issues/N`, when known. */
  archiveUrl?: string;
}

export interface IssueMeta {
  number: number;
  /** ISO date, when known. */
  date: string | null;
  subject: string;
  /** Markdown, before the highlights. */
  intro: string;
  /** Where the issue was published (the Mailchimp archive link for AN's). */
  url: string;
}

/** An entry as it sits in an issue: with the editor's ordering and display choices. */
export interface IssueEntry extends Entry {
  /** The editor's order inside its subsection (lower first); null falls back to sheet order. */
  issuePosition: number | null;
  /** Overrides "First Author et al". */
  authorsDisplay: string;
}

export interface IssueCategory {
  name: string;
  entries: IssueEntry[];
}

export interface IssueSection {
  name: string;
  categories: IssueCategory[];
}

/** An issue laid out the way AN looked: highlights, then sections in taxonomy order. */
export interface ComposedIssue {
  newsletter: Newsletter;
  meta: IssueMeta;
  highlights: IssueEntry[];
  sections: IssueSection[];
}

export function isSummarized(e: Pick<Entry, "summary" | "opinion">): boolean {
  return e.summary.trim() !== "" || e.opinion.trim() !== "";
}

/** Summarized entries before link-only ones, then the editor's order, then the sheet's. */
export function compareInSubsection(a: IssueEntry, b: IssueEntry): number {
  const summarized = Number(isSummarized(b)) - Number(isSummarized(a));
  if (summarized) return summarized;
  const pa = a.issuePosition ?? Number.MAX_SAFE_INTEGER;
  const pb = b.issuePosition ?? Number.MAX_SAFE_INTEGER;
  if (pa !== pb) return pa - pb;
  const ra = a.sheetRow ?? Number.MAX_SAFE_INTEGER;
  const rb = b.sheetRow ?? Number.MAX_SAFE_INTEGER;
  return ra !== rb ? ra - rb : a.id - b.id;
}

/** Where a category stands in the taxonomy; unknown categories go after every known one. */
function placeOf(taxonomy: Taxonomy) {
  const places = new Map<string, { section: number; category: number; sectionName: string }>();
  taxonomy.forEach((s, i) => {
    s.categories.forEach((c, j) => {
      places.set(categoryKey(c), { section: i, category: j, sectionName: s.name });
    });
  });
  return (category: string) =>
    places.get(categoryKey(category)) ?? { section: taxonomy.length, category: 0, sectionName: "Other" };
}

/**
 * Lays an issue out: Highlights first (in taxonomy order), then each section with its
 * subsections in taxonomy order; empty ones are left out. A subsection is named as the
 * taxonomy names it, whatever the case an entry spells its category in.
 */
export function composeIssue(
  newsletter: Newsletter,
  meta: IssueMeta,
  entries: readonly IssueEntry[],
  taxonomy: Taxonomy,
): ComposedIssue {
  const place = placeOf(taxonomy);
  const canonical = new Map<string, string>();
  for (const s of taxonomy) for (const c of s.categories) canonical.set(categoryKey(c), c);
  const byPlace = (a: IssueEntry, b: IssueEntry) => {
    const pa = place(a.category);
    const pb = place(b.category);
    // Unknown categories share one place; keep each together, alphabetically.
    // (A plain comparison, not localeCompare: the order must not depend on the machine's locale.)
    const [ka, kb] = [categoryKey(a.category), categoryKey(b.category)];
    const unknown = pa.section === taxonomy.length ? (ka < kb ? -1 : ka > kb ? 1 : 0) : 0;
    return pa.section - pb.section || pa.category - pb.category || unknown || compareInSubsection(a, b);
  };
  const highlights = entries.filter((e) => e.highlight).sort(byPlace);
  const sections: IssueSection[] = [];
  for (const e of entries.filter((x) => !x.highlight).sort(byPlace)) {
    const { sectionName } = place(e.category);
    let section = sections[sections.length - 1];
    if (!section || section.name !== sectionName) {
      section = { name: sectionName, categories: [] };
      sections.push(section);
    }
    const name = canonical.get(categoryKey(e.category)) ?? e.category;
    let category = section.categories[section.categories.length - 1];
    if (!category || categoryKey(category.name) !== categoryKey(name)) {
      category = { name, entries: [] };
      section.categories.push(category);
    }
    category.entries.push(e);
  }
  return { newsletter, meta, highlights, sections };
}

/** Whether `value` is a real day written YYYY-MM-DD (not 2019-02-30): how issue dates are stored. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** "AN #53" */
export function issueLabel(newsletter: Pick<Newsletter, "prefix">, n: number): string {
  return `${newsletter.prefix} #${n}`;
}
