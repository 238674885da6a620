import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import SQLite from "better-sqlite3";
import { porterStem } from "../../src/formats/porter.ts";
import { anDataFile, needAnData } from "../helpers/env.ts";

/** SQLite's own stems: one FTS5 row per word, read back through fts5vocab. */
function sqliteStems(words: readonly string[]): Map<string, string> {
  const db = new SQLite(":memory:");
  db.exec("CREATE VIRTUAL TABLE w USING fts5(x, tokenize='porter unicode61 remove_diacritics 2')");
  db.exec("CREATE VIRTUAL TABLE v USING fts5vocab(w, 'instance')");
  const insert = db.prepare("INSERT INTO w(rowid, x) VALUES (?, ?)");
  db.transaction(() => {
    for (const [i, word] of words.entries()) insert.run(i + 1, word);
  })();
  const out = new Map<string, string>();
  for (const row of db.prepare("SELECT term, doc FROM v").all() as { term: string; doc: number }[])
    out.set(words[row.doc - 1]!, row.term);
  db.close();
  return out;
}

function mismatches(words: readonly string[]): string[] {
  const stems = sqliteStems(words);
  return words
    .filter((w) => porterStem(w) !== stems.get(w))
    .map((w) => `${w}: ${porterStem(w)} vs ${stems.get(w)}`);
}

test("porterStem gives SQLite's stems for words that exercise every step", () => {
  const words = [
    "caresses",
    "ponies",
    "ties",
    "caress",
    "cats",
    "feed",
    "agreed",
    "plastered",
    "bled",
    "motoring",
    "sing",
    "conflated",
    "troubled",
    "sized",
    "hopping",
    "tanned",
    "falling",
    "hissing",
    "fizzed",
    "failing",
    "filing",
    "happy",
    "sky",
    "relational",
    "conditional",
    "rational",
    "valenci",
    "hesitanci",
    "digitizer",
    "conformabli",
    "radicalli",
    "differentli",
    "vileli",
    "analogousli",
    "vietnamization",
    "predication",
    "operator",
    "feudalism",
    "decisiveness",
    "hopefulness",
    "callousness",
    "formaliti",
    "sensitiviti",
    "sensibiliti",
    "triplicate",
    "formative",
    "formalize",
    "electriciti",
    "electrical",
    "hopeful",
    "goodness",
    "revival",
    "allowance",
    "inference",
    "airliner",
    "gyroscopic",
    "adjustable",
    "defensible",
    "irritant",
    "replacement",
    "adjustment",
    "dependent",
    "adoption",
    "homologou",
    "communism",
    "activate",
    "angulariti",
    "homologous",
    "effective",
    "bowdlerize",
    "probate",
    "rate",
    "cease",
    "controll",
    "roll",
    "interpretability",
    "interpretable",
    "interpretation",
    "optimization",
    "optimize",
    "amplification",
    "deception",
    "deceptive",
    "generalization",
    "modeling",
    "models",
    "alignment",
    "reward",
    "corrigibility",
    "archaeology",
    "ab",
    "logy",
  ];
  assert.deepEqual(mismatches(words), []);
});

test("porterStem gives SQLite's stems for every word of the real sheet", { skip: needAnData() }, () => {
  const rows = JSON.parse(readFileSync(anDataFile("an-database-2022.json"), "utf8")) as Record<
    string,
    unknown
  >[];
  const words = new Set<string>();
  for (const row of rows)
    for (const field of ["title", "summary", "opinion", "authors"])
      for (const w of String(row[field] ?? "")
        .toLowerCase()
        .match(/[a-z]+/g) ?? [])
        words.add(w);
  assert.ok(words.size > 10_000, `only ${words.size} words`);
  const wrong = mismatches([...words]);
  assert.deepEqual(wrong.slice(0, 20), [], `${wrong.length} of ${words.size} words differ`);
});
