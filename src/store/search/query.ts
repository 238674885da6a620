import { SummaError } from "../../domain/errors.ts";
import { porterStem } from "../../formats/porter.ts";
import type { HighlightTerms } from "../../formats/render/highlight.ts";
import { prefixVariants } from "./prefix.ts";

/**
 * A user's search, parsed once and compiled per backend (FTS5 MATCH, PostgreSQL tsquery).
 * Semantics follow web search engines:
 *   words          any of them; the more of them an entry has, the higher it ranks
 *                                            intrinsic dimension
 *   "a phrase"     words adjacent, in order  "reward modeling"
 *   word*          prefix                    interpret*
 *   a OR b         either (one "word" of the query)
 *                                            debate OR amplification
 *   -word, NOT w   must not match            agents -multi
 *   AND            accepted, changes nothing
 * A query matches the entries that have any of its words (so a natural question never comes
 * back empty because one word is missing); the ranking boosts those with all of them.
 * With `openLast`, the last word is also matched as a prefix: it may still be being typed.
 * Anything else a person can type (stray quotes, a lone `*`, punctuation, emoji) is treated as
 * a separator, so every input either parses or gets a clear message: never a syntax error
 * from the database.
 */
export interface Term {
  /** One word, or several for a phrase. Lowercased letters and digits only. */
  words: string[];
  prefix: boolean;
  /** The last word of a query typed without a trailing `*`: matched as itself and as a prefix. */
  open?: boolean;
  /**
   * The text as typed ("GPT-3", or a phrase's body), for backends whose own parser must see it:
   * PostgreSQL reads "GPT-3" as `gpt` followed by `-3`, so only its parser finds it again.
   */
  text: string;
}

export interface SearchQuery {
  /**
   * The query's words: a group is one word, phrase or prefix, or several joined by OR, and
   * matches when any of its terms does. An entry matches the query when any group does and
   * ranks first when all do.
   */
  must: Term[][];
  not: Term[];
  /** True when the input had more terms than MAX_TERMS and the rest were dropped. */
  truncated: boolean;
}

export const MAX_TERMS = 64;
/** An open last word matches as a prefix from this many characters ("int" but not "in"). */
export const MIN_OPEN_CHARS = 3;

/**
 * A term from a stretch of typed text: its words (at most MAX_TERMS, the rest reported as
 * truncated) and, for PostgreSQL's parser, the same text normalized and cut the same way.
 */
function termOf(typed: string, prefix: boolean): { term: Term; cut: boolean } | null {
  const all = typed.normalize("NFKC").toLowerCase().match(WORD) ?? [];
  if (all.length === 0) return null;
  const cut = all.length > MAX_TERMS;
  const ws = all.slice(0, MAX_TERMS);
  const text = cut ? ws.join(" ") : typed.normalize("NFKC");
  return { term: { words: ws, prefix, text }, cut };
}

interface Token {
  kind: "term" | "or" | "and" | "not";
  term?: Term;
  negated?: boolean;
  /** The term's text had more than MAX_TERMS words. */
  cut?: boolean;
}

const WORD = /[\p{L}\p{N}]+/gu;

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    let negated = false;
    if ((ch === "-" || ch === "!") && i + 1 < input.length && !/\s/.test(input[i + 1]!)) {
      negated = true;
      i++;
    }
    if (input[i] === '"') {
      // An unbalanced quote runs to the end of the input, as search engines do.
      const end = input.indexOf('"', i + 1);
      const body = input.slice(i + 1, end === -1 ? input.length : end);
      i = end === -1 ? input.length : end + 1;
      const prefix = input[i] === "*";
      if (prefix) i++;
      const t = termOf(body, prefix);
      if (t) tokens.push({ kind: "term", term: t.term, negated, cut: t.cut });
      continue;
    }
    let j = i;
    while (j < input.length && !/[\s"]/.test(input[j]!)) j++;
    const raw = input.slice(i, j);
    i = j;
    if (!negated && raw === "OR") tokens.push({ kind: "or" });
    else if (!negated && raw === "AND") tokens.push({ kind: "and" });
    else if (!negated && raw === "NOT") tokens.push({ kind: "not" });
    else {
      // "gpt-3" is the phrase "gpt 3"; a trailing * makes the last word a prefix.
      const t = termOf(raw, /[\p{L}\p{N}]\*+$/u.test(raw));
      if (t) tokens.push({ kind: "term", term: t.term, negated, cut: t.cut });
    }
  }
  return tokens;
}

export interface ParseOptions {
  /** Match the last word as a prefix too (search as you type); from `openFrom` characters on. */
  openLast?: boolean;
  /** The shortest last word matched as a prefix: MIN_OPEN_CHARS unless given (type-ahead: 1). */
  openFrom?: number;
}

/** Parses what a user typed. Throws search.invalid_query only when nothing searchable is left. */
export function parseSearchQuery(input: string, options: ParseOptions = {}): SearchQuery {
  const tokens = tokenize(input);
  const must: Term[][] = [];
  const not: Term[] = [];
  let count = 0;
  let truncated = false;
  let pendingOr = false;
  let pendingNot = false;
  for (const token of tokens) {
    if (token.kind === "or") {
      pendingOr = must.length > 0;
      continue;
    }
    if (token.kind === "and") continue;
    if (token.kind === "not") {
      pendingNot = true;
      continue;
    }
    if (count >= MAX_TERMS) {
      truncated = true;
      break;
    }
    count++;
    if (token.cut) truncated = true;
    const term = token.term!;
    if (token.negated || pendingNot) not.push(term);
    else if (pendingOr) must[must.length - 1]!.push(term);
    else must.push([term]);
    pendingOr = false;
    pendingNot = false;
  }
  const last = tokens.at(-1);
  if (options.openLast && last?.kind === "term" && !last.negated) {
    const term = last.term!;
    // Only a bare last word: a phrase, a quoted word or a word* was finished on purpose.
    const bare =
      !term.prefix &&
      term.words.length === 1 &&
      term.words[0]!.length >= (options.openFrom ?? MIN_OPEN_CHARS);
    if (bare && !/["*]\s*$/.test(input) && must.flat().includes(term)) term.open = true;
  }
  if (must.length === 0) {
    throw new SummaError(
      "search.invalid_query",
      not.length
        ? "The query only excludes words; add at least one word to look for."
        : "The query has no words to search for (letters or digits).",
    );
  }
  return { must, not, truncated };
}

/** FTS5 strings of a term's alternatives: itself, and for a prefix the words its stems need. */
function fts5Alternatives(term: Term): string[] {
  const phrase = term.words.join(" ");
  // Words are letters and digits only, so double-quoting them is always valid FTS5.
  if (!term.prefix && !term.open) return [`"${phrase}"`];
  const head = term.words.slice(0, -1).join(" ");
  const variants = prefixVariants(term.words.at(-1)!).map((w) => `"${head ? `${head} ${w}` : w}"`);
  // No separate exact form for an open word: `word*` and the variants already match it (its
  // stem either starts with the word or is one of the variants' stems), and a second phrase
  // for the same tokens would count the last word twice in bm25.
  return [...new Set([`"${phrase}"*`, ...variants])];
}

function fts5Group(group: Term[]): string {
  const alternatives = group.flatMap(fts5Alternatives);
  return alternatives.length === 1 ? alternatives[0]! : `(${alternatives.join(" OR ")})`;
}

function withExclusions(expr: string, query: SearchQuery): string {
  let out = expr;
  for (const t of query.not) out = `(${out}) NOT ${fts5Group([t])}`;
  return out;
}

/** The FTS5 MATCH expression for entries with every group of the query. */
export function toFts5Match(query: SearchQuery): string {
  return withExclusions(query.must.map(fts5Group).join(" AND "), query);
}

/** The FTS5 MATCH expression for entries with any group of the query: the result set. */
export function toFts5Any(query: SearchQuery): string {
  return withExclusions(query.must.map(fts5Group).join(" OR "), query);
}

/**
 * The query's words as one phrase in the title, when it is two words or more with no OR:
 * "reward modeling" puts "Scalable agent alignment via reward modeling" above entries that
 * mention both words in passing. Null when the query has no such phrase.
 */
export function titlePhrase(query: SearchQuery): Term | null {
  if (query.must.length < 2 || query.must.some((g) => g.length > 1)) return null;
  const terms = query.must.map((g) => g[0]!);
  if (terms.slice(0, -1).some((t) => t.prefix)) return null;
  const last = terms.at(-1)!;
  const words = terms.flatMap((t) => t.words);
  if (words.length > MAX_TERMS) return null;
  return { words, prefix: last.prefix, open: last.open, text: terms.map((t) => t.text).join(" ") };
}

export function toFts5TitlePhrase(query: SearchQuery): string | null {
  const phrase = titlePhrase(query);
  return phrase && withExclusions(`title : ${fts5Group([phrase])}`, query);
}

/** Whether every match of the query has all its groups (one group: nothing to rank first). */
export function isSingleGroup(query: SearchQuery): boolean {
  return query.must.length === 1;
}

/** Whether the query's last word is open (also matched as a prefix). */
export function hasOpenWord(query: SearchQuery): boolean {
  return query.must.some((g) => g.some((t) => t.open));
}

/**
 * The query with its open word taken as typed: entries with the word itself rank above
 * those that only have a longer word starting with it ("memorizing" before "memory").
 */
export function closedQuery(query: SearchQuery): SearchQuery {
  return { ...query, must: query.must.map((g) => g.map((t) => (t.open ? { ...t, open: false } : t))) };
}

/**
 * PostgreSQL tsquery pieces for a parsed query: each alternative of a term is either a prefix
 * query (lexemes we quote ourselves) or text for phraseto_tsquery, which parses it exactly as
 * to_tsvector parsed the documents (a prefix's variants are such words). Callers join them
 * with tsquery's && || !! operators.
 */
export type TsTerm = { kind: "prefix"; tsquery: string } | { kind: "phrase"; text: string };

export function toTsAlternatives(term: Term): TsTerm[] {
  if (!term.prefix && !term.open) return [{ kind: "phrase", text: term.text }];
  const parts = term.words.map((w, i) => (i === term.words.length - 1 ? `'${w}':*` : `'${w}'`));
  const head = term.words.slice(0, -1).join(" ");
  const variants = prefixVariants(term.words.at(-1)!).map(
    (w): TsTerm => ({ kind: "phrase", text: head ? `${head} ${w}` : w }),
  );
  return [{ kind: "prefix", tsquery: parts.join(" <-> ") }, ...variants];
}

/**
 * The words a query looks for, for marking them in a snippet: each word's stem, and each
 * prefix (an open word counts both ways). Excluded words are not marked.
 */
export function highlightTerms(query: SearchQuery): HighlightTerms {
  const stems = new Set<string>();
  const prefixes: string[] = [];
  for (const term of query.must.flat()) {
    const last = term.words.length - 1;
    term.words.forEach((w, i) => {
      const isPrefix = i === last && (term.prefix || term.open);
      if (!isPrefix || term.open) stems.add(porterStem(w));
      if (isPrefix) prefixes.push(w);
    });
  }
  return { stems, prefixes };
}
