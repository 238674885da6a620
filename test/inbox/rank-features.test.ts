import assert from "node:assert/strict";
import { test } from "node:test";
import {
  countHistory,
  deserialiseRanker,
  featureLabel,
  featuresOf,
  fitTfidf,
  scoreCandidate,
  serialiseRanker,
  stumpLogit,
  stumpParts,
  trainRanker,
  trainStumps,
} from "../../src/inbox/index.ts";
import { candidate } from "./fixture.ts";

const item = candidate;

const context = (counts: ReturnType<typeof countHistory>, groups: string[]) => ({
  groups: new Set(groups) as never,
  counts,
  vocabulary: fitTfidf([], 1),
  entryVectors: [],
  smoothing: 2,
});

test("co-authors: a newcomer who wrote with a picked author carries their record, never their own label", () => {
  const decisions = [
    { item: item({ authors: ["Ada Lovelace", "Charles Babbage"] }), picked: true },
    { item: item({ authors: ["Ada Lovelace"] }), picked: true },
    { item: item({ authors: ["Jane Doe"] }), picked: false },
  ];
  const counts = countHistory(decisions);
  assert.deepEqual(counts.coauthors!["babbage c"], ["lovelace a"]);
  const ctx = context(counts, ["coauthors"]);
  // Babbage's new item: his co-author Lovelace was picked twice.
  const x = featuresOf(ctx, item({ authors: ["Charles Babbage"] }));
  assert.ok(x.get("coauthors:best_rate")! > 0, JSON.stringify([...x]));
  assert.equal(x.get("coauthors:log_count"), Math.log1p(1));
  // A stranger has no co-authors, so no feature.
  assert.equal(featuresOf(ctx, item({ authors: ["Jane Doe"] })).size, 0);
  // In training, the item's own authors are left out: the joint item sees only what others did.
  const own = featuresOf(ctx, decisions[0]!.item, { picked: true });
  assert.equal(own.size, 0, "Lovelace and Babbage are each other's co-authors only through this item");
});

test("origin: summarized entries and decided candidates are counted apart", () => {
  const counts = countHistory(
    [
      { item: item({ authors: ["Rohin Shah"] }), picked: false },
      { item: item({ authors: ["Rohin Shah"] }), picked: false },
    ],
    [
      { authors: ["Rohin Shah"], venue: "", url: "" },
      { authors: ["Rohin Shah"], venue: "", url: "" },
      { authors: ["Rohin Shah"], venue: "", url: "" },
    ],
  );
  assert.equal(counts.summarized!["shah r"], 3);
  const x = featuresOf(context(counts, ["origin"]), item({ authors: ["Shah, Rohin"] }));
  assert.equal(x.get("origin:summarized"), Math.log1p(3));
  // As a candidate Shah was passed over twice: below the overall rate (3 picks of 5).
  assert.ok(x.get("origin:decided_rate")! < 0, String(x.get("origin:decided_rate")));
});

test("unseen: an item whose authors, venue and site have no history says so", () => {
  const counts = countHistory([
    {
      item: item({ authors: ["Ada Lovelace"], venue: "NeurIPS", url: "https://arxiv.org/abs/1" }),
      picked: true,
    },
  ]);
  const ctx = context(counts, ["unseen"]);
  const fresh = featuresOf(
    ctx,
    item({ authors: ["Jane Doe"], venue: "ICML", url: "https://blog.example/x" }),
  );
  assert.deepEqual([...fresh.keys()].sort(), ["unseen:author", "unseen:host", "unseen:venue"]);
  const known = featuresOf(
    ctx,
    item({ authors: ["Lovelace, Ada"], venue: "NeurIPS", url: "https://arxiv.org/abs/2" }),
  );
  assert.equal(known.size, 0);
  assert.equal(featureLabel("unseen:author"), "no author seen before");
  assert.equal(featureLabel("coauthors:best_rate"), "a co-author's pick rate");
});

test("boosted stumps learn a threshold, and their per-feature parts add up to the logit", () => {
  // Picked exactly when rate > 0.5; "noise" carries nothing.
  const examples = Array.from({ length: 200 }, (_, i) => ({
    x: new Map([
      ["rate", (i % 20) / 20],
      ["noise", (i * 7) % 3],
    ]),
    y: (i % 20) / 20 > 0.5 ? 1 : 0,
  }));
  const model = trainStumps(examples, { rounds: 50, minHessian: 1 });
  assert.ok(model.stumps.length > 0);
  assert.ok(
    model.stumps.every((s) => s.feature === "rate"),
    JSON.stringify(model.stumps.slice(0, 3)),
  );
  const high = new Map([["rate", 0.9]]);
  const low = new Map([["rate", 0.1]]);
  assert.ok(stumpLogit(model, high) > 1 && stumpLogit(model, low) < -1);
  let sum = model.base;
  for (const v of stumpParts(model, high).values()) sum += v;
  assert.ok(Math.abs(sum - stumpLogit(model, high)) < 1e-12);
});

test("a ranker blended with stumps explains its score and survives a JSON round trip", () => {
  const decisions = [];
  // 60 of each: a stump needs some weight of items on each side of its split (minHessian).
  for (let i = 0; i < 60; i++) {
    decisions.push({
      item: item({
        title: `Note ${i}`,
        authors: ["Paul Christiano"],
        url: `https://alignmentforum.org/posts/${i}`,
      }),
      picked: true,
    });
    decisions.push({
      item: item({ title: `Report ${i}`, authors: [`Doe${i}, J`], url: `https://r.example/${i}` }),
      picked: false,
    });
  }
  const model = trainRanker(
    { decisions },
    { groups: ["authors", "host", "coauthors", "origin", "unseen"], stumpWeight: 0.5, iterations: 100 },
  );
  assert.ok(model.stumps && model.stumps.stumps.length > 0);
  const probe = item({
    title: "New",
    authors: ["Christiano, Paul"],
    url: "https://alignmentforum.org/posts/new",
  });
  const score = scoreCandidate(model, probe, 3);
  assert.ok(score.probability > 0.7, String(score.probability));
  assert.ok(score.why.length > 0 && score.why.length <= 3);
  assert.ok(score.why[0]!.contribution > 0);
  const back = deserialiseRanker(serialiseRanker(model));
  assert.deepEqual(scoreCandidate(back, probe, 3), score);
  assert.throws(
    () =>
      deserialiseRanker(
        JSON.stringify({ ...JSON.parse(serialiseRanker(model)), stumps: { base: 0, stumps: [{}] } }),
      ),
    /stumps\[0\]/,
  );
});
