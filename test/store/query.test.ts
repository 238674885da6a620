import assert from "node:assert/strict";
import { describe, test } from "node:test";
import Database from "better-sqlite3";
import { SummaError } from "../../src/domain/errors.ts";
import {
  MAX_TERMS,
  parseSearchQuery,
  type SearchQuery,
  type Term,
  toFts5Any,
  toFts5Match,
  toFts5TitlePhrase,
  toTsAlternatives,
} from "../../src/store/search/query.ts";

/** The query as plain data: groups of terms written `word word*`, for compact assertions. */
function shape(q: SearchQuery): { must: string[][]; not: string[] } {
  const t = (term: Term) => `${term.words.join(" ")}${term.prefix ? "*" : ""}`;
  return { must: q.must.map((g) => g.map(t)), not: q.not.map(t) };
}

const parse = (input: string) => shape(parseSearchQuery(input));

function invalidQuery(match?: RegExp) {
  return (err: unknown) => {
    assert.ok(err instanceof SummaError, String(err));
    assert.equal(err.code, "search.invalid_query");
    if (match) assert.match(err.message, match);
    return true;
  };
}

describe("parseSearchQuery", () => {
  test("words are groups of one term each, lowercased", () => {
    assert.deepEqual(parse("Intrinsic  Dimension"), { must: [["intrinsic"], ["dimension"]], not: [] });
  });

  test("a quoted phrase is one term of several words", () => {
    assert.deepEqual(parse('"reward modeling" agents'), { must: [["reward modeling"], ["agents"]], not: [] });
  });

  test("an unbalanced quote runs to the end of the input", () => {
    assert.deepEqual(parse('agents "reward modeling'), { must: [["agents"], ["reward modeling"]], not: [] });
    assert.throws(() => parseSearchQuery('"'), invalidQuery());
  });

  test("punctuation inside a phrase separates its words", () => {
    assert.deepEqual(parse('"reward-modeling, (RM)"'), { must: [["reward modeling rm"]], not: [] });
  });

  test("word* is a prefix; a phrase can end in one", () => {
    assert.deepEqual(parse("interpret*"), { must: [["interpret*"]], not: [] });
    assert.deepEqual(parse("interpret***"), { must: [["interpret*"]], not: [] });
    assert.deepEqual(parse('"reward mod"*'), { must: [["reward mod*"]], not: [] });
  });

  test("a lone or leading * is a separator, not a prefix", () => {
    assert.deepEqual(parse("agents * debate"), { must: [["agents"], ["debate"]], not: [] });
    assert.deepEqual(parse("*agents"), { must: [["agents"]], not: [] });
    assert.throws(() => parseSearchQuery("*"), invalidQuery());
    assert.throws(() => parseSearchQuery("* ** *"), invalidQuery());
  });

  test("OR joins neighbouring terms into one group", () => {
    assert.deepEqual(parse("debate OR amplification"), { must: [["debate", "amplification"]], not: [] });
    assert.deepEqual(parse("a OR b OR c d"), { must: [["a", "b", "c"], ["d"]], not: [] });
    assert.deepEqual(parse('"reward model" OR rlhf*'), { must: [["reward model", "rlhf*"]], not: [] });
  });

  test("OR with nothing before or after it is ignored", () => {
    assert.deepEqual(parse("OR debate"), { must: [["debate"]], not: [] });
    assert.deepEqual(parse("debate OR"), { must: [["debate"]], not: [] });
    assert.deepEqual(parse("debate OR OR amplification"), { must: [["debate", "amplification"]], not: [] });
  });

  test("AND is accepted and is the default", () => {
    assert.deepEqual(parse("debate AND amplification"), parse("debate amplification"));
    assert.deepEqual(parse("AND debate AND"), { must: [["debate"]], not: [] });
  });

  test("operators are upper case only; lower-case ones are words", () => {
    assert.deepEqual(parse("debate or amplification"), {
      must: [["debate"], ["or"], ["amplification"]],
      not: [],
    });
    assert.deepEqual(parse("not and"), { must: [["not"], ["and"]], not: [] });
  });

  test("-word, !word and NOT word exclude", () => {
    assert.deepEqual(parse("agents -multi"), { must: [["agents"]], not: ["multi"] });
    assert.deepEqual(parse("agents !multi"), { must: [["agents"]], not: ["multi"] });
    assert.deepEqual(parse("agents NOT multi"), { must: [["agents"]], not: ["multi"] });
    assert.deepEqual(parse('agents -"multi agent" -rl*'), {
      must: [["agents"]],
      not: ["multi agent", "rl*"],
    });
  });

  test("NOT applies to the next term only", () => {
    assert.deepEqual(parse("NOT multi agents"), { must: [["agents"]], not: ["multi"] });
  });

  test("a dash followed by a space, or alone, is not an exclusion", () => {
    assert.deepEqual(parse("agents - multi"), { must: [["agents"], ["multi"]], not: [] });
    assert.deepEqual(parse("agents -"), { must: [["agents"]], not: [] });
  });

  test("an exclusion after OR leaves the group as it was", () => {
    assert.deepEqual(parse("debate OR -amplification"), { must: [["debate"]], not: ["amplification"] });
    assert.deepEqual(parse("debate OR NOT amplification ida"), {
      must: [["debate"], ["ida"]],
      not: ["amplification"],
    });
  });

  test('"gpt-3" is the phrase gpt 3, and keeps the text as typed', () => {
    const q = parseSearchQuery("GPT-3");
    assert.deepEqual(shape(q), { must: [["gpt 3"]], not: [] });
    assert.equal(q.must[0]![0]!.text, "GPT-3");
    assert.deepEqual(parse("gpt-3*"), { must: [["gpt 3*"]], not: [] });
    assert.deepEqual(parse("x -gpt-3"), { must: [["x"]], not: ["gpt 3"] });
  });

  test("letters and digits of any script are words; NFKC folds compatibility forms", () => {
    assert.deepEqual(parse("Schrödinger 人工知能"), { must: [["schrödinger"], ["人工知能"]], not: [] });
    assert.deepEqual(parse("ＧＰＴ－３"), { must: [["gpt 3"]], not: [] });
    assert.deepEqual(parse("ﬁne-tuning"), { must: [["fine tuning"]], not: [] });
  });

  test("punctuation and emoji are separators", () => {
    assert.deepEqual(parse("(debate)... 🙂 [amplification]!"), {
      must: [["debate"], ["amplification"]],
      not: [],
    });
  });

  test("nothing searchable is search.invalid_query with a clear message", () => {
    for (const input of ["", "   ", "🙂🙂🙂", "!!! ??? ...", '""', "OR AND NOT", "* - !", "\u200b\u200d"]) {
      assert.throws(() => parseSearchQuery(input), invalidQuery(/no words/), JSON.stringify(input));
    }
  });

  test("only exclusions is search.invalid_query", () => {
    for (const input of ["-multi", "NOT multi", "-a -b", '-"multi agent"', "!x"]) {
      assert.throws(() => parseSearchQuery(input), invalidQuery(/only excludes/), input);
    }
  });

  test("10 kB of text is cut to MAX_TERMS terms and flagged", () => {
    const words = Array.from({ length: 2000 }, (_, i) => `w${i}`);
    const input = words.join(" ").slice(0, 10_000);
    assert.ok(input.length >= 9_000);
    const q = parseSearchQuery(input);
    assert.equal(q.truncated, true);
    const terms = q.must.flat().length + q.not.length;
    assert.equal(terms, MAX_TERMS);
    assert.deepEqual(q.must[0]![0]!.words, ["w0"]);
  });

  test("exactly MAX_TERMS terms is not truncated", () => {
    const q = parseSearchQuery(Array.from({ length: MAX_TERMS }, (_, i) => `w${i}`).join(" "));
    assert.equal(q.truncated, false);
    assert.equal(q.must.length, MAX_TERMS);
    assert.equal(parseSearchQuery("a b").truncated, false);
  });

  test("exclusions count toward MAX_TERMS", () => {
    const input = `keep ${Array.from({ length: 100 }, (_, i) => `-x${i}`).join(" ")}`;
    const q = parseSearchQuery(input);
    assert.equal(q.truncated, true);
    assert.equal(q.must.flat().length + q.not.length, MAX_TERMS);
  });

  test("a huge phrase or hyphenated word keeps at most MAX_TERMS words, and a bounded text", () => {
    const long = Array.from({ length: 3000 }, (_, i) => `w${i}`);
    for (const input of [`"${long.join(" ")}"`, long.join("-")]) {
      const term = parseSearchQuery(input).must[0]![0]!;
      assert.ok(term.words.length <= MAX_TERMS, `${term.words.length} words`);
      assert.ok(term.text.length <= 1000, `${term.text.length} chars of text`);
    }
  });
});

describe("toFts5Match", () => {
  const fts = (input: string) => toFts5Match(parseSearchQuery(input));

  test("compiles each construct", () => {
    assert.equal(fts("intrinsic dimension"), '"intrinsic" AND "dimension"');
    assert.equal(fts('"reward modeling"'), '"reward modeling"');
    assert.equal(fts("interpret*"), '"interpret"*');
    assert.equal(fts("gpt-3"), '"gpt 3"');
    assert.equal(fts("debate OR amplification ida"), '("debate" OR "amplification") AND "ida"');
    assert.equal(fts("agents -multi -rl*"), '(("agents") NOT "multi") NOT "rl"*');
  });

  test("the result set is any word; the tiers are all words, and the words as a phrase in the title", () => {
    const q = parseSearchQuery("reward modeling -atari");
    assert.equal(toFts5Any(q), '("reward" OR "modeling") NOT "atari"');
    assert.equal(toFts5Match(q), '("reward" AND "modeling") NOT "atari"');
    assert.equal(toFts5TitlePhrase(q), '(title : "reward modeling") NOT "atari"');
    assert.equal(toFts5TitlePhrase(parseSearchQuery("reward")), null, "one word is no phrase");
    assert.equal(toFts5TitlePhrase(parseSearchQuery("reward OR model")), null, "nor an OR");
  });

  test("a prefix also searches the stems of the words it can become that prefix* cannot reach", () => {
    // "interpretability" is indexed as "interpret": "interpretab"* alone matches no token.
    assert.equal(fts("interpretab*"), '("interpretab"* OR "interpretably")');
    assert.equal(fts('"inner alignm"*'), '("inner alignm"* OR "inner alignment")');
    // An open last word is matched as a prefix (its stem reaches the word itself).
    const open = parseSearchQuery("inner alignm", { openLast: true });
    assert.equal(toFts5Match(open), '"inner" AND ("alignm"* OR "alignment")');
  });

  test("user syntax never reaches FTS5", () => {
    // Column filters, NEAR groups, ^ anchors and a bare * are FTS5 syntax: here they are only separators.
    assert.equal(
      fts('title:foo NEAR(a b) "x" ^start col:*'),
      '"title foo" AND "near a" AND "b" AND "x" AND "start" AND "col"',
    );
  });
});

describe("toTsAlternatives", () => {
  const tsTerms = (input: string) => {
    const q = parseSearchQuery(input);
    const first = (t: Term) => toTsAlternatives(t)[0]!;
    return { must: q.must.map((g) => g.map(first)), not: q.not.map(first) };
  };

  test("a prefix term is a tsquery of quoted lexemes, the last one a prefix", () => {
    assert.deepEqual(tsTerms("interpret*").must, [[{ kind: "prefix", tsquery: "'interpret':*" }]]);
    assert.deepEqual(tsTerms("GPT-3*").must, [[{ kind: "prefix", tsquery: "'gpt' <-> '3':*" }]]);
    assert.deepEqual(tsTerms('"reward mod"*').must, [[{ kind: "prefix", tsquery: "'reward' <-> 'mod':*" }]]);
  });

  test("other terms are the text as typed, for phraseto_tsquery", () => {
    assert.deepEqual(tsTerms('GPT-3 "Reward  Modeling" -Multi').must, [
      [{ kind: "phrase", text: "GPT-3" }],
      [{ kind: "phrase", text: "Reward  Modeling" }],
    ]);
    assert.deepEqual(tsTerms("agents -Multi").not, [{ kind: "phrase", text: "Multi" }]);
  });
});

/** A deterministic generator, so a failure names a reproducible input. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  ..."\"'*-!()[]{}:^~\\/,.;<>|&+=?@#$%`_",
  " ",
  "  ",
  "\t",
  "\n",
  "\u00a0",
  "\u3000",
  "OR",
  "AND",
  "NOT",
  " OR ",
  " AND ",
  " NOT ",
  " -",
  ' "',
  "* ",
  "NEAR",
  "or",
  "gpt-3",
  "word",
  "Ünïcödé",
  "人工知能",
  "🙂",
  "👩‍👩‍👧",
  "\u0301",
  "\u200b",
  "ﬁ",
  "２",
  "ǅ",
  "İ",
  "\ud800",
  "\udfff",
  "'; DROP TABLE entries; --",
  '"*',
  '-"',
];

function randomQuery(next: () => number): string {
  const n = Math.floor(next() * 24);
  let s = "";
  for (let i = 0; i < n; i++) {
    const r = next();
    if (r < 0.6) s += PIECES[Math.floor(next() * PIECES.length)];
    else if (r < 0.8) s += String.fromCharCode(Math.floor(next() * 0x80));
    else if (r < 0.95) s += String.fromCharCode(Math.floor(next() * 0x10000));
    else s += String.fromCodePoint(0x10000 + Math.floor(next() * 0x100000));
  }
  return s;
}

/** FTS5's grammar, restricted to what may reach it: quoted letter/digit words, * , AND, OR, NOT and parentheses. */
function isSafeFts5(expr: string): boolean {
  const tokens = expr.match(/"[\p{L}\p{N}]+(?: [\p{L}\p{N}]+)*"\*?|\(|\)| AND | OR | NOT |./gsu) ?? [];
  if (tokens.join("") !== expr) return false;
  let i = 0;
  const operand = (): boolean => {
    const t = tokens[i];
    if (t === "(") {
      i++;
      if (!expression() || tokens[i] !== ")") return false;
      i++;
      return true;
    }
    if (t?.startsWith('"')) {
      i++;
      return true;
    }
    return false;
  };
  const expression = (): boolean => {
    if (!operand()) return false;
    while (tokens[i] === " AND " || tokens[i] === " OR " || tokens[i] === " NOT ") {
      i++;
      if (!operand()) return false;
    }
    return true;
  };
  return expression() && i === tokens.length;
}

const SAFE_TS_PREFIX = /^(?:'[\p{L}\p{N}]+' <-> )*'[\p{L}\p{N}]+':\*$/u;

describe("fuzz: any input parses to safe backend syntax or fails with search.invalid_query", () => {
  test("the grammar check itself rejects unsafe expressions", () => {
    assert.ok(isSafeFts5('("a" OR "b c"*) AND "d"'));
    assert.ok(isSafeFts5('(("a") NOT "b") NOT "c"*'));
    for (const bad of [
      '"a" AND',
      '"a"b"',
      'col:"a"',
      '"a" NEAR "b"',
      '("a"',
      '"a-b"',
      '"a" and "b"',
      "a",
      '""',
    ]) {
      assert.ok(!isSafeFts5(bad), bad);
    }
  });

  test("500 random strings", () => {
    const next = rng(20240917);
    const db = new Database(":memory:");
    db.exec("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='porter unicode61 remove_diacritics 2')");
    db.prepare("INSERT INTO t(body) VALUES (?)").run(
      "gpt 3 reward modeling word ünïcödé 人工知能 or and not",
    );
    const match = db.prepare("SELECT count(*) AS n FROM t WHERE t MATCH ?");
    let parsed = 0;
    const seen = { or: 0, not: 0, prefix: 0, phrase: 0 };
    try {
      for (let k = 0; k < 500; k++) {
        const input = randomQuery(next);
        const where = `input #${k}: ${JSON.stringify(input)}`;
        let q: SearchQuery;
        try {
          q = parseSearchQuery(input);
        } catch (err) {
          assert.ok(err instanceof SummaError && err.code === "search.invalid_query", `${where}: ${err}`);
          continue;
        }
        parsed++;
        if (q.must.some((g) => g.length > 1)) seen.or++;
        if (q.not.length) seen.not++;
        if ([...q.must.flat(), ...q.not].some((t) => t.prefix)) seen.prefix++;
        if ([...q.must.flat(), ...q.not].some((t) => t.words.length > 1)) seen.phrase++;
        assert.ok(q.must.length > 0, where);
        for (const term of [...q.must.flat(), ...q.not]) {
          assert.ok(term.words.length > 0 && term.words.length <= MAX_TERMS, where);
          for (const w of term.words) assert.match(w, /^[\p{L}\p{N}]+$/u, where);
          for (const ts of toTsAlternatives(term)) {
            if (ts.kind === "prefix") assert.match(ts.tsquery, SAFE_TS_PREFIX, where);
            else {
              assert.ok(ts.text.length > 0 && ts.text.length <= 1000, where);
              assert.match(ts.text.normalize("NFKC"), /[\p{L}\p{N}]/u, where);
            }
          }
        }
        for (const expr of [toFts5Match(q), toFts5Any(q)]) {
          assert.ok(isSafeFts5(expr), `${where} -> ${expr}`);
          assert.doesNotThrow(() => match.get(expr), `${where} -> ${expr}`);
        }
      }
    } finally {
      db.close();
    }
    assert.ok(parsed > 200, `only ${parsed} of 500 inputs parsed: the generator is too hostile to test much`);
    // The random inputs reach every construct, not only plain words.
    for (const [kind, n] of Object.entries(seen))
      assert.ok(n >= 10, `only ${n} queries with ${kind}: ${JSON.stringify(seen)}`);
  });
});

describe("the open last word", () => {
  const openOf = (input: string) =>
    parseSearchQuery(input, { openLast: true })
      .must.flat()
      .filter((t) => t.open)
      .map((t) => t.words.join(" "));

  test("the last bare word of 3 characters or more is open; a finished one is not", () => {
    assert.deepEqual(openOf("reward mod"), ["mod"]);
    assert.deepEqual(openOf("interp"), ["interp"]);
    assert.deepEqual(openOf("in"), [], "too short to be a prefix worth matching");
    assert.deepEqual(
      parseSearchQuery("saliency m", { openLast: true, openFrom: 1 })
        .must.flat()
        .filter((t) => t.open)
        .map((t) => t.words.join(" ")),
      ["m"],
      "type-ahead opens the last word from its first letter",
    );
    assert.deepEqual(openOf("reward mod*"), [], "an explicit prefix");
    assert.deepEqual(openOf('"reward mod"'), [], "a quoted phrase was finished on purpose");
    assert.deepEqual(openOf("reward model "), ["model"], "a trailing space changes nothing");
    assert.deepEqual(openOf("reward -model"), [], "an exclusion");
    assert.deepEqual(
      parseSearchQuery("reward modeling")
        .must.flat()
        .filter((t) => t.open),
      [],
      "without openLast nothing is open",
    );
  });
});
