import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { downloadPublished } from "../../src/entries/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { type TestSite, testSite } from "../helpers/web.ts";
import { FILLERS, resultIds, seedDatabase } from "./database-fixture.ts";

for (const dialect of DIALECTS) {
  describe(`database lookup, downloads and suggestions (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let site: TestSite;
    let ids: Record<string, number>;
    const PUBLISHED = FILLERS + 4;

    before(async () => {
      store = await dialect.open();
      site = testSite(store);
      ids = await seedDatabase(store);
    });
    after(() => store?.dispose());

    const html = async (path: string) => {
      const res = await site.get(path);
      assert.equal(res.status, 200, path);
      return res.text();
    };
    const lookup = (u: string) => html(`/database/lookup?${new URLSearchParams({ u })}`);

    test("lookup: any form of an arXiv URL finds the entry, and says how it matched", async () => {
      for (const u of [
        "https://arxiv.org/pdf/1903.10396v2",
        "http://arxiv.org/abs/1903.10396v1",
        "arxiv.org/pdf/1903.10396.pdf",
        "https://www.arxiv.org/abs/1903.10396/?utm_source=x#section",
      ]) {
        const page = await lookup(u);
        assert.deepEqual(resultIds(page), [ids.logbarrier], u);
        assert.match(page, /Yes: one entry matches/);
        assert.match(page, /<span class="badge">same link<\/span> Same link/);
      }
    });

    test("lookup: by title, exactly or near-identically; otherwise not summarized yet", async () => {
      const exact = await lookup("  the logbarrier ADVERSARIAL attack ");
      assert.deepEqual(resultIds(exact), [ids.logbarrier]);
      assert.match(exact, /Same title/);
      const similar = await lookup("Measuring the intrinsic dimensions of objective landscape");
      assert.deepEqual(resultIds(similar), [ids.intrinsic]);
      assert.match(similar, /Near-identical title \(\d+% alike\)/);
      const none = await lookup("https://arxiv.org/abs/1903.99999");
      assert.match(none, /Not summarized yet/);
      assert.deepEqual(resultIds(none), []);
      assert.match(
        none,
        /href="\/database\?q=https%3A%2F%2Farxiv.org%2Fabs%2F1903.99999"/,
        "offers a search",
      );
      const empty = await html("/database/lookup");
      assert.match(empty, /<label for="db-lookup-u">A paper&#39;s link or title<\/label>/);
      assert.doesNotMatch(empty, /Not summarized yet/);
      assert.match(await lookup("x".repeat(10_000)), /Not summarized yet/, "a huge input is only not found");
    });

    test("CSV download: the page's results in its order, as an attachment in the export's columns", async () => {
      const path = "/database?q=attack+OR+agenda+OR+intrinsic&sort=oldest";
      const order = resultIds(await html(path));
      const res = await site.get(path.replace("/database", "/database/download.csv"));
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-type"), "text/csv; charset=utf-8");
      assert.equal(
        res.headers.get("content-disposition"),
        'attachment; filename="alignment-newsletter-database.csv"',
      );
      assert.equal(res.headers.get("x-summa-rows"), "4");
      const rows: Record<string, string>[] = parse(await res.text(), { columns: true });
      const titles = new Map(
        (await store.db.selectFrom("entries").select(["id", "title"]).execute()).map((r) => [r.id, r.title]),
      );
      assert.deepEqual(
        rows.map((r) => r.title),
        order.map((id) => titles.get(id)),
      );
      assert.equal(rows[0]!.summarizer, "Rohin/Robert");
      assert.equal(rows[0]!.email, "AN #34");
      const all: unknown[] = parse(await (await site.get("/database/download.csv")).text(), {
        columns: true,
      });
      assert.equal(all.length, PUBLISHED, "every published entry, no draft");
    });

    test("xlsx download opens in exceljs with the sheet's header and one row per result", async () => {
      const res = await site.get("/database/download.xlsx?category=Deep+learning");
      assert.equal(
        res.headers.get("content-type"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      );
      assert.match(res.headers.get("content-disposition")!, /^attachment; filename=".*\.xlsx"$/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await res.arrayBuffer());
      const sheet = wb.worksheets[0]!;
      assert.equal(sheet.getRow(1).getCell(3).value, "Title");
      assert.equal(sheet.rowCount, 3);
      const title = sheet.getRow(2).getCell(3).value as { text: string; hyperlink: string };
      assert.equal(title.text, "Are Deep Neural Networks Dramatically Overfitted?");
      assert.equal(title.hyperlink, "https://lilianweng.github.io/posts/2019-03-14-overfit/");
    });

    test("BibTeX download: one @ entry per result", async () => {
      const res = await site.get("/database/download.bib?summarizer=Flo");
      assert.equal(res.headers.get("content-type"), "application/x-bibtex; charset=utf-8");
      assert.match(res.headers.get("content-disposition")!, /^attachment; filename=".*\.bib"$/);
      const text = await res.text();
      assert.equal(text.match(/^@\w+\{/gm)?.length, FILLERS);
      assert.equal(res.headers.get("x-summa-rows"), String(FILLERS));
    });

    test("downloads are capped, and report how many rows the search found", async () => {
      const capped = await downloadPublished(store, { q: "", filters: {} }, "csv", 5);
      assert.equal(capped.count, 5);
      assert.equal(capped.total, PUBLISHED);
      assert.ok(capped.capped);
      assert.equal(
        (parse(Buffer.from(capped.body).toString("utf8"), { columns: true }) as unknown[]).length,
        5,
      );
    });

    test("a download with nothing to search for is a page with the reason", async () => {
      const res = await site.get("/database/download.csv?q=*");
      assert.equal(res.status, 400);
      assert.match(res.headers.get("content-type")!, /text\/html/);
      assert.match(await res.text(), /no words to search for/);
    });

    test("suggest: published entries with every typed word (title, authors or text), the last as a prefix", async () => {
      const res = await site.get("/database/suggest?q=intrinsic+dim");
      assert.equal(res.headers.get("content-type"), "application/json; charset=utf-8");
      const body = await res.json();
      // The title with the words first; the entry whose summary has them too.
      assert.deepEqual(body.suggestions[0], {
        kind: "entry",
        id: ids.intrinsic,
        title: "Measuring the Intrinsic Dimension of Objective Landscapes",
        issue: "AN #53",
        href: `/entries/${ids.intrinsic}`,
      });
      assert.deepEqual(
        body.suggestions.map((x: { id: number }) => x.id),
        [ids.intrinsic, ids.overfit],
      );
      const entries = async (q: string) =>
        (
          (await (await site.get(`/database/suggest?${new URLSearchParams({ q })}`)).json()).suggestions as {
            kind: string;
            id?: number;
          }[]
        ).filter((x) => x.kind === "entry");
      assert.equal((await entries("fill")).length, 8, "at most 8 entries");
      // The text counts too: "degrees of freedom" is only in the summary.
      assert.deepEqual(
        (await entries("degrees of free")).map((x) => x.id),
        [ids.intrinsic],
      );
      for (const q of ["", "*", '"', "-x", "🤖", "x".repeat(5000)]) {
        const r = await site.get(`/database/suggest?${new URLSearchParams({ q })}`);
        assert.equal(r.status, 200, q.slice(0, 10));
        assert.ok(Array.isArray((await r.json()).suggestions));
      }
    });

    test("suggest: people whose names start with the typed words, and the issue typed", async () => {
      const suggest = async (q: string) =>
        (await (await site.get(`/database/suggest?${new URLSearchParams({ q })}`)).json()).suggestions as {
          kind: string;
          title: string;
          issue: string;
          href: string;
        }[];
      const yosinski = (await suggest("yosin")).filter((x) => x.kind === "author");
      assert.deepEqual(yosinski, [
        {
          kind: "author",
          title: "Jason Yosinski",
          issue: "author · 1 entry",
          href: "/database?author=Jason+Yosinski",
        },
      ]);
      assert.ok(
        (await suggest("yosin")).some((x) => x.kind === "entry"),
        "and the entries they wrote",
      );
      const flo = (await suggest("Flo")).filter((x) => x.kind === "summarizer");
      assert.deepEqual(
        flo.map((x) => [x.title, x.issue, x.href]),
        [["Flo", `summarizer · ${FILLERS} entries`, "/database?summarizer=Flo"]],
      );
      assert.deepEqual(
        (await suggest("zed")).filter((x) => x.kind === "summarizer"),
        [],
        "a summarizer of drafts only is not suggested",
      );
      const { upsertIssues } = await import("../../src/store/index.ts");
      await upsertIssues(store.db, [{ number: 53, url: "" }]);
      for (const q of ["AN #53", "an 53", "#53"]) {
        const first = (await suggest(q))[0];
        assert.deepEqual(
          first && [first.kind, first.title, first.href],
          ["issue", "AN #53", "/issues/53"],
          q,
        );
      }
      // The author filter the people link to narrows the page to their entries.
      const page = await html("/database?author=Jason+Yosinski");
      assert.deepEqual(resultIds(page), [ids.intrinsic]);
    });

    test("the database page: an issue typed gets its card on top; no entry with every word is said", async () => {
      const { upsertIssues } = await import("../../src/store/index.ts");
      await upsertIssues(store.db, [{ number: 53, url: "" }]);
      const issue = await html("/database?q=AN+%2353");
      assert.match(
        issue,
        /<section class="notice db-issue-card" aria-label="Issue AN #53"><a href="\/issues\/53">/,
      );
      assert.match(issue, /3 entries/);
      const some = await html(`/database?${new URLSearchParams({ q: "intrinsic exploration" })}`);
      assert.match(some, /No entry has all of your words/);
      assert.ok(resultIds(some).length > 1, "entries with some of the words are listed");
      const all = await html(`/database?${new URLSearchParams({ q: "intrinsic dimension" })}`);
      assert.doesNotMatch(all, /No entry has all of your words/);
    });

    test("result snippets mark the words the query matched, stems and prefixes alike", async () => {
      const page = await html(`/database?${new URLSearchParams({ q: "freedoms intrins" })}`);
      // "freedoms" matches "freedom" by its stem; "intrins" is an open prefix.
      assert.match(
        page,
        /<p class="result-snippet">[^<]*<mark>intrinsic<\/mark> dimension of a problem: how many degrees of <mark>freedom<\/mark>/,
      );
      const plain = await html("/database");
      assert.doesNotMatch(plain, /<mark>/, "no query, no marks");
    });
  });
}
