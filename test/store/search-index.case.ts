import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { EntryFields } from "../../src/domain/entry.ts";
import { SummaError } from "../../src/domain/errors.ts";
import { lookupEntry, searchEntries } from "../../src/entries/index.ts";
import { ensurePeople, insertEntries, setSummarizers, toEntryContent } from "../../src/store/index.ts";
import type { TestDialect, TestStore } from "../helpers/dialects.ts";
import { entryFields } from "../helpers/factories.ts";

/**
 * One case file for every SearchIndex implementation (as Hono's routers share
 * common.case.test.ts): FTS5 and tsvector must agree on everything here.
 */
export function searchIndexCases(dialect: TestDialect): void {
  describe(`SearchIndex on ${dialect.name}`, { skip: dialect.skip }, () => {
    let store: TestStore;
    const ids: Record<string, number> = {};

    async function add(key: string, fields: EntryFields) {
      const [row] = await insertEntries(store.db, [toEntryContent(fields, null)], new Date().toISOString());
      ids[key] = row!.id;
      const people = await ensurePeople(store.db, fields.summarizers);
      await setSummarizers(store.db, [
        { entryId: row!.id, personIds: fields.summarizers.map((n) => people.get(n)!) },
      ]);
    }

    before(async () => {
      store = await dialect.open();
      await add(
        "intrinsic",
        entryFields({
          title: "Measuring the Intrinsic Dimension of Objective Landscapes",
          authors: [
            { name: "Chunyuan Li", equalContribution: false },
            { name: "Jason Yosinski", equalContribution: false },
          ],
          category: "Deep learning",
          summarizers: ["Cody"],
          issueNumber: 53,
          issueLabel: "AN #53",
          year: 2018,
          summary:
            "This paper proposes a quantity called intrinsic dimension: how many degrees of freedom training needs.",
        }),
      );
      await add(
        "overfit",
        entryFields({
          title: "Are Deep Neural Networks Dramatically Overfitted?",
          authors: [{ name: "Lilian Weng", equalContribution: false }],
          highlight: true,
          category: "Deep learning",
          summarizers: ["Rohin"],
          issueNumber: 53,
          issueLabel: "AN #53",
          year: 2019,
          summary:
            "Another paper measures the difficulty of a task by its intrinsic dimension, summarized separately. The dimension of the problem matters.",
        }),
      );
      await add(
        "attention",
        entryFields({
          title: "Attention is not Explanation",
          authors: [{ name: "Sarthak Jain", equalContribution: false }],
          category: "Interpretability",
          summarizers: ["Richard"],
          issueNumber: 53,
          issueLabel: "AN #53",
          year: 2019,
          venue: "NAACL",
          summary: "Attention weights are only weakly correlated with other measures of word importance.",
        }),
      );
      await add(
        "reward",
        entryFields({
          title: "Reward Modeling for Scalable Alignment",
          authors: [{ name: "Jan Leike", equalContribution: false }],
          category: "Technical agendas and prioritization",
          summarizers: ["Rohin", "Robert"],
          issueNumber: 34,
          issueLabel: "AN #34",
          year: 2018,
          summary:
            "Recursive reward modeling trains agents with learned rewards. GPT-3 is not mentioned here.",
        }),
      );
      await add(
        "rewardish",
        entryFields({
          title: "Rewarding curiosity",
          category: "Exploration",
          summarizers: ["Flo"],
          issueNumber: 90,
          issueLabel: "AN #90",
          year: 2020,
          summary: "Curiosity-driven exploration with intrinsic rewards.",
        }),
      );
    });
    after(async () => {
      await store?.dispose();
    });

    const titles = async (q: string, filters = {}) =>
      (await searchEntries(store, q, { filters, limit: 50 })).results.map((r) => r.entry.id);

    test("ranks a title hit first", async () => {
      const found = await titles("intrinsic dimension");
      assert.equal(found[0], ids.intrinsic);
      assert.ok(found.includes(ids.overfit!));
    });

    test("entries with all the words come first, then those with some of them", async () => {
      const both = await searchEntries(store, "attention importance", { withTotal: true });
      assert.deepEqual(
        both.results.map((r) => [r.entry.id, r.allWords]),
        [[ids.attention, true]],
      );
      const some = await searchEntries(store, "attention curiosity", { withTotal: true });
      assert.deepEqual(some.results.map((r) => r.entry.id).sort(), [ids.attention, ids.rewardish].sort());
      assert.ok(
        some.results.every((r) => !r.allWords),
        "no entry has both words",
      );
      assert.equal(some.total, 2);
      // A natural question: the entry with all its informative words ranks first.
      assert.equal((await titles("are attention weights measures of word importance"))[0], ids.attention);
    });

    test("phrases match adjacent words only", async () => {
      assert.deepEqual(await titles('"reward modeling"'), [ids.reward]);
      assert.deepEqual(await titles('"modeling reward"'), []);
    });

    test("prefix queries", async () => {
      const found = await titles("curios*");
      assert.deepEqual(found, [ids.rewardish]);
      assert.ok((await titles("interpr* OR explan*")).includes(ids.attention!));
    });

    test("OR and exclusion", async () => {
      const either = await titles("attention OR curiosity");
      assert.deepEqual([...either].sort(), [ids.attention, ids.rewardish].sort());
      const notCuriosity = await titles("rewards -curiosity");
      assert.ok(notCuriosity.includes(ids.reward!));
      assert.ok(!notCuriosity.includes(ids.rewardish!));
      assert.deepEqual(await titles("attention NOT weights"), []);
    });

    test("stemming: a word matches its inflections", async () => {
      assert.ok((await titles("measure")).includes(ids.intrinsic!));
    });

    test("filters: category, section, summarizer (joint credit), author, venue, year, issue, highlights", async () => {
      assert.deepEqual(
        await titles("dimension", { categories: ["deep LEARNING"] }),
        await titles("dimension"),
      );
      assert.deepEqual(await titles("paper OR attention", { section: "Technical AI alignment" }), [
        ids.attention,
      ]);
      assert.deepEqual(await titles("rewards", { summarizer: "robert" }), [ids.reward]);
      assert.deepEqual(await titles("rewards", { summarizer: "Rohin" }), [ids.reward]);
      assert.deepEqual(await titles("dimension", { author: "yosinski" }), [ids.intrinsic]);
      assert.deepEqual(await titles("attention", { venue: "naacl" }), [ids.attention]);
      assert.deepEqual(await titles("dimension", { yearFrom: 2019, yearTo: 2019 }), [ids.overfit]);
      assert.deepEqual(await titles("rewards", { issueFrom: 80 }), [ids.rewardish]);
      assert.deepEqual(await titles("rewards", { issueTo: 40 }), [ids.reward]);
      assert.deepEqual(await titles("dimension", { highlightsOnly: true }), [ids.overfit]);
      assert.deepEqual(await titles("dimension", { author: "100%_\\" }), []);
      await add(
        "polish",
        entryFields({
          title: "Notes from Łódź",
          authors: [{ name: "Łukasz Żółw", equalContribution: false }],
          summary: "Notes.",
        }),
      );
      assert.deepEqual(await titles("notes", { author: "łukasz" }), [ids.polish]);
      assert.deepEqual(await titles("notes", { author: "ŁUKASZ ŻÓŁW" }), [ids.polish]);
    });

    test("common words count: the same answers on both databases", async () => {
      const all = await searchEntries(store, "the", { withTotal: true, limit: 50 });
      assert.deepEqual(all.results.map((r) => r.entry.id).sort(), [ids.intrinsic, ids.overfit].sort());
      assert.deepEqual(await titles("dimension -the"), [], "an excluded common word excludes");
      assert.equal((await titles("curiosity OR the")).length, 3);
    });

    test("ties keep a stable order across pages", async () => {
      const first = await searchEntries(store, "paper OR attention OR rewards OR the", { limit: 3 });
      const second = await searchEntries(store, "paper OR attention OR rewards OR the", {
        limit: 3,
        offset: 3,
      });
      const again = await searchEntries(store, "paper OR attention OR rewards OR the", { limit: 6 });
      assert.deepEqual(
        [...first.results, ...second.results].map((r) => r.entry.id),
        again.results.map((r) => r.entry.id),
      );
    });

    test("counts, limits and paging", async () => {
      const all = await searchEntries(store, "paper OR attention OR rewards", { withTotal: true, limit: 2 });
      assert.equal(all.results.length, 2);
      assert.ok(all.total !== null && all.total >= 4);
      const page2 = await searchEntries(store, "paper OR attention OR rewards", { limit: 2, offset: 2 });
      assert.ok(!page2.results.some((r) => all.results.some((a) => a.entry.id === r.entry.id)));
      const filtered = await searchEntries(store, "dimension", {
        withTotal: true,
        filters: { highlightsOnly: true },
      });
      assert.equal(filtered.total, 1);
    });

    test("anything a user can type gives results or a clear message, never a crash", async () => {
      const inputs = [
        '"unbalanced',
        "*",
        "AND",
        "OR",
        "-",
        "NOT",
        "attention AND",
        "(",
        ")",
        "'",
        ":",
        "a:b",
        "^",
        "NEAR(a b)",
        "🤖 attention 🎉",
        "gpt-3",
        "'; DROP TABLE entries; --",
        "x".repeat(10_000),
        "word ".repeat(2_000),
        "\u0000\u0001",
        "ümlaut café",
        "col:title",
        "{title}: x",
      ];
      for (const input of inputs) {
        try {
          const r = await searchEntries(store, input, { withTotal: true });
          assert.ok(Array.isArray(r.results), input);
        } catch (err) {
          assert.ok(err instanceof SummaError, `${JSON.stringify(input.slice(0, 40))} threw ${String(err)}`);
          assert.equal(err.code, "search.invalid_query");
        }
      }
      for (const onlyNoise of ["*", "🤖🎉", "-", "AND", "-attention"]) {
        await assert.rejects(
          searchEntries(store, onlyNoise),
          (err: unknown) => err instanceof SummaError && err.code === "search.invalid_query",
        );
      }
      assert.deepEqual(await titles("🤖 attention 🎉"), [ids.attention]);
      assert.deepEqual(await titles("GPT-3"), [ids.reward]);
    });

    test("lookup by URL variants and by title", async () => {
      await add(
        "arxiv",
        entryFields({
          title: "The LogBarrier adversarial attack",
          url: "https://arxiv.org/abs/1903.10396",
          issueLabel: "AN #53",
          issueNumber: 53,
        }),
      );
      await add(
        "blog",
        entryFields({
          title: "A blog post",
          url: "https://www.example.org/posts/ai-safety/?utm_source=twitter",
        }),
      );
      for (const url of [
        "https://arxiv.org/pdf/1903.10396v2",
        "http://arxiv.org/abs/1903.10396v1",
        "arxiv.org/pdf/1903.10396.pdf",
        "https://www.arxiv.org/abs/1903.10396/",
      ]) {
        const m = await lookupEntry(store, url);
        assert.deepEqual(
          m.map((x) => [x.entry.id, x.how]),
          [[ids.arxiv, "url"]],
          url,
        );
      }
      for (const url of [
        "http://example.org/posts/ai-safety",
        "https://example.org/posts/ai-safety/?fbclid=abc#comments",
      ]) {
        assert.deepEqual(
          (await lookupEntry(store, url)).map((x) => x.entry.id),
          [ids.blog],
          url,
        );
      }
      assert.deepEqual(await lookupEntry(store, "https://arxiv.org/abs/1903.99999"), []);
      assert.deepEqual(
        (await lookupEntry(store, "  attention IS NOT explanation ")).map((m) => m.how),
        ["title"],
      );
      const similar = await lookupEntry(store, "Measuring the intrinsic dimensions of objective landscape");
      assert.equal(similar[0]?.entry.id, ids.intrinsic);
      assert.equal(similar[0]?.how, "similar-title");
      assert.deepEqual(await lookupEntry(store, "Measuring something else entirely"), []);
    });

    test("lookup finds every link an entry carries, by its identifier, and says where", async () => {
      await add(
        "post",
        entryFields({
          title: "Scalable agent alignment via reward modeling",
          url: "https://medium.com/@deepmindsafetyresearch/scalable-agent-alignment-via-reward-modeling-bf4ab06dfd84",
          summary:
            "A blog post about [the paper](https://arxiv.org/abs/1811.07871), see also (https://doi.org/10.1038/nature14236).",
          readMore: "The sequence",
          readMoreUrl: "https://www.alignmentforum.org/posts/FkMPXiomjGBjMfosg/axrp-episode-5",
          issueLabel: "AN #34",
          issueNumber: 34,
        }),
      );
      const where = async (input: string) =>
        (await lookupEntry(store, input)).map((m) => [m.entry.id, m.how, m.via]);
      for (const input of [
        "https://arxiv.org/abs/1811.07871v1",
        "https://arxiv.org/pdf/1811.07871.pdf",
        "1811.07871",
        "arXiv:1811.07871v2",
      ])
        assert.deepEqual(await where(input), [[ids.post, "url", "summary"]], input);
      for (const input of [
        "https://dx.doi.org/10.1038/NATURE14236",
        "doi:10.1038/nature14236",
        "10.1038/nature14236",
      ])
        assert.deepEqual(await where(input), [[ids.post, "url", "summary"]], input);
      for (const input of [
        "https://www.lesswrong.com/posts/FkMPXiomjGBjMfosg/axrp-episode-5",
        "https://www.alignmentforum.org/posts/FkMPXiomjGBjMfosg",
        "https://www.greaterwrong.com/posts/FkMPXiomjGBjMfosg/another-slug",
      ])
        assert.deepEqual(await where(input), [[ids.post, "url", "read_more"]], input);
      assert.deepEqual(
        await where(
          "medium.com/@deepmindsafetyresearch/scalable-agent-alignment-via-reward-modeling-bf4ab06dfd84",
        ),
        [[ids.post, "url", "url"]],
      );

      // A partial title: its first words, or its words in order; the quality is said.
      const prefix = await lookupEntry(store, "scalable agent alignment");
      assert.deepEqual(
        prefix.map((m) => [m.entry.id, m.how, m.titleMatch]),
        [[ids.post, "partial-title", "prefix"]],
      );
      assert.ok(prefix[0]!.similarity > 0.7 && prefix[0]!.similarity < 1);
      const words = await lookupEntry(store, "agent alignment reward mod");
      assert.deepEqual(
        words.map((m) => [m.entry.id, m.titleMatch]),
        [[ids.post, "words"]],
      );
    });

    test("an entry's links are kept current when it is written again", async () => {
      const { updateEntry, getEntry: read } = await import("../../src/store/index.ts");
      const before = await read(store.db, ids.post!);
      assert.ok(before);
      await updateEntry(
        store.db,
        ids.post!,
        toEntryContent({ ...before, summary: "No links here any more." }, null),
        new Date().toISOString(),
      );
      assert.deepEqual(await lookupEntry(store, "1811.07871"), []);
      assert.equal(
        (await lookupEntry(store, "https://www.alignmentforum.org/posts/FkMPXiomjGBjMfosg")).length,
        1,
      );
    });

    test("the query as a phrase in a title ranks above entries that have its words apart", async () => {
      await add(
        "passing",
        entryFields({
          title: "Learned rewards in passing",
          summary:
            "Modeling humans and learning a reward, in passing; modeling matters, and so does the reward.",
        }),
      );
      const found = await searchEntries(store, "reward modeling", { limit: 10 });
      const phrase = found.results.filter((r) => r.titlePhrase).map((r) => r.entry.id);
      assert.ok(phrase.includes(ids.reward!), "the title with the phrase is in the first tier");
      assert.deepEqual(
        found.results.slice(0, phrase.length).map((r) => r.entry.id),
        phrase,
        "titles with the phrase come first",
      );
      const passing = found.results.findIndex((r) => r.entry.id === ids.passing);
      assert.ok(passing >= phrase.length, "an entry with the words in passing comes after them");
    });

    test("every prefix of a word of 3 letters or more finds the entries that have the word", async () => {
      await add(
        "interp",
        entryFields({
          title: "Circuits",
          summary: "A thread on mechanistic interpretability of vision models.",
        }),
      );
      const word = "interpretability";
      for (let n = 3; n <= word.length; n++) {
        const prefix = word.slice(0, n);
        for (const typed of [prefix, `${prefix}*`, `mechanistic ${prefix}`]) {
          const found = await titles(typed);
          assert.ok(found.includes(ids.interp!), `"${typed}" does not find the entry`);
        }
      }
      // As typed, a finished word ranks the entries that have it above longer words sharing its start.
      assert.equal((await titles("interpretability"))[0], ids.interp);
    });
  });
}
