import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import ExcelJS from "exceljs";
import { SummaError } from "../../src/domain/errors.ts";
import { exportUrlFor, importFrom } from "../../src/entries/index.ts";
import { XLSX_HEADERS } from "../../src/formats/export/index.ts";
import { allEntries } from "../../src/store/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { sheetCsv } from "../helpers/factories.ts";

/** `summa import URL` against a real HTTP server on 127.0.0.1, as a Google Sheet export link would be. */
async function sheetXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Sheet1");
  ws.addRow(XLSX_HEADERS);
  ws.addRow([
    "Interpretability",
    "Highlight",
    { text: "Linked title", hyperlink: "https://arxiv.org/abs/2001.00001" },
    "A Person",
    "arXiv",
    2020,
    "",
    { text: "AN #90", hyperlink: "https://mailchi.mp/x/an-90" },
    "Rohin",
    "Summary.",
    "",
    "",
    "",
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe("import from a URL", () => {
  let server: Server;
  let base: string;
  let xlsx: Buffer;
  const sqlite = DIALECTS[0]!;
  let store: TestStore;

  before(async () => {
    xlsx = await sheetXlsx();
    server = createServer((req, res) => {
      if (req.url?.startsWith("/spreadsheets/export")) {
        res.writeHead(200, {
          "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          "content-disposition": 'attachment; filename="Alignment Newsletter Database.xlsx"',
        });
        res.end(xlsx);
      } else if (req.url === "/sheet.csv") {
        res.writeHead(200, { "content-type": "text/csv" });
        res.end(sheetCsv([["News", "", "From CSV", "", "", "", "", "AN #91", "", "", "", "", ""]]));
      } else if (req.url === "/redirect") {
        res.writeHead(302, { location: "/sheet.csv" });
        res.end();
      } else if (req.url === "/private") {
        res.writeHead(403);
        res.end("sign in");
      } else if (req.url === "/page.html") {
        res.writeHead(200, { "content-type": "text/html" });
        res.end("<html><body><p>Sign in to continue</p></body></html>");
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    store = await sqlite.open();
  });
  after(async () => {
    await store?.dispose();
    await new Promise((resolve) => server.close(resolve));
  });

  test("fetches an xlsx export, keeping its hyperlinks", async () => {
    const report = await importFrom(store, `${base}/spreadsheets/export?format=xlsx`);
    assert.equal(report.format, "xlsx");
    assert.equal(report.added, 1);
    const entries = [];
    for await (const e of allEntries(store.db)) entries.push(e);
    assert.equal(entries[0]!.url, "https://arxiv.org/abs/2001.00001");
    assert.equal(entries[0]!.issueUrl, "https://mailchi.mp/x/an-90");
    assert.equal(entries[0]!.highlight, true);
  });

  test("follows redirects and reads CSV", async () => {
    const report = await importFrom(store, `${base}/redirect`);
    assert.deepEqual([report.format, report.added], ["csv", 1]);
  });

  test("HTTP errors, pages that are not sheets and unreachable servers fail with the URL in the message", async () => {
    await assert.rejects(importFrom(store, `${base}/private`), (err: unknown) => {
      assert.ok(err instanceof SummaError);
      assert.equal(err.code, "import.fetch_failed");
      assert.match(err.message, /answered 403.*Anyone with the link/);
      return true;
    });
    await assert.rejects(importFrom(store, `${base}/missing`), /answered 404/);
    await assert.rejects(importFrom(store, `${base}/page.html`), /no spreadsheet table found/);
    await assert.rejects(importFrom(store, "http://127.0.0.1:1/sheet.csv"), (err: unknown) => {
      assert.ok(err instanceof SummaError);
      assert.equal(err.code, "import.fetch_failed");
      assert.match(err.message, /127\.0\.0\.1:1\/sheet\.csv: download failed/);
      return true;
    });
  });

  test("a Google Sheets page address becomes its xlsx export link", () => {
    assert.equal(
      exportUrlFor(
        "https://docs.google.com/spreadsheets/d/1PwWbWZ6FPqAgZWOoOcXM8N_tUCuxpEyMbN1NYYC02aM/edit#gid=0",
      ),
      "https://docs.google.com/spreadsheets/d/1PwWbWZ6FPqAgZWOoOcXM8N_tUCuxpEyMbN1NYYC02aM/export?format=xlsx",
    );
    assert.equal(exportUrlFor("https://example.org/a.csv"), "https://example.org/a.csv");
  });
});
