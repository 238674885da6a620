import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { EntryFields } from "../../src/domain/entry.ts";
import { characteristicWords, similarEntries } from "../../src/entries/index.ts";
import { getEntry, insertEntries, toEntryContent, updateEntryColumns } from "../../src/store/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { entryFields } from "../helpers/factories.ts";

test("an entry's characteristic words: the most frequent, one per stem, no common English", () => {
  const words = characteristicWords({
    title: "Attention is not Explanation",
    summary: "Attention weights and the attention of models: explanations are not what attention gives.",
    opinion: "",
  });
  assert.equal(words[0], "attention");
  assert.ok(words.includes("explanation") && !words.includes("explanations"), "one word per stem");
  for (const common of ["is", "not", "the", "and", "are", "what"]) assert.ok(!words.includes(common), common);
});

for (const dialect of DIALECTS) {
  describe(`similar summaries (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    const ids: Record<string, number> = {};
    const add = async (key: string, fields: Partial<EntryFields>) => {
      const [row] = await insertEntries(
        store.db,
        [toEntryContent(entryFields(fields), null)],
        new Date().toISOString(),
      );
      ids[key] = row!.id;
    };

    before(async () => {
      store = await dialect.open();
      await add("attention", {
        title: "Attention is not Explanation",
        summary:
          "Attention weights are weakly correlated with gradient-based feature importance in NLP models.",
      });
      await add("faithful", {
        title: "Is attention interpretable?",
        summary:
          "Erasing attention weights shows they are a poor explanation of which features matter to NLP models.",
      });
      await add("reward", {
        title: "Reward modeling",
        summary:
          "Learning a reward model from human comparisons of trajectories, then optimizing it with RL.",
      });
      await add("copy", {
        title: "Attention is not Explanation",
        summary: "The same paper, summarized again: attention weights and feature importance.",
        issueLabel: "AN #60",
      });
    });
    after(() => store?.dispose());

    test("the nearest entry by shared informative words comes first; never itself or a namesake", async () => {
      const entry = (await getEntry(store.db, ids.attention!))!;
      const similar = await similarEntries(store, entry);
      assert.equal(similar[0]?.id, ids.faithful);
      assert.ok(!similar.some((e) => e.id === ids.attention || e.id === ids.copy));
    });

    test("only the statuses asked for", async () => {
      await updateEntryColumns(store.db, ids.faithful!, { status: "draft" }, new Date().toISOString());
      const entry = (await getEntry(store.db, ids.attention!))!;
      const published = await similarEntries(store, entry, { filters: { statuses: ["published"] } });
      assert.ok(!published.some((e) => e.id === ids.faithful));
    });
  });
}
