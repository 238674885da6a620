import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { exportEntries } from "../../src/entries/index.ts";
import { countEntries, getTaxonomy } from "../../src/store/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { sheetCsv } from "../helpers/factories.ts";
import type { LoggedIn, TestSite } from "../helpers/web.ts";
import { testSite } from "../helpers/web.ts";

const XSS = '<script>alert(1)</script>"><img src=x onerror=alert(1)>';

/** Sheet rows (the AN sheet's 13 columns) from the cells a test cares about. */
function row(title: string, more: Partial<Record<"category" | "highlight" | "year" | "email", string>> = {}) {
  return [
    more.category ?? "Learning human intent",
    more.highlight ?? "",
    title,
    "Ada Lovelace, Alan Turing",
    "arXiv",
    more.year ?? "2019",
    "",
    more.email ?? "AN #1",
    "Rohin",
    "A summary.",
    "An opinion.",
    "",
    "",
  ];
}

/** Our temporary upload and preview folders still on disk. */
function uploadDirs(): string[] {
  return readdirSync(tmpdir()).filter(
    (n) => n.startsWith("summa-upload-") || n.startsWith("summa-import-preview-"),
  );
}

/** The preview's token, from the dry-run page's confirm form. */
function tokenOf(html: string): string {
  const m = /name="token" value="([0-9a-f]{32})"/.exec(html);
  assert.ok(m, "the dry-run page carries the preview's token");
  return m[1]!;
}

for (const dialect of DIALECTS) {
  describe(`desk spreadsheet import (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let site: TestSite;
    let editor: LoggedIn;
    let summarizer: LoggedIn;

    const upload = (file: File | null, as: LoggedIn, csrf = true) => {
      const form = new FormData();
      if (csrf) form.set("_csrf", as.csrf);
      if (file) form.set("file", file);
      return site.app.request("http://summa.test/desk/import", {
        method: "POST",
        body: form,
        headers: { cookie: as.cookie },
      });
    };
    /** Upload, then confirm the dry run: the import as a person does it on the desk. */
    const importFile = async (file: File, as: LoggedIn) => {
      const preview = await upload(file, as);
      assert.equal(preview.status, 200);
      return site.post("/desk/import/confirm", { token: tokenOf(await preview.text()) }, as);
    };
    const csv = (rows: string[][], name = "sheet.csv", header?: string) =>
      new File([sheetCsv(rows, header)], name, { type: "text/csv" });

    before(async () => {
      store = await dialect.open();
      site = testSite(store);
      editor = await site.login("editor", "Rohin");
      summarizer = await site.login("summarizer", "Richard");
    });
    after(() => store?.dispose());

    test("the page offers a multipart upload form with the CSRF token", async () => {
      const res = await site.get("/desk/import", editor);
      assert.equal(res.status, 200);
      const html = await res.text();
      assert.match(html, /<form method="post" action="\/desk\/import" enctype="multipart\/form-data"/);
      assert.match(html, /name="file" type="file" required=""/);
      assert.match(html, new RegExp(`name="_csrf" value="${editor.csrf}"`));
    });

    test("a CSV upload imports and reports added, skipped rows, new categories and new issues", async () => {
      const before = uploadDirs();
      const file = csv([
        row("First paper"),
        row("Second paper", { category: "Basket weaving", email: "AN #2" }),
        row("First paper"),
      ]);
      const res = await importFile(file, editor);
      assert.equal(res.status, 200);
      const html = await res.text();
      assert.match(html, /Imported sheet.csv \(csv\)/);
      assert.match(html, /<dt>Added<\/dt><dd>2<\/dd>/);
      assert.match(html, /<dt>Changed<\/dt><dd>0<\/dd>/);
      assert.match(html, /<dt>Skipped<\/dt><dd>1<\/dd>/);
      assert.match(html, /<dt>New issues<\/dt><dd>2<\/dd>/);
      assert.match(html, /<td>4<\/td><td>same title and issue as row 2<\/td>/);
      assert.match(html, /New categories[\s\S]*<li>Basket weaving<\/li>/);
      assert.equal(await countEntries(store.db), 2);
      assert.ok((await getTaxonomy(store.db)).some((s) => s.categories.includes("Basket weaving")));
      assert.deepEqual(uploadDirs(), before, "the temporary file is removed");
      const again = await (
        await importFile(
          csv([row("First paper"), row("Second paper", { category: "Basket weaving", email: "AN #2" })]),
          editor,
        )
      ).text();
      assert.match(again, /<dt>Unchanged<\/dt><dd>2<\/dd>/);
      assert.match(again, /<dt>Added<\/dt><dd>0<\/dd>/);
    });

    test("an xlsx upload (binary, with hyperlinks) round-trips what was exported", async () => {
      const dir = mkdtempSync(join(tmpdir(), "summa-desk-export-"));
      try {
        const path = join(dir, "export.xlsx");
        const exported = await exportEntries(store, path, "xlsx");
        const res = await importFile(new File([readFileSync(path)], "AN database.xlsx"), editor);
        assert.equal(res.status, 200);
        const html = await res.text();
        assert.match(html, /Imported AN database.xlsx \(xlsx\)/);
        assert.match(html, new RegExp(`<dt>Unchanged</dt><dd>${exported}</dd>`));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test("a malformed file lists each problem by row and column and imports nothing", async () => {
      const before = await countEntries(store.db);
      const dirs = uploadDirs();
      const res = await upload(
        csv(
          [row("Fine row"), row("Bad highlight", { highlight: "maybe" }), row("Bad year", { year: "20x9" })],
          "broken.csv",
        ),
        editor,
      );
      assert.equal(res.status, 422);
      const html = await res.text();
      assert.match(html, /Nothing was imported/);
      assert.match(html, /2 problems/);
      assert.match(
        html,
        /<tr><td>3<\/td><td>Highlight\?<\/td><td>expected &quot;Highlight&quot; or empty, got &quot;maybe&quot;<\/td><\/tr>/,
      );
      assert.match(
        html,
        /<tr><td>4<\/td><td>Year<\/td><td>expected a four-digit year, got &quot;20x9&quot;<\/td><\/tr>/,
      );
      assert.equal(await countEntries(store.db), before);
      assert.deepEqual(uploadDirs(), dirs, "the temporary file is removed after a failure too");
    });

    test("a file without the sheet's columns, an empty file and no file are refused with a message", async () => {
      const missing = await upload(new File(["Name,Colour\nx,y\n"], "other.csv"), editor);
      assert.equal(missing.status, 422);
      assert.match(await missing.text(), /missing columns/);
      const empty = await upload(new File([""], "empty.csv"), editor);
      assert.equal(empty.status, 422);
      assert.match(await empty.text(), /Choose a spreadsheet file to import/);
      const none = await upload(null, editor);
      assert.equal(none.status, 422);
      const binary = await upload(
        new File([new Uint8Array([0, 1, 2, 3, 0, 0, 0, 9, 8, 7])], "x.bin"),
        editor,
      );
      assert.equal(binary.status, 422);
      assert.match(await binary.text(), /not a spreadsheet Summa can read/);
    });

    test("an upload over 20 MB is refused with 413 before it is read", async () => {
      const before = await countEntries(store.db);
      const big = new File([new Uint8Array(21 * 1024 * 1024).fill(0x61)], "big.csv");
      const res = await upload(big, editor);
      assert.equal(res.status, 413);
      assert.match(await res.text(), /larger than 20 MB/);
      assert.equal(await countEntries(store.db), before);
    });

    test("the report and the problems show payloads escaped", async () => {
      const preview = await (await upload(csv([row(XSS, { category: XSS })], `${XSS}.csv`), editor)).text();
      assert.ok(!preview.includes("<script>alert(1)</script>"));
      assert.ok(!preview.includes("<img src=x"));
      const ok = await (await site.post("/desk/import/confirm", { token: tokenOf(preview) }, editor)).text();
      assert.match(
        ok,
        /<li>&lt;script&gt;alert\(1\)&lt;\/script&gt;&quot;&gt;&lt;img src=x onerror=alert\(1\)&gt;<\/li>/,
      );
      assert.ok(!ok.includes("<script>alert(1)</script>"));
      assert.ok(!ok.includes("<img src=x"));
      const bad = await (await upload(csv([row("x", { year: XSS })]), editor)).text();
      assert.match(bad, /got &quot;&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      assert.ok(!bad.includes("<script>alert(1)</script>"));
      assert.ok(!bad.includes("<img src=x"));
    });

    test("summarizers may not import (403) and nothing is imported", async () => {
      const before = await countEntries(store.db);
      assert.equal((await site.get("/desk/import", summarizer)).status, 403);
      assert.equal((await upload(csv([row("Summarizer's import")]), summarizer)).status, 403);
      const preview = await (await upload(csv([row("Summarizer's import")]), editor)).text();
      const token = tokenOf(preview);
      assert.equal((await site.post("/desk/import/confirm", { token }, summarizer)).status, 403);
      assert.equal(await countEntries(store.db), before);
      await site.post("/desk/import/cancel", { token }, editor);
    });

    test("an upload without the CSRF token is refused (403) and nothing is imported", async () => {
      const before = await countEntries(store.db);
      assert.equal((await upload(csv([row("Forged import")]), editor, false)).status, 403);
      assert.equal(await countEntries(store.db), before);
    });
  });
}
