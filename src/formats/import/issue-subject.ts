/**
 * The subject an issue's web address holds. AN's Mailchimp campaign pages end in a slug made
 * from the subject line: `an-171-disagreements-between-alignment-optimists-and-pessimists`
 * from "[AN #171]: Disagreements between alignment "optimists" and "pessimists"". The slug keeps
 * the words, lowercased, without punctuation; some glue the number to the first word
 * (`an-62are-adversarial-...`, from a subject typed without a space after the colon); the first
 * 53 issues are bare (`alignment-newsletter-49`) and hold no subject.
 *
 * Capitals and punctuation come back from the issue's own words (its entries' titles and texts):
 * a slug word takes the spelling those texts give it when that spelling says something (an
 * acronym or camel case, "AI", "GPT-3", "OpenAI"; a name capitalised in mid-sentence, "Russell's";
 * an apostrophe or slash, "we're", "discuss/argue"), and stays lowercase otherwise. Pure.
 */

/** The slug's words after `an-N`, or null when the address holds no subject for issue `number`. */
export function subjectSlugWords(url: string, number: number): string[] | null {
  let path: string;
  try {
    path = new URL(url.trim()).pathname;
  } catch {
    return null;
  }
  const last = decodeSegment(path.replace(/\/+$/, "").split("/").pop() ?? "").toLowerCase();
  // The issue's own number, so a subject starting with a number ("an-100what-...") is not misread.
  const head = `an-${number}`;
  if (!last.startsWith(head)) return null;
  const rest = last.slice(head.length);
  // "an-1710-..." is issue 1710, not 171 followed by "0".
  if (/^[0-9]/.test(rest)) return null;
  const words = rest.split("-").filter(Boolean);
  return words.some((w) => /\p{L}/u.test(w)) ? words : null;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A word as a slug writes it: lowercase letters and digits, apostrophes and other marks dropped. */
export function slugTokens(word: string): string[] {
  // Most words are ASCII: decomposing accents is only needed for the others.
  const letters = /[^ -~\s]/.test(word) ? word.normalize("NFKD").replace(/\p{M}/gu, "") : word;
  return letters
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, "")
    .split(/[\s-]+/)
    .filter(Boolean);
}

/** How a spelling of a word was seen. */
interface Seen {
  /** Mid-sentence, capitalised, in prose or a sentence-case title: a name. */
  capital: number;
  /** Mid-sentence, all lowercase. */
  lower: number;
  /** Every occurrence, for the most common punctuation. */
  all: number;
}

/** The longest run of slug words one text word can stand for ("gpt-3" is two). */
const MAX_SPAN = 5;

/** Collects the issue's words that the slug holds, then restores the subject's spelling. */
export class SubjectWords {
  private readonly spellings = new Map<string, Map<string, Seen>>();
  /** How often a run of slug words was written as separate words ("deep RL", not "deep-RL"). */
  private readonly apart = new Map<string, number>();
  private readonly keys: Set<string>;
  /** The slug words one by one: a text word made of anything else is passed over at once. */
  private readonly tokens: Set<string>;

  /**
   * `fallback`: the same words collected over the whole sheet, for a word the issue never writes
   * ("Russell's" in AN #69, whose entries do not name him).
   */
  constructor(
    readonly slug: readonly string[],
    private readonly fallback?: SubjectWords,
  ) {
    this.keys = new Set();
    this.tokens = new Set();
    this.addKeys(slug);
  }

  /** A collector for the words of many slugs (a whole sheet's), to be every issue's fallback. */
  static lexicon(slugs: Iterable<readonly string[]>): SubjectWords {
    const all = new SubjectWords([]);
    for (const slug of slugs) all.addKeys(slug);
    return all;
  }

  private addKeys(slug: readonly string[]): void {
    for (const w of slug) this.tokens.add(w);
    // Stems too, for a possessive the texts never write ("russells": see possessive()).
    for (const w of slug) if (/s$/.test(w)) this.keys.add(w.slice(0, -1));
    for (let i = 0; i < slug.length; i++)
      for (let n = 1; n <= MAX_SPAN && i + n <= slug.length; n++)
        this.keys.add(slug.slice(i, i + n).join("-"));
  }

  /** An entry's title: Title Case titles say nothing about capitals except acronyms. */
  addTitle(title: string): void {
    readTitle(title, [this]);
  }

  /** Prose (a summary, an opinion): a capital after a sentence's start marks a name. */
  addText(text: string): void {
    readText(text, [this]);
  }

  /** One word, already reduced to its slug words (each text is read once for every collector). */
  see(raw: string, tokens: string[], caseUnknown: boolean, run: string[]): void {
    if (tokens.length === 0) return;
    // A word made of anything but slug words ends any run and says nothing.
    for (const t of tokens)
      if (!this.tokens.has(t) && !this.keys.has(t)) {
        run.length = 0;
        return;
      }
    const key = tokens.length === 1 ? tokens[0]! : tokens.join("-");
    // The words just before, to count runs written apart ("deep RL" against "deep-RL").
    run.push(key);
    if (run.length > MAX_SPAN) run.shift();
    let apart = key;
    for (let j = run.length - 2; j >= 0; j--) {
      apart = `${run[j]}-${apart}`;
      if (this.keys.has(apart)) this.apart.set(apart, (this.apart.get(apart) ?? 0) + 1);
    }
    if (!this.keys.has(key)) return;
    const word = trimWord(raw);
    let forms = this.spellings.get(key);
    if (!forms) {
      forms = new Map();
      this.spellings.set(key, forms);
    }
    let seen = forms.get(word);
    if (!seen) {
      seen = { capital: 0, lower: 0, all: 0 };
      forms.set(word, seen);
    }
    seen.all++;
    if (!caseUnknown) {
      if (startsCapital(word)) seen.capital++;
      else if (word === word.toLowerCase()) seen.lower++;
    }
  }

  /**
   * Whether the issue (else the sheet) writes these slug words as one word: "GPT-3",
   * "goal-directed"; not "deep-RL" when "deep RL" is written more often.
   */
  private knows(key: string): boolean {
    const source = this.spellings.has(key) ? this : this.fallback;
    const forms = source?.spellings.get(key);
    if (!source || !forms) return false;
    if (!key.includes("-")) return true;
    const together = [...forms.values()].reduce((s, f) => s + f.all, 0);
    return together > (source.apart.get(key) ?? 0);
  }

  /** The subject: the slug's words, each spelled as the issue spells it, the first capitalised. */
  subject(): string {
    const out: string[] = [];
    for (let i = 0; i < this.slug.length; ) {
      let n = Math.min(MAX_SPAN, this.slug.length - i);
      for (; n > 1; n--) if (this.knows(this.slug.slice(i, i + n).join("-"))) break;
      const key = this.slug.slice(i, i + n).join("-");
      out.push(this.spell(key));
      i += n;
    }
    const text = out.join(" ");
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  private spell(key: string): string {
    if (key === "i") return "I";
    const own = this.spellings.get(key);
    // A word the issue never writes is spelled as the rest of the sheet writes it, when known.
    const forms = [...(own ?? this.fallback?.spellings.get(key) ?? new Map<string, Seen>()).entries()];
    if (forms.length === 0) return this.possessive(key) ?? key;
    const lower = forms.reduce((s, [, f]) => s + f.lower, 0);
    // An acronym or camel case ("AI", "GPT-3", "OpenAI") is written that way, unless the word is
    // mostly lowercase ("an", which the issue's own "AN #42" would otherwise capitalise).
    const acronyms = forms.filter(([w]) => isAcronym(w));
    const acronymCount = acronyms.reduce((s, [, f]) => s + f.all, 0);
    if (acronyms.length && acronymCount >= lower) return mostSeen(acronyms);
    const capital = forms.reduce((s, [, f]) => s + f.capital, 0);
    const spelling = commonSpelling(forms.filter(([w]) => !isAcronym(w)));
    if (capital > 2 * lower) return spelling.charAt(0).toUpperCase() + spelling.slice(1);
    return spelling;
  }

  /** "russells", never written, as "Russell's" when the stem is a name the sheet writes. */
  private possessive(key: string): string | null {
    if (!/^\p{L}{3,}s$/u.test(key)) return null;
    const stem = this.spell(key.slice(0, -1));
    return /^\p{Lu}/u.test(stem) ? `${stem}'s` : null;
  }
}

/** Reads a title into every collector (each with its own run of words). */
function readTitle(title: string, into: readonly SubjectWords[]): void {
  const words = wordsOf(title);
  const long = words.slice(1).filter((w) => /^\p{L}{4,}/u.test(w));
  const titleCase = long.length > 0 && long.filter((w) => /^\p{Lu}/u.test(w)).length >= long.length * 0.6;
  const runs = into.map((): string[] => []);
  words.forEach((w, i) => {
    const tokens = tokensOf(w);
    for (const [k, c] of into.entries()) c.see(w, tokens, i === 0 || titleCase, runs[k]!);
  });
}

/** Reads prose into every collector: a capital after a sentence's start marks a name. */
function readText(text: string, into: readonly SubjectWords[]): void {
  let start = true;
  const runs = into.map((): string[] => []);
  for (const raw of text.split(/\s+/)) {
    if (!raw) continue;
    const tokens = tokensOf(raw);
    for (const [k, c] of into.entries()) c.see(raw, tokens, start, runs[k]!);
    start = /[.!?:]["')\]]*$/.test(raw) || /^[#>*-]+$/.test(raw);
  }
}

/**
 * slugTokens, fast for an ASCII word (most are): Unicode-aware regexes over every word of AN's
 * summaries took seconds.
 */
function tokensOf(raw: string): string[] {
  // Most words are plain lowercase ASCII ("the", "model"): their own one token, without regexes.
  if (PLAIN_LOWER.test(raw)) return [raw];
  if (/[^ -~\s]/.test(raw)) return slugTokens(raw);
  return raw
    .toLowerCase()
    .replace(/[^a-z0-9\s-]/g, "")
    .split("-")
    .filter(Boolean);
}

/** Capitals after a part's first letter: "AI", "GPT-3", "OpenAI"; not "Few-Shot". */
function isAcronym(word: string): boolean {
  return word.split(/[-/]/).some((part) => /\p{Lu}/u.test(part.slice(1)));
}

function mostSeen(forms: [string, Seen][]): string {
  return forms.reduce((best, f) => (f[1].all > best[1].all ? f : best))[0];
}

/**
 * The lowercase spelling seen most, all capitalisations counted together; a spelling with marks
 * ("we're", "Russell's") must be seen more than the plain one ("were") to win.
 */
function commonSpelling(forms: [string, Seen][]): string {
  const counts = new Map<string, number>();
  for (const [w, f] of forms) counts.set(w.toLowerCase(), (counts.get(w.toLowerCase()) ?? 0) + f.all);
  let best = "";
  let bestCount = -1;
  for (const [w, n] of counts) {
    const plain = /^[\p{L}\p{N}]+$/u.test(w);
    const score = n + (plain ? 0.5 : 0);
    if (score > bestCount) [best, bestCount] = [w, score];
  }
  return best;
}

const PLAIN_LOWER = /^[a-z0-9]+$/;

/** /^\p{Lu}/u, without the Unicode regex for an ASCII first letter (most words). */
function startsCapital(word: string): boolean {
  const c = word.charCodeAt(0);
  return c < 128 ? c >= 65 && c <= 90 : /^\p{Lu}/u.test(word);
}
const PLAIN = /^[A-Za-z0-9]+$/;

/** A word without the quotes, brackets and punctuation around it; inner marks stay ("we're"). */
function trimWord(raw: string): string {
  if (PLAIN.test(raw)) return raw;
  return raw.replace(/^[^\p{L}\p{N}]+/u, "").replace(/(?:'s?)?[^\p{L}\p{N}]*$/u, (tail) =>
    // A possessive stays a possessive ("Russell's"); other trailing marks go.
    /^'s/.test(tail) ? "'s" : "",
  );
}

function wordsOf(text: string): string[] {
  return text.split(/\s+/).map(trimWord).filter(Boolean);
}

/**
 * The subject issue `number`'s address holds, spelled as its entries spell it, or null (a bare
 * `alignment-newsletter-49`, another site's address, a campaign id).
 */
export function subjectFromIssueUrl(
  url: string,
  number: number,
  words: { titles: readonly string[]; texts?: readonly string[] },
  fallback?: SubjectWords,
): string | null {
  const slug = subjectSlugWords(url, number);
  if (!slug) return null;
  const collected = new SubjectWords(slug, fallback);
  for (const t of words.titles) collected.addTitle(t);
  for (const t of words.texts ?? []) collected.addText(t);
  return collected.subject();
}

/** More rows than any real issue has: a sheet that files thousands under one number is not read whole. */
const MAX_ROWS_PER_ISSUE = 500;

/**
 * What an import gathers, row by row, to read each issue's subject from its address: the words of
 * the rows of issues whose address holds a subject (only those: a sheet without issue links,
 * like a CSV, keeps nothing). `subjects()` reads them all, each issue against the whole sheet's
 * spellings as a fallback.
 */
export class IssueSubjectSources {
  private readonly issues = new Map<number, { slug: string[]; rows: { title: string; texts: string[] }[] }>();
  private readonly bare = new Set<number>();

  /** A row of issue `number`, whose Email cell links to `url`. */
  add(number: number, url: string, row: { title: string; texts: string[] }): void {
    let issue = this.issues.get(number);
    if (!issue) {
      if (this.bare.has(number) || !url) return;
      const slug = subjectSlugWords(url, number);
      if (!slug) {
        this.bare.add(number);
        return;
      }
      issue = { slug, rows: [] };
      this.issues.set(number, issue);
    }
    if (issue.rows.length < MAX_ROWS_PER_ISSUE) issue.rows.push(row);
  }

  /** Each issue's subject, by number, for the issues whose address holds one. */
  subjects(): Map<number, string> {
    const lexicon = SubjectWords.lexicon([...this.issues.values()].map((i) => i.slug));
    const collectors = [...this.issues].map(([number, issue]) => {
      const words = new SubjectWords(issue.slug, lexicon);
      // Each text is read once, into its issue's collector and the sheet's.
      for (const row of issue.rows) {
        readTitle(row.title, [words, lexicon]);
        for (const t of row.texts) readText(t, [words, lexicon]);
      }
      return [number, words] as const;
    });
    return new Map(collectors.map(([number, words]) => [number, words.subject()]));
  }
}
