import assert from "node:assert/strict";
import { test } from "node:test";
import { porterStem } from "../../src/formats/porter.ts";
import { highlightedSnippet as highlightPlain } from "../../src/formats/render/highlight.ts";
import { entryPlainText } from "../../src/formats/render/snippet.ts";

const terms = (words: string[], prefixes: string[] = []) => ({
  stems: new Set(words.map(porterStem)),
  prefixes,
});
const highlightedSnippet = (source: string, terms: Parameters<typeof highlightPlain>[1], max?: number) =>
  highlightPlain(entryPlainText(source), terms, max);
const marked = (parts: { text: string; hit: boolean }[]) =>
  parts.map((p) => (p.hit ? `[${p.text}]` : p.text)).join("");

test("marks the words by stem and by prefix, and keeps the text as written", () => {
  const parts = highlightedSnippet(
    "We **model** rewards; *Interpretability* of reward models matters.",
    terms(["rewarding", "modeling"], ["interpretab"]),
  );
  assert.equal(marked(parts), "We [model] [rewards]; [Interpretability] of [reward] [models] matters.");
});

test("the window is where the most distinct query words are, with ellipses where it is cut", () => {
  const filler = "Nothing to see here. ".repeat(30);
  const text = `${filler}The attention weights are weakly correlated with gradients. ${filler}`;
  const parts = highlightedSnippet(text, terms(["attention", "gradients"]), 120);
  const shown = marked(parts);
  assert.ok(shown.startsWith("…"), shown);
  assert.ok(shown.endsWith("…"), shown);
  assert.match(shown, /\[attention\] weights are weakly correlated with \[gradients\]/);
  assert.ok(shown.length <= 120 + 2 + 8, `${shown.length} characters`);
});

test("with no match, the start of the text; links and cross-references read as their words", () => {
  const parts = highlightedSnippet(
    "See [the paper](https://x.org) and <@Attention is not Explanation@>.",
    terms(["zebra"]),
  );
  assert.equal(marked(parts), "See the paper and Attention is not Explanation.");
  assert.deepEqual(highlightedSnippet("", terms(["x"])), []);
});
