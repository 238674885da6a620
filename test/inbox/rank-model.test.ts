import assert from "node:assert/strict";
import { test } from "node:test";
import { SummaError } from "../../src/domain/errors.ts";
import {
  authorKey,
  candidateFromZotero,
  deserialiseRanker,
  scoreCandidate,
  serialiseRanker,
  suggestCategories,
  trainCategories,
  trainRanker,
  venueKey,
} from "../../src/inbox/index.ts";
import { candidate } from "./fixture.ts";

const item = candidate;

/** A history where Christiano's posts on the forum are picked and another author's reports are not. */
function history() {
  const decisions = [];
  for (let i = 0; i < 12; i++) {
    decisions.push({
      item: item({
        title: `Amplification note ${i}`,
        authors: ["Christiano, Paul", `Coauthor${i}, A`],
        url: `https://www.alignmentforum.org/posts/id${i}/x`,
        itemType: "blogPost",
      }),
      picked: true,
    });
    decisions.push({
      item: item({
        title: `Policy report ${i}`,
        authors: ["Doe, Jane"],
        url: `https://policy.example.org/r${i}`,
        itemType: "report",
      }),
      picked: false,
    });
  }
  return { decisions, entries: [{ authors: ["Paul Christiano"], venue: "Alignment Forum", url: "" }] };
}

test("names, venues and Zotero rows become the model's keys", () => {
  assert.equal(authorKey("Shah, Rohin"), "shah r");
  assert.equal(authorKey("Rohin Shah*"), "shah r");
  assert.equal(authorKey("  "), null);
  assert.equal(venueKey("arXiv:1906.01820 [cs, stat]"), "arxiv");
  assert.equal(
    venueKey("Proceedings of the 36th International Conference on Machine Learning"),
    venueKey("Proceedings of the 37th International Conference on Machine Learning"),
  );
  const c = candidateFromZotero({
    Title: "T",
    Author: "Shah, Rohin; Krakovna, Victoria",
    Date: "2020-03",
    "Item Type": "blogPost",
    "Manual Tags": "TechSafety; CHAI",
  });
  assert.deepEqual(c.authors, ["Shah, Rohin", "Krakovna, Victoria"]);
  assert.equal(c.published, null, "a month is not a full date");
  assert.equal(candidateFromZotero({ Date: "2020-03-30" }).published, "2020-03-30");
  assert.deepEqual(c.tags, ["TechSafety", "CHAI"]);
});

test("the ranker scores a known author's new item above a stranger's, and says why", () => {
  const model = trainRanker(history(), { groups: ["authors", "host", "type"], iterations: 200 });
  const known = scoreCandidate(
    model,
    item({
      title: "New",
      authors: ["Paul Christiano"],
      url: "https://alignmentforum.org/posts/new/y",
      itemType: "blogPost",
    }),
  );
  const other = scoreCandidate(
    model,
    item({ title: "New", authors: ["Jane Doe"], url: "https://policy.example.org/new", itemType: "report" }),
  );
  assert.ok(known.probability > 0.8, `known ${known.probability}`);
  assert.ok(other.probability < 0.2, `other ${other.probability}`);
  assert.ok(known.why.length > 0 && known.why[0]!.contribution > 0);
  assert.ok(other.why[0]!.contribution < 0);
  assert.ok(
    known.why.some((w) => w.feature.startsWith("authors:")),
    known.why.map((w) => w.feature).join(", "),
  );
});

test("a trained model survives a JSON round trip with the same scores", () => {
  const model = trainRanker(history(), { iterations: 100 });
  const text = serialiseRanker(model);
  const back = deserialiseRanker(text);
  const probe = item({
    title: "Amplification",
    authors: ["Paul Christiano"],
    url: "https://alignmentforum.org/posts/q",
  });
  assert.deepEqual(scoreCandidate(back, probe), scoreCandidate(model, probe));
  assert.equal(serialiseRanker(back), text);
});

test("a broken stored model is refused with input.malformed naming what is wrong", () => {
  const good = JSON.parse(serialiseRanker(trainRanker(history(), { iterations: 10 })));
  const cases: [string, RegExp][] = [
    ["{not json", /not JSON/],
    [JSON.stringify({ ...good, format: "other" }), /not a summa-rank-model/],
    [JSON.stringify({ ...good, version: 9 }), /version 9/],
    [JSON.stringify({ ...good, weights: { "text:x": "big" } }), /weights\["text:x"\] is not a number/],
    [
      JSON.stringify({ ...good, options: { ...good.options, groups: ["zodiac"] } }),
      /unknown feature group "zodiac"/,
    ],
    [JSON.stringify({ ...good, counts: { ...good.counts, author: { x: 1 } } }), /counts.author\["x"\]/],
  ];
  for (const [text, message] of cases)
    assert.throws(
      () => deserialiseRanker(text),
      (err: unknown) =>
        err instanceof SummaError && err.code === "input.malformed" && message.test(err.message),
      String(message),
    );
});

test("category suggestion ranks the taxonomy's categories with probabilities, from words and authors", () => {
  const docs = [
    {
      category: "Interpretability",
      title: "Circuits in vision models",
      text: "neurons features circuits",
      authors: ["Chris Olah"],
      url: "https://distill.pub/a",
    },
    {
      category: "Interpretability",
      title: "Feature visualization",
      text: "neurons visualization features",
      authors: ["Chris Olah"],
      url: "https://distill.pub/b",
    },
    {
      category: "Iterated amplification",
      title: "Humans consulting HCH",
      text: "amplification distillation human",
      authors: ["Paul Christiano"],
      url: "https://ai-alignment.com/a",
    },
    {
      category: "Iterated amplification",
      title: "Debate",
      text: "debate amplification judge human",
      authors: ["Geoffrey Irving", "Paul Christiano"],
      url: "https://arxiv.org/abs/1805.00899",
    },
    {
      category: "Forecasting",
      title: "When will AI exceed humans",
      text: "survey forecast timelines experts",
      authors: ["Katja Grace"],
      url: "https://aiimpacts.org/x",
    },
  ];
  const model = trainCategories(docs, { authorWeight: 3 });
  const ranked = suggestCategories(model, { title: "Zoom in on circuits", text: "features of neurons" });
  assert.equal(ranked[0]!.category, "Interpretability");
  assert.equal(ranked.length, 3);
  assert.ok(Math.abs(ranked.reduce((s, r) => s + r.probability, 0) - 1) < 1e-9);
  assert.ok(ranked[0]!.probability > ranked[1]!.probability);
  // Only the author speaks: no word of the text was seen.
  const byAuthor = suggestCategories(model, {
    title: "Untitled",
    text: "zzz",
    authors: ["Christiano, Paul"],
  });
  assert.equal(byAuthor[0]!.category, "Iterated amplification");
  assert.throws(
    () => suggestCategories(trainCategories([]), { title: "x", text: "" }),
    (err: unknown) => err instanceof SummaError && err.code === "input.invalid",
  );
});
