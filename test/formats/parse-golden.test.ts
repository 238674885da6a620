import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import type { Entry } from "../../src/domain/entry.ts";
import { displayAuthors, opinionAuthor, summarizedBy } from "../../src/domain/entry-display.ts";
import type { Newsletter } from "../../src/domain/issue.ts";
import { titleKey } from "../../src/domain/keys.ts";
import { categoryKey, type Taxonomy } from "../../src/domain/taxonomy.ts";
import { importFrom } from "../../src/entries/index.ts";
import { type DetectedIssue, parseIssue } from "../../src/formats/parse/index.ts";
import type { IssueView } from "../../src/formats/render/issue-view.ts";
import { markdownToText } from "../../src/formats/render/plain-text.ts";
import { loadIssueView } from "../../src/issues/index.ts";
import { loadNewsletter } from "../../src/newsletter/index.ts";
import { getTaxonomy, issueEntryRows, toEntry } from "../../src/store/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { anDataFile, needAnData } from "../helpers/env.ts";
import { viewEntries } from "../helpers/round-trip.ts";
import { comparableWords, wordSimilarity } from "../helpers/similarity.ts";

/**
 * The golden AN #53: the email as a reader received it, flattened to one line with its links
 * dropped and its headings run into the text, read back against the sheet's rows of AN #53.
 */
describe("parsing the golden AN #53 email text", { skip: needAnData() }, () => {
  let store: TestStore;
  let rows: Entry[];
  let taxonomy: Taxonomy;
  let newsletter: Newsletter;
  let view: IssueView;
  let golden: string;
  let parsed: DetectedIssue;

  before(async () => {
    store = await DIALECTS[0]!.open();
    await importFrom(store, anDataFile("an-database-2022.xlsx"));
    rows = (await issueEntryRows(store.db, 53)).map(toEntry);
    taxonomy = await getTaxonomy(store.db);
    newsletter = await loadNewsletter(store);
    view = await loadIssueView(store, 53);
    golden = readFileSync(anDataFile("an-053-email-text.txt"), "utf8");
    parsed = parseIssue(golden, taxonomy, newsletter);
  });
  after(async () => {
    await store?.dispose();
  });

  const rowOf = (title: string) => {
    const row = rows.find((r) => titleKey(r.title) === titleKey(title));
    assert.ok(row, `"${title}" is a row of AN #53 in the sheet`);
    return row;
  };
  const sectionOf = (category: string) =>
    taxonomy.find((s) => s.categories.some((c) => categoryKey(c) === categoryKey(category)))!;

  test("is read as plain text, with exactly the issue's 12 entries, in the issue's order", () => {
    assert.equal(parsed.format, "text");
    assert.equal(rows.length, 12);
    assert.equal(parsed.entries.length, 12);
    assert.deepEqual(
      parsed.entries.map((e) => titleKey(e.title)),
      viewEntries(view).map((x) => titleKey(x.entry.title)),
    );
    assert.deepEqual(parsed.warnings, []);
  });

  test("each entry: title, highlight, section and category, summarizer, opinion author as in the sheet", () => {
    for (const e of parsed.entries) {
      const row = rowOf(e.title);
      assert.equal(e.title, row.title.trim());
      assert.equal(e.highlight, row.highlight, e.title);
      if (row.highlight) assert.deepEqual([e.section, e.category], ["", ""], e.title);
      else {
        const section = sectionOf(row.category);
        const category = section.categories.find((c) => categoryKey(c) === categoryKey(row.category));
        assert.deepEqual([e.section, e.category], [section.name, category], e.title);
      }
      assert.equal(e.summarizer, summarizedBy(row.summarizers, newsletter.editor), e.title);
      const author = row.opinion.trim() ? opinionAuthor(row.summarizers, newsletter.editor) : "";
      assert.equal(e.opinionAuthor, author, e.title);
      assert.equal(e.summary === "", row.summary.trim() === "", e.title);
    }
  });

  test("the placements, spelled out", () => {
    assert.deepEqual(
      parsed.entries.map((e) => (e.highlight ? "Highlights" : e.category)),
      [
        "Highlights",
        "Highlights",
        "Technical agendas and prioritization",
        "Iterated amplification",
        "Learning human intent",
        "Learning human intent",
        "Learning human intent",
        "Interpretability",
        "Interpretability",
        "Adversarial examples",
        "Robustness",
        "Deep learning",
      ],
    );
    assert.deepEqual(
      parsed.entries.map((e) => [e.summarizer, e.opinionAuthor]),
      [
        [null, ""],
        [null, "Rohin"],
        ["Richard", ""],
        [null, "Rohin"],
        [null, "Rohin"],
        [null, "Rohin"],
        [null, ""],
        ["Richard", "Richard"],
        [null, ""],
        ["Dan H", ""],
        ["Dan H", ""],
        ["Cody", "Cody"],
      ],
    );
  });

  test("authors are the displayed line; the email spelled two of them differently from today's sheet", () => {
    const differ = parsed.entries
      .filter((e) => e.authors !== displayAuthors(rowOf(e.title)))
      .map((e) => [e.authors, displayAuthors(rowOf(e.title))]);
    assert.deepEqual(differ, [
      ["Andrew Ross et al", "Andrew Slavin Ross et al"],
      ["Mingchen Li et al.", "Mingchen Li et al"],
    ]);
  });

  test("summaries, opinions and Read more read as the sheet's (links dropped: ≥ 0.9 word similarity)", () => {
    for (const [i, x] of viewEntries(view).entries()) {
      const e = parsed.entries[i]!;
      for (const field of ["summary", "opinion", "readMore"] as const) {
        const want = comparableWords(markdownToText(x.entry[field]));
        const got = comparableWords(e[field]);
        const similarity = wordSimilarity(got, want);
        assert.ok(similarity >= 0.9, `${e.title} ${field}: similarity ${similarity.toFixed(3)}`);
      }
    }
  });

  test("the intro is everything before the Highlights heading", () => {
    assert.equal(
      parsed.intro,
      "Find all Alignment Newsletter resources here . In particular, you can sign up , or look through this " +
        "spreadsheet of all summaries that have ever been in the newsletter. Cody Wild is now contributing " +
        "summaries to the newsletter!",
    );
    assert.equal(parsed.number, null, "the email's text does not name its issue");
  });
});
