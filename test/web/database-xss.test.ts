import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { type TestSite, testSite } from "../helpers/web.ts";
import { addEntries, facetLinks, resultIds } from "./database-fixture.ts";

const SCRIPT = "<script>alert(1)</script>";
const IMG = '"><img src=x onerror=alert(1)>';
const JS_URL = "javascript:alert(1)";
const TITLE = `Xss title ${SCRIPT} ${IMG}`;

/** What must never reach a page as markup. */
function assertInert(html: string, where: string): void {
  assert.doesNotMatch(html, /<script>alert/i, where);
  assert.doesNotMatch(html, /<img src=x onerror/i, where);
  assert.doesNotMatch(html, /(href|src|action)\s*=\s*["']?\s*javascript:/i, where);
}

for (const dialect of DIALECTS) {
  describe(`the database browser escapes what entries hold (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let site: TestSite;
    let id: number;

    before(async () => {
      store = await dialect.open();
      site = testSite(store);
      const ids = await addEntries(store, [
        {
          key: "xss",
          fields: {
            title: TITLE,
            url: JS_URL,
            authors: [
              { name: SCRIPT, equalContribution: false },
              { name: IMG, equalContribution: false },
            ],
            venue: `${IMG} venue`,
            venueUrl: JS_URL,
            category: `${SCRIPT} category`,
            highlight: true,
            hatTip: SCRIPT,
            issueLabel: "AN #7",
            issueNumber: 7,
            issueUrl: JS_URL,
            summarizers: [IMG],
            summary: `Xss summary ${SCRIPT} ${IMG} [click](${JS_URL}) <@${SCRIPT}@> <${JS_URL}>`,
            opinion: `${IMG} [x](${JS_URL})`,
            prerequisites: SCRIPT,
            prerequisitesUrl: JS_URL,
            readMore: IMG,
            readMoreUrl: JS_URL,
          },
        },
      ]);
      id = ids.xss!;
    });
    after(() => store?.dispose());

    const get = async (path: string) => {
      const res = await site.get(path);
      assert.equal(res.status, 200, path);
      return res.text();
    };

    test("results, facets, active filters, highlights mode and lookup show the text, escaped", async () => {
      const pages = [
        "/database",
        "/database?q=xss",
        `/database?${new URLSearchParams({ q: `${SCRIPT} ${IMG}` })}`,
        "/database?highlights=1",
        `/database?${new URLSearchParams({ category: `${SCRIPT} category`, summarizer: IMG, venue: `${IMG} venue` })}`,
        `/database/lookup?${new URLSearchParams({ u: TITLE })}`,
        `/database/lookup?${new URLSearchParams({ u: `${SCRIPT}${IMG}` })}`,
        `/database/lookup?${new URLSearchParams({ u: JS_URL })}`,
      ];
      for (const path of pages) {
        const html = await get(path);
        assertInert(html, path);
        if (!path.includes("javascript"))
          assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/, `${path} shows the text`);
      }
      const list = await get("/database?q=xss");
      assert.deepEqual(resultIds(list), [id]);
      assert.match(list, /&quot;&gt;&lt;img src=x onerror=alert\(1\)&gt;/);
      const labels = facetLinks(await get("/database")).map((l) => l.label);
      for (const value of [`${SCRIPT} category`, IMG, `${IMG} venue`])
        assert.ok(labels.includes(value), value);

      const chosen = await get(
        `/database?${new URLSearchParams({ category: `${SCRIPT} category`, summarizer: IMG, venue: `${IMG} venue` })}`,
      );
      assert.deepEqual(resultIds(chosen), [id], "the payload values work as filters");
      const full = await get("/database?highlights=1");
      assert.match(full, /<article class="entry"/);
      assert.match(full, /<span class="entry-title">Xss title/, "an unsafe URL gives no link");
    });

    test("suggestions are JSON with markup characters escaped, the data intact", async () => {
      const res = await site.get("/database/suggest?q=xss");
      const text = await res.text();
      assert.doesNotMatch(text, /[<>]/);
      assert.deepEqual(
        JSON.parse(text).suggestions.filter((x: { kind: string }) => x.kind === "entry"),
        [{ kind: "entry", id, title: TITLE, issue: "AN #7", href: `/entries/${id}` }],
      );
      assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    });

    test("downloads are attachments, never pages, and carry no javascript: links", async () => {
      for (const ext of ["csv", "xlsx", "bib"]) {
        const res = await site.get(`/database/download.${ext}?q=xss`);
        assert.equal(res.status, 200);
        assert.match(res.headers.get("content-disposition")!, /^attachment;/);
        const type = res.headers.get("content-type")!;
        assert.match(type, /^(text\/csv|application\/vnd\.openxmlformats|application\/x-bibtex)/);
        assert.doesNotMatch(type, /html/);
        assert.equal(res.headers.get("x-content-type-options"), "nosniff");
        if (ext === "xlsx") {
          const wb = new ExcelJS.Workbook();
          await wb.xlsx.load(await res.arrayBuffer());
          wb.worksheets[0]!.eachRow((row) =>
            row.eachCell((cell) => {
              const link = (cell.value as { hyperlink?: string } | null)?.hyperlink ?? "";
              assert.doesNotMatch(link, /^\s*javascript:/i);
            }),
          );
          continue;
        }
        const text = await res.text();
        if (ext === "csv") {
          const [row]: Record<string, string>[] = parse(text, { columns: true });
          // Text is data, kept as written (an export must import back); links are only http(s).
          assert.equal(row!.title, TITLE);
          for (const column of ["url", "venue_url", "issue_url", "prerequisites_url", "read_more_url"])
            assert.equal(row![column], "", column);
        } else assert.doesNotMatch(text, /url = \{javascript:/);
      }
    });
  });
}
