import assert from "node:assert/strict";
import { test } from "node:test";
import {
  deserialiseInboxModels,
  featureLabel,
  formatReason,
  serialiseInboxModels,
  suggestCategories,
  trainCategories,
} from "../../src/inbox/index.ts";

test("the stored models round-trip, and a damaged row is refused naming what is wrong", () => {
  const categories = trainCategories([
    {
      category: "Interpretability",
      title: "Feature visualization",
      text: "neurons circuits",
      authors: [],
      url: "",
    },
    { category: "Interpretability", title: "Circuits", text: "neurons circuits zoom", authors: [], url: "" },
    { category: "Forecasting", title: "AI timelines", text: "forecast years compute", authors: [], url: "" },
    {
      category: "Forecasting",
      title: "Compute trends",
      text: "forecast compute trends",
      authors: [],
      url: "",
    },
  ]);
  const back = deserialiseInboxModels(serialiseInboxModels({ rank: null, categories }));
  assert.equal(back.rank, null);
  const item = { title: "Circuits in vision models", text: "neurons" };
  assert.deepEqual(suggestCategories(back.categories!, item), suggestCategories(categories, item));
  assert.throws(() => deserialiseInboxModels("{"), /stored inbox models: not JSON/);
  assert.throws(() => deserialiseInboxModels('{"format":"other"}'), /not a summa-inbox-models/);
  assert.throws(
    () => deserialiseInboxModels('{"format":"summa-inbox-models","rank":null,"categories":{"idf":1}}'),
    /categories are incomplete/,
  );
});

test("a score's reasons read as words", () => {
  assert.equal(featureLabel("authors:picked_before"), "an author picked before");
  assert.equal(featureLabel("venue:arxiv"), "venue arxiv");
  assert.equal(featureLabel("host:alignmentforum.org"), "site alignmentforum.org");
  assert.equal(featureLabel("text:reward"), 'word "reward"');
  assert.equal(formatReason({ label: "venue arxiv", contribution: -0.3 }), "venue arxiv: -0.30");
  assert.equal(
    formatReason({ label: "an author picked before", contribution: 1.2 }),
    "an author picked before: +1.20",
  );
});
