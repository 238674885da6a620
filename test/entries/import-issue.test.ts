import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { SummaError } from "../../src/domain/errors.ts";
import { authorsCell, isIssueFile, issueToRows } from "../../src/entries/import-issue.ts";
import { importFrom } from "../../src/entries/index.ts";
import type { ParsedIssue } from "../../src/formats/parse/index.ts";
import { emptyParsedEntry } from "../../src/formats/parse/index.ts";
import { loadIssueView, renderIssue } from "../../src/issues/index.ts";
import { getIssue, issueEntryRows, listIssues } from "../../src/store/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { anDataFile, needAnData } from "../helpers/env.ts";
import { tempFile } from "../helpers/import.ts";
import { TEST_NEWSLETTER } from "../helpers/issue-view.ts";
import { viewEntries } from "../helpers/round-trip.ts";

describe("backfill: parsed issue entries as rows of the sheet", () => {
  const parsed: ParsedIssue = {
    intro: "",
    number: 53,
    url: "https://example.org/an-53",
    warnings: [],
    entries: [
      {
        ...emptyParsedEntry(),
        title: "H",
        highlight: true,
        authors: "Ann Lee",
        summary: "S.",
        opinion: "O.",
        opinionAuthor: "Rohin",
      },
      {
        ...emptyParsedEntry(),
        title: "J",
        section: "Technical AI alignment",
        category: "Interpretability",
        authors: "Chunyuan Li et al",
        summarizer: "Rohin and Robert",
        summary: "S.",
      },
      { ...emptyParsedEntry(), title: "L", section: "News", category: "News", url: "https://example.org/l" },
    ],
  };
  const rows = issueToRows(parsed, { number: 53, newsletter: TEST_NEWSLETTER, firstRow: 2000 });

  test("the issue's label, entries numbered as in the issue, their order as sheet rows, a highlight without a category", () => {
    assert.deepEqual(
      rows.map((r) => [r.row, r.values.sheet_row, r.values.email, r.values.highlight, r.values.category]),
      [
        [1, "2000", "AN #53", "Highlight", ""],
        [2, "2001", "AN #53", "", "Interpretability"],
        [3, "2002", "AN #53", "", "News"],
      ],
    );
    assert.equal(rows[0]!.values.issue_url, "https://example.org/an-53");
  });

  test("who summarized: the credit, else the opinion's author, else the editor for a summary, nobody for a link", () => {
    assert.deepEqual(
      rows.map((r) => r.values.summarizer),
      ["Rohin", "Rohin/Robert", ""],
    );
  });

  test("authors: the first author is known, 'et al' is kept as the display", () => {
    assert.deepEqual(authorsCell("Chunyuan Li et al"), { cell: "Chunyuan Li", display: "Chunyuan Li et al" });
    assert.deepEqual(authorsCell("Mingchen Li et al."), {
      cell: "Mingchen Li",
      display: "Mingchen Li et al.",
    });
    assert.deepEqual(authorsCell("Rohin Shah"), { cell: "Rohin Shah", display: "" });
    assert.deepEqual(authorsCell(""), { cell: "", display: "" });
    assert.equal(rows[1]!.values.authors, "Chunyuan Li");
  });

  test("issue files are told from sheets by name, and HTML by the renderer's structure", () => {
    assert.equal(isIssueFile("an-53.txt", ""), true);
    assert.equal(isIssueFile("post.md", ""), true);
    assert.equal(isIssueFile("sheet.csv", "Category,Title"), false);
    assert.equal(isIssueFile("an-53.html", '<article class="issue" data-issue="53">'), true);
    assert.equal(isIssueFile("Sheet1.html", '<table class="waffle">'), false);
  });
});

describe("summa import ISSUE-FILE: backfilling an empty archive", () => {
  let store: TestStore;
  before(async () => {
    store = await DIALECTS[0]!.open();
  });
  after(async () => {
    await store?.dispose();
  });

  const markdown = `Welcome to the issue.

# HIGHLIGHTS

**[A highlight](https://example.org/h)** *(Ann Lee et al)* (summarized by Cody): Its summary.

**Cody's opinion:** Its opinion.

# TECHNICAL AI ALIGNMENT

## INTERPRETABILITY

**[Probing](https://example.org/p)** *(Bob Smith)*: Probing summary.

---

**[A link](https://example.org/l)** *(Cy Dee)*
`;

  test("adds the entries, makes the issue, keeps the intro; the issue renders as it was", async () => {
    const report = await importFrom(store, tempFile("an-9.md", markdown), { issue: 9 });
    assert.deepEqual(
      [report.format, report.added, report.skipped, report.newIssues],
      ["issue-markdown", 3, 0, 1],
    );
    assert.equal((await getIssue(store.db, 9))?.intro, "Welcome to the issue.");
    const view = await loadIssueView(store, 9);
    assert.deepEqual(
      viewEntries(view).map((x) => [
        x.entry.title,
        x.entry.authors,
        x.entry.summarizedBy,
        x.highlight,
        x.category,
      ]),
      [
        ["A highlight", "Ann Lee et al", "Cody", true, ""],
        ["Probing", "Bob Smith", null, false, "Interpretability"],
        ["A link", "Cy Dee", null, false, "Interpretability"],
      ],
    );
    assert.match(renderIssue(view, "markdown"), /\*\*Cody's opinion:\*\* Its opinion\./);
  });

  test("a second backfill of the same issue adds nothing and overwrites nothing", async () => {
    const report = await importFrom(
      store,
      tempFile("an-9.md", markdown.replace("Its summary.", "Changed.")),
      {
        issue: 9,
      },
    );
    assert.deepEqual([report.added, report.changed, report.skipped], [0, 0, 3]);
    const rows = await issueEntryRows(store.db, 9);
    assert.equal(rows.find((r) => r.title === "A highlight")?.summary, "Its summary.");
  });

  test("the number: from the file, from --issue, and an error when they disagree or neither says", async () => {
    const html = renderIssue(await loadIssueView(store, 9), "html");
    const report = await importFrom(store, tempFile("copy.html", html));
    assert.equal((report as { issue?: number }).issue, 9);
    await assert.rejects(
      importFrom(store, tempFile("copy.html", html), { issue: 10 }),
      (e: unknown) => e instanceof SummaError && /is issue #9, not #10/.test(e.message),
    );
    await assert.rejects(
      importFrom(store, tempFile("an.md", markdown)),
      (e: unknown) => e instanceof SummaError && /give its number with --issue N/.test(e.message),
    );
  });

  test("a file with no entries is an error, and nothing is imported", async () => {
    await assert.rejects(
      importFrom(store, tempFile("notes.txt", "Just some notes.\n"), { issue: 11 }),
      (e: unknown) => e instanceof SummaError && /no entries found/.test(e.message),
    );
    assert.equal(
      (await listIssues(store.db)).some((i) => i.number === 11),
      false,
    );
  });

  test("the golden AN #53 email text backfills its 12 entries", { skip: needAnData() }, async () => {
    const report = await importFrom(store, anDataFile("an-053-email-text.txt"), { issue: 53 });
    assert.deepEqual([report.format, report.added, report.skipped], ["issue-text", 12, 0]);
    const view = await loadIssueView(store, 53);
    assert.equal(viewEntries(view).length, 12);
    assert.deepEqual(
      view.highlights.map((e) => e.title),
      ["Alignment Newsletter One Year Retrospective", "Are Deep Neural Networks Dramatically Overfitted?"],
    );
    assert.equal(view.sections.at(-1)?.categories[0]?.entries[0]?.authors, "Chunyuan Li et al");
  });
});
