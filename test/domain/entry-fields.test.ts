import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { emptyEntryFields } from "../../src/domain/entry.ts";
import { ENTRY_FIELDS, type FieldSpec } from "../../src/domain/entry-fields.ts";
import { csvHeader, csvRows } from "../../src/formats/export/csv.ts";
import { exportColumns, toExportRecord } from "../../src/formats/export/record.ts";
import { xlsxHeaders, xlsxRow } from "../../src/formats/export/xlsx.ts";
import { mapHeader } from "../../src/formats/import/columns.ts";
import type { RawRow } from "../../src/formats/import/raw-row.ts";
import { parseRow } from "../../src/formats/import/row.ts";
import { toEntry, toEntryContent } from "../../src/store/repositories/entry-row.ts";
import {
  entryBodySchema,
  entryFieldProperties,
  entryFieldsJson,
  entryInputProperties,
} from "../../src/web/api/entry-fields-api.ts";
import { EntryForm } from "../../src/web/desk/entries-form.tsx";
import { blankValues, formLayout, valuesFromBody } from "../../src/web/desk/entries-values.ts";
import { storedEntry } from "../helpers/factories.ts";

// A field a newsletter might add: the code release of a paper, with its own sheet column.
const CODE: FieldSpec = {
  name: "code",
  column: "code",
  header: "Code",
  label: "Code release",
  kind: "line",
  input: true,
  inIssues: false,
  hint: "Where the paper's code is.",
};
const TABLE: readonly FieldSpec[] = [...ENTRY_FIELDS, CODE];
const HEADERS = [...xlsxHeaders(), "Code"];

describe("the entry field table: one row added, seen in every layer", () => {
  it("import reads its column by its header and its snake_case name", () => {
    const map = mapHeader(HEADERS, TABLE);
    assert.deepEqual(map.unknown, []);
    assert.ok(map.fields.includes("code" as never));
    assert.deepEqual(mapHeader(HEADERS).unknown, ["Code"], "the entry's own table does not know it");
    const raw: RawRow = {
      row: 2,
      values: { title: "A paper", category: "Interpretability", code: "github.com/x/y" } as RawRow["values"],
    };
    const parsed = parseRow(raw, "sheet.csv", "AN", TABLE);
    assert.equal((parsed.fields as unknown as Record<string, unknown>).code, "github.com/x/y");
  });

  it("export writes it in CSV, JSON records and xlsx", () => {
    const entry = { ...storedEntry({ title: "A paper" }), code: "github.com/x/y" };
    assert.equal(exportColumns(TABLE).at(-1), "code");
    assert.equal((toExportRecord(entry, TABLE) as unknown as Record<string, unknown>).code, "github.com/x/y");
    assert.match(csvHeader(TABLE), /,code\r?\n$/);
    assert.match(csvRows([entry], TABLE), /github\.com\/x\/y/);
    assert.deepEqual(xlsxHeaders(TABLE).at(-1), "Code");
    assert.equal(xlsxRow(entry, TABLE).at(-1), "github.com/x/y");
  });

  it("the API sends it, documents it and accepts it in a body", () => {
    const sent = entryFieldProperties(TABLE) as Record<string, { type: string; description?: string }>;
    assert.deepEqual(sent.code, { type: "string", description: "Where the paper's code is." });
    assert.ok("code" in entryInputProperties(TABLE));
    assert.equal(entryBodySchema(TABLE).safeParse({ code: "x" }).success, true);
    assert.equal(entryBodySchema().safeParse({ code: "x" }).success, false, "bodies stay strict");
    const json = entryFieldsJson({ ...storedEntry(), code: "x" }, null, TABLE);
    assert.equal(json.code, "x");
  });

  it("the desk form shows an input for it, labelled, and reads it back from a post", () => {
    const layout = formLayout(TABLE);
    const html = String(
      EntryForm({
        action: "/desk/entries",
        csrf: "t",
        values: blankValues(TABLE),
        errors: {},
        taxonomy: [],
        editable: true,
        statusEditable: true,
        layout,
      }),
    );
    assert.match(html, /<label for="field-code">Code release<\/label>/);
    assert.match(html, /<input id="field-code" name="code"/);
    assert.equal(valuesFromBody({ code: "github.com/x/y" }, TABLE).text.code, "github.com/x/y");
  });
});

describe("the entry field table itself", () => {
  it("every field round-trips through its database columns", () => {
    const entry = storedEntry({
      highlight: true,
      year: 2019,
      authors: [{ name: "Ada", equalContribution: true }],
      summarizers: ["Rohin", "Robert"],
      issueLabel: "AN #53",
      issueNumber: 53,
    });
    const row = { ...toEntryContent(entry, 7), id: entry.id, status: entry.status, created_by: null };
    const back = toEntry(row as never);
    for (const f of ENTRY_FIELDS) assert.deepEqual(back[f.name], entry[f.name], f.name);
  });

  it("names, columns and headers are unique, and a new entry has every field", () => {
    for (const key of ["name", "column", "header"] as const) {
      const values = ENTRY_FIELDS.map((f) => (f as FieldSpec)[key]).filter(Boolean);
      assert.equal(new Set(values).size, values.length, key);
    }
    assert.deepEqual(
      Object.keys(emptyEntryFields()),
      ENTRY_FIELDS.map((f) => f.name),
    );
    for (const f of ENTRY_FIELDS as readonly FieldSpec[])
      if (f.linkOf)
        assert.ok(
          ENTRY_FIELDS.some((g) => g.name === f.linkOf),
          `${f.name} links ${f.linkOf}`,
        );
  });
});
