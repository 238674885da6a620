import { SummaError } from "../../domain/errors.ts";

/**
 * A user's search, parsed once and compiled per backend (FTS5 MATCH, PostgreSQL tsquery).
 * Semantics follow web search engines (and PostgreSQL's websearch_to_tsquery):
 *   words          all must match            intrinsic dimension
 *   "a phrase"     words adjacent, in order  "reward modeling"
 *   word*          prefix                    interpret*
 *   a OR b         either                    debate OR amplification
 *   -word, NOT w   must not match            agents -multi
 *   AND            accepted, is the default
 * Anything else a person can type (stray quotes, a lone `*`, punctuation, emoji) is treated as
 * a separator, so every input either parses or gets a clear message: never a syntax error
 * from the database.
 */
export interface Term {
  /** One word, or several for a phrase. Lowercased letters and digits only. */
  words: string[];
  prefix: boolean;
  /**
   * The text as typed ("GPT-3", or a phrase's body), for backends whose own parser must see it:
   * PostgreSQL reads "GPT-3" as `gpt` followed by `-3`, so only its parser finds it again.
   */
  text: string;
}

export interface SearchQuery {
  /** Every group must match; a group matches when any of its terms does. */
  must: Term[][];
  not: Term[];
  /** True when the input had more terms than MAX_TERMS and the rest were dropped. */
  truncated: boolean;
}

export const MAX_TERMS = 64;

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

/** Parses what a user typed. Throws search.invalid_query only when nothing searchable is left. */
export function parseSearchQuery(input: string): SearchQuery {
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

function fts5Term(term: Term): string {
  // Words are letters and digits only, so double-quoting them is always valid FTS5.
  return `"${term.words.join(" ")}"${term.prefix ? "*" : ""}`;
}

/** The FTS5 MATCH expression for a parsed query. */
export function toFts5Match(query: SearchQuery): string {
  const groups = query.must.map((g) =>
    g.length === 1 ? fts5Term(g[0]!) : `(${g.map(fts5Term).join(" OR ")})`,
  );
  let expr = groups.join(" AND ");
  for (const t of query.not) expr = `(${expr}) NOT ${fts5Term(t)}`;
  return expr;
}

/**
 * PostgreSQL tsquery pieces for a parsed query: each term is either a prefix query (lexemes
 * we quote ourselves) or the user's text for phraseto_tsquery, which parses it exactly as
 * to_tsvector parsed the documents. Callers join them with tsquery's && || !! operators.
 */
export type TsTerm = { kind: "prefix"; tsquery: string } | { kind: "phrase"; text: string };

export function toTsTerm(term: Term): TsTerm {
  if (term.prefix) {
    const parts = term.words.map((w, i) => (i === term.words.length - 1 ? `'${w}':*` : `'${w}'`));
    return { kind: "prefix", tsquery: parts.join(" <-> ") };
  }
  return { kind: "phrase", text: term.text };
}
