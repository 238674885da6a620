/**
 * A candidate for the newsletter as the inbox's model sees it: what a feed, a bibliography or a
 * page says about an item, before anyone has summarized it.
 */
export interface Candidate {
  title: string;
  abstract: string;
  /** Authors as written ("Last, First" or "First Last"). */
  authors: string[];
  /** Journal, conference, blog or forum ("AI Alignment Forum", "arXiv:2006.1234 [cs]"). */
  venue: string;
  /** The kind of item, in Zotero's words: journalArticle, conferencePaper, blogPost, manuscript, report... */
  itemType: string;
  url: string;
  /** YYYY-MM-DD when known. */
  published: string | null;
  /** Tags the source gave it (a bibliography's manual tags: "TechSafety", "DeepMind"). */
  tags: string[];
}

function fold(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
}

/**
 * One key per person however a source writes the name: "Shah, Rohin", "Rohin Shah", "R. Shah*"
 * are all `shah r`. Family name and first initial: two people who share both are rare among a
 * newsletter's authors, and sources disagree on middle names far more often.
 */
export function authorKey(name: string): string | null {
  const clean = fold(name).replace(/[*†‡]/g, "").replace(/\s+/g, " ").trim();
  if (!clean) return null;
  let family: string;
  let given: string;
  const comma = clean.indexOf(",");
  if (comma >= 0) {
    family = clean.slice(0, comma).trim();
    given = clean.slice(comma + 1).trim();
  } else {
    const words = clean.split(" ");
    family = words.at(-1)!;
    given = words.slice(0, -1).join(" ");
  }
  family = family.replace(/[^a-z0-9 -]/g, "").trim();
  if (!family) return null;
  const initial = /[a-z]/.exec(given)?.[0] ?? "";
  return initial ? `${family} ${initial}` : family;
}

/** Authors of a sheet row or a feed: "A, B and C", "A & B", "A; B". */
export function splitAuthors(text: string): string[] {
  return text
    .split(/\s*(?:;|,|\band\b|&)\s*/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0 && !/^(et al\.?|others)$/i.test(s));
}

/** The site an item lives on, without `www.`: arxiv.org, alignmentforum.org, lesswrong.com. */
export function hostOf(url: string): string | null {
  try {
    const host = new URL(url.trim()).hostname.toLowerCase().replace(/^www\./, "");
    return host || null;
  } catch {
    return null;
  }
}

/**
 * A venue with what changes from year to year taken out: "Proceedings of the 36th International
 * Conference on Machine Learning" and "... 37th ..." are one venue; "arXiv:1906.01820 [cs, stat]"
 * is "arxiv".
 */
export function venueKey(venue: string): string | null {
  let v = fold(venue);
  if (/^arxiv\b/.test(v)) return "arxiv";
  v = v
    .replace(/\([^)]*\)/g, " ")
    .replace(/\b\d+(st|nd|rd|th)?\b/g, " ")
    .replace(/\b(proceedings|of|the|on|in|annual|international)\b/g, " ")
    .replace(/[^a-z& ]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return v || null;
}

/** A Zotero date as YYYY-MM-DD when it names a day ("2020-03-30", "2020-03-30 12:00"), else null. */
export function fullDate(date: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date.trim());
  if (!m) return null;
  const [, y, mo, d] = m;
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31) return null;
  return `${y}-${mo}-${d}`;
}

/** A row of a Zotero CSV export (its column names) as a candidate. */
export function candidateFromZotero(row: Readonly<Record<string, string | undefined>>): Candidate {
  const get = (column: string) => (row[column] ?? "").trim();
  return {
    title: get("Title"),
    abstract: get("Abstract Note"),
    authors: get("Author")
      .split(";")
      .map((a) => a.trim())
      .filter(Boolean),
    venue: get("Publication Title"),
    itemType: get("Item Type"),
    url: get("Url"),
    published: fullDate(get("Date")),
    tags: get("Manual Tags")
      .split(";")
      .map((t) => t.trim())
      .filter(Boolean),
  };
}

/**
 * A candidate as a source delivers it to the inbox: the item, the source's own id for it (an arXiv
 * id, a forum post `_id`, a feed entry's guid) so a second fetch of the same item is recognised
 * before any title matching, and who suggested it (the public suggest-a-paper form), which becomes
 * the entry's H/T when the item is picked.
 */
export interface IncomingCandidate extends Candidate {
  externalId: string | null;
  hatTip: string | null;
}
