import type { Random } from "./random.ts";

/**
 * Mutators: each turns one input into another, deterministically from the generator. The
 * generic ones here work on bytes and know no format; structured.ts has the ones that parse
 * their format first (CSV cells, JSON values, HTML tags, zip entries, mail headers).
 */

/** How far a mutation may go: the test keeps inputs small; the bench script raises these. */
export interface MutationLimits {
  /** Inputs are cut to this many bytes after mutating. */
  maxBytes: number;
  /** The longest run a "huge repeat" inserts. */
  maxRepeat: number;
  /** The deepest nesting a "deep nesting" inserts. */
  maxDepth: number;
}

export interface MutationContext {
  rng: Random;
  limits: MutationLimits;
  /** The target's other seeds, for splicing. */
  seeds: readonly Uint8Array[];
  /** Tokens that mean something in the target's format (`<@`, `](`, `--boundary`...). */
  dictionary: readonly string[];
  /** Open and close marks the format nests (`<div>`/`</div>`, `[`/`]`, `> `/``). */
  nesting: readonly (readonly [string, string])[];
}

export type Mutator = (input: Uint8Array, ctx: MutationContext) => Uint8Array;

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8");

export const utf8 = (s: string): Uint8Array => encoder.encode(s);
export const text = (b: Uint8Array): string => decoder.decode(b);

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function insertAt(input: Uint8Array, at: number, piece: Uint8Array): Uint8Array {
  return concat(input.subarray(0, at), piece, input.subarray(at));
}

/** Where to put something: anywhere, but often at a line start, where formats decide things. */
function position(input: Uint8Array, rng: Random): number {
  const at = rng.int(input.length + 1);
  if (rng.chance(0.5)) return at;
  const nl = input.indexOf(10, at);
  return nl < 0 ? at : nl + 1;
}

/** Tokens every format meets: AN's own syntax, numbers at the edges, links, markup. */
export const COMMON_TOKENS = [
  "<@",
  "@>",
  "<@Title@>(@",
  "](javascript:alert(1))",
  "](",
  "AN #",
  "AN #99999999999999999999",
  "#-1",
  "-1",
  "0",
  "1e309",
  "NaN",
  "9007199254740993",
  "Highlight",
  "http://",
  "https://arxiv.org/abs/",
  "arXiv:1811.07871",
  "doi:10.1000/",
  "http://x/",
  ")",
  "(",
  ".",
  "/",
  "*",
  "_",
  "[",
  "]",
  '"',
  "'",
  ",",
  ";",
  "\t",
  "\r",
  "\r\n",
  "\n\n",
  " ",
  "\u00a0",
  "\u2028",
  "\ufeff",
  "\u202e",
  "\ud83d\ude00",
  "=cmd|' /C calc'!A0",
  "<script>alert(1)</script>",
  "&#0;",
  "&#x110000;",
  "%00",
  "%",
  "\\",
];

const CONTROL = [0, 1, 7, 8, 11, 12, 13, 27, 31, 127];

/** Bytes that are not UTF-8: a lone continuation, an overlong NUL, a surrogate, a cut sequence, Latin-1. */
const INVALID_UTF8 = [[0xff], [0x80], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xe9], [0xf8, 0x88]];

export const flipBits: Mutator = (input, { rng }) => {
  if (input.length === 0) return input;
  const out = input.slice();
  for (let i = rng.between(1, 8); i > 0; i--) out[rng.int(out.length)]! ^= 1 << rng.int(8);
  return out;
};

export const setBytes: Mutator = (input, { rng }) => {
  if (input.length === 0) return input;
  const out = input.slice();
  const values = [0, 0xff, 0x7f, 0x80, 10, 13, 34, 44, 60, 62, 64, 0x20];
  for (let i = rng.between(1, 4); i > 0; i--) out[rng.int(out.length)] = rng.pick(values);
  return out;
};

export const truncate: Mutator = (input, { rng }) => input.subarray(0, rng.int(input.length));

export const deleteChunk: Mutator = (input, { rng }) => {
  const at = rng.int(input.length);
  const n = rng.size(input.length - at);
  return concat(input.subarray(0, at), input.subarray(at + n));
};

export const duplicateChunk: Mutator = (input, { rng }) => {
  if (input.length === 0) return input;
  const at = rng.int(input.length);
  const chunk = input.subarray(at, at + rng.size(input.length - at));
  const times = rng.chance(0.8) ? 1 : rng.between(2, 50);
  return insertAt(input, position(input, rng), concat(...Array.from({ length: times }, () => chunk)));
};

/** A piece of another seed of the same target, inserted or written over this one. */
export const splice: Mutator = (input, { rng, seeds }) => {
  const other = rng.pick(seeds);
  const at = rng.int(other.length);
  const chunk = other.subarray(at, at + rng.size(other.length - at));
  const where = position(input, rng);
  if (rng.chance(0.5)) return insertAt(input, where, chunk);
  return concat(input.subarray(0, where), chunk, input.subarray(where + chunk.length));
};

export const insertControl: Mutator = (input, { rng }) => {
  const bytes = Array.from({ length: rng.between(1, 3) }, () => rng.pick(CONTROL));
  return insertAt(input, position(input, rng), Uint8Array.from(bytes));
};

export const insertInvalidUtf8: Mutator = (input, { rng }) =>
  insertAt(input, rng.int(input.length + 1), Uint8Array.from(rng.pick(INVALID_UTF8)));

export const insertToken: Mutator = (input, { rng, dictionary }) => {
  const token = rng.chance(0.6) && dictionary.length ? rng.pick(dictionary) : rng.pick(COMMON_TOKENS);
  return insertAt(input, position(input, rng), utf8(token));
};

/** A token, or a few bytes of the input, repeated thousands of times: finds quadratic code. */
export const insertHugeRepeat: Mutator = (input, { rng, dictionary, limits }) => {
  let unit: Uint8Array;
  if (rng.chance(0.6) || input.length === 0) {
    unit = utf8(rng.chance(0.5) && dictionary.length ? rng.pick(dictionary) : rng.pick(COMMON_TOKENS));
  } else {
    const at = rng.int(input.length);
    unit = input.subarray(at, at + rng.between(1, 4));
  }
  const length = rng.chance(0.5) ? limits.maxRepeat : rng.between(1000, limits.maxRepeat);
  const times = Math.max(1, Math.floor(length / Math.max(unit.length, 1)));
  const out = new Uint8Array(unit.length * times);
  for (let i = 0; i < times; i++) out.set(unit, i * unit.length);
  return insertAt(input, position(input, rng), out);
};

/** The format's own nesting, thousands deep: finds recursion without a bound. */
export const insertDeepNesting: Mutator = (input, { rng, nesting, limits }) => {
  if (nesting.length === 0) return input;
  const [open, close] = rng.pick(nesting);
  const depth = rng.chance(0.5) ? limits.maxDepth : rng.between(10, limits.maxDepth);
  const closed = rng.chance(0.7);
  const piece = open.repeat(depth) + (closed ? close.repeat(depth) : "");
  return insertAt(input, position(input, rng), utf8(piece));
};

/** Every generic mutator, in the order the bench prints them. */
export const GENERIC_MUTATORS: Record<string, Mutator> = {
  flipBits,
  setBytes,
  truncate,
  deleteChunk,
  duplicateChunk,
  splice,
  insertControl,
  insertInvalidUtf8,
  insertToken,
  insertHugeRepeat,
  insertDeepNesting,
};
