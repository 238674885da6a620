import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { emptyEntryFields } from "../../src/domain/entry.ts";
import { SummaError } from "../../src/domain/errors.ts";
import { mapHeader } from "../../src/formats/import/columns.ts";
import type { RawRow } from "../../src/formats/import/raw-row.ts";
import { checkHeader, isBlankRow, parseRow } from "../../src/formats/import/row.ts";

function raw(values: RawRow["values"], row = 5): RawRow {
  return { row, values: { title: "A title", ...values } };
}

function invalid(values: RawRow["values"], column: string, row = 5) {
  return (err: unknown) => {
    assert.ok(err instanceof SummaError, String(err));
    assert.equal(err.code, "import.invalid_value");
    assert.ok(err.message.includes("an.csv"), err.message);
    assert.ok(err.message.includes(`row ${row}`), err.message);
    assert.ok(err.message.includes(`column "${column}"`), err.message);
    assert.equal(err.details.row, row);
    assert.equal(err.details.column, column);
    assert.equal(err.details.file, "an.csv");
    for (const v of Object.values(values)) if (v) assert.ok(err.message.includes(v), err.message);
    return true;
  };
}

describe("parseRow", () => {
  test("a full sheet row becomes entry fields", () => {
    const parsed = parseRow(
      {
        row: 12,
        values: {
          category: "Adversarial examples",
          highlight: "Highlight",
          title: "Adversarial Examples Are Not Bugs, They Are Features ",
          url: "http://gradientscience.org/adv/",
          authors: "Andrew Ilyas*, Aleksander Madry",
          venue: "arXiv",
          venue_url: "https://arxiv.org/abs/1905.02175",
          year: "2019",
          hat_tip: "Someone",
          email: "AN #62",
          issue_url: "https://mailchi.mp/x/an-62",
          summarizer: "Rohin/Robert",
          summary: "Two explanations.",
          opinion: "I like it.",
          prerequisites: "AN #1",
          prerequisites_url: "https://example.org/1",
          read_more: "Distill discussion",
          read_more_url: "https://distill.pub/2019/advex-bugs-discussion/",
        },
      },
      "an.csv",
    );
    assert.equal(parsed.row, 12);
    assert.equal(parsed.sheetRow, 12);
    assert.deepEqual(parsed.fields, {
      category: "Adversarial examples",
      highlight: true,
      // Cells are kept verbatim, trailing spaces included.
      title: "Adversarial Examples Are Not Bugs, They Are Features ",
      url: "http://gradientscience.org/adv/",
      authors: [
        { name: "Andrew Ilyas", equalContribution: true },
        { name: "Aleksander Madry", equalContribution: false },
      ],
      venue: "arXiv",
      venueUrl: "https://arxiv.org/abs/1905.02175",
      year: 2019,
      hatTip: "Someone",
      issueLabel: "AN #62",
      issueNumber: 62,
      issueUrl: "https://mailchi.mp/x/an-62",
      summarizers: ["Rohin", "Robert"],
      summary: "Two explanations.",
      opinion: "I like it.",
      prerequisites: "AN #1",
      prerequisitesUrl: "https://example.org/1",
      readMore: "Distill discussion",
      readMoreUrl: "https://distill.pub/2019/advex-bugs-discussion/",
    });
  });

  test("absent columns are empty fields", () => {
    const parsed = parseRow(raw({}), "an.csv");
    assert.deepEqual(parsed.fields, { ...emptyEntryFields(), title: "A title" });
  });

  test("labels other than AN #N are kept verbatim with no issue number", () => {
    for (const label of ["Recon #4", "N/A", ""]) {
      const { fields } = parseRow(raw({ email: label }), "an.csv");
      assert.equal(fields.issueLabel, label);
      assert.equal(fields.issueNumber, null);
    }
  });

  test("Highlight? accepts the sheet's word and the usual booleans", () => {
    for (const v of ["Highlight", "highlight", " HIGHLIGHT ", "TRUE", "True", "yes", "Y", "1", "x"]) {
      assert.equal(parseRow(raw({ highlight: v }), "an.csv").fields.highlight, true, v);
    }
    for (const v of ["", "  ", "False", "FALSE", "no", "n", "0"]) {
      assert.equal(parseRow(raw({ highlight: v }), "an.csv").fields.highlight, false, v);
    }
  });

  test("a bad Highlight? value names the file, the row and the column", () => {
    assert.throws(
      () => parseRow(raw({ highlight: "maybe" }), "an.csv"),
      invalid({ highlight: "maybe" }, "Highlight?"),
    );
  });

  test("Year: four digits, optionally written as 2019.0, empty is unknown", () => {
    assert.equal(parseRow(raw({ year: "2019" }), "an.csv").fields.year, 2019);
    assert.equal(parseRow(raw({ year: "2019.0" }), "an.csv").fields.year, 2019);
    assert.equal(parseRow(raw({ year: " 2021.00 " }), "an.csv").fields.year, 2021);
    assert.equal(parseRow(raw({ year: "" }), "an.csv").fields.year, null);
    assert.equal(parseRow(raw({ year: "  " }), "an.csv").fields.year, null);
    assert.equal(parseRow(raw({ year: "1800" }), "an.csv").fields.year, 1800);
  });

  test("a bad Year names the file, the row and the column", () => {
    for (const year of ["20x9", "1700", "19", "2019.5", "3000", "two thousand", "-2019"]) {
      assert.throws(() => parseRow(raw({ year }, 9), "an.csv"), invalid({ year }, "Year", 9), year);
    }
  });

  test("an empty Title is rejected", () => {
    for (const title of ["", "   ", "\n"]) {
      assert.throws(() => parseRow({ row: 3, values: { title } }, "an.csv"), invalid({}, "Title", 3));
    }
    assert.throws(() => parseRow({ row: 3, values: {} }, "an.csv"), invalid({}, "Title", 3));
  });

  test("CRLF and lone CR line endings become \\n in every text field", () => {
    const { fields } = parseRow(
      raw({ title: "Two\r\nlines", summary: "a\r\nb\rc\nd", opinion: "x\r\n\r\ny" }),
      "an.csv",
    );
    assert.equal(fields.title, "Two\nlines");
    assert.equal(fields.summary, "a\nb\nc\nd");
    assert.equal(fields.opinion, "x\n\ny");
  });

  test("sheet_row sets the export position; a bad one is rejected", () => {
    assert.equal(parseRow(raw({ sheet_row: "41" }, 7), "an.csv").sheetRow, 41);
    assert.equal(parseRow(raw({ sheet_row: " " }, 7), "an.csv").sheetRow, 7);
    assert.throws(
      () => parseRow(raw({ sheet_row: "4x" }, 7), "an.csv"),
      invalid({ sheet_row: "4x" }, "sheet_row", 7),
    );
  });
});

describe("isBlankRow", () => {
  test("a row with only empty or whitespace cells is blank", () => {
    assert.equal(isBlankRow({ row: 2, values: {} }), true);
    assert.equal(isBlankRow({ row: 2, values: { title: "", category: "  ", summary: "\n\t" } }), true);
  });

  test("any text makes a row not blank", () => {
    assert.equal(isBlankRow({ row: 2, values: { title: "", summary: "x" } }), false);
    assert.equal(isBlankRow({ row: 2, values: { highlight: "Highlight" } }), false);
  });
});

describe("checkHeader", () => {
  test("passes a complete header", () => {
    assert.doesNotThrow(() =>
      checkHeader(
        mapHeader([
          "category",
          "highlight",
          "title",
          "authors",
          "venue",
          "hat_tip",
          "email",
          "summarizer",
          "summary",
          "opinion",
          "prerequisites",
          "read_more",
        ]),
        "an.csv",
      ),
    );
  });

  test("names every missing column by the sheet's spelling, at row 1", () => {
    assert.throws(
      () =>
        checkHeader(mapHeader(["Category", "Title", "Authors", "Venue", "Summary", "Summarizer"]), "an.csv"),
      (err: unknown) => {
        assert.ok(err instanceof SummaError);
        assert.equal(err.code, "import.missing_columns");
        assert.match(err.message, /^an\.csv, row 1: missing columns /);
        for (const h of [
          '"Highlight?"',
          '"H/T"',
          '"Email"',
          '"My opinion"',
          '"Prerequisites"',
          '"Read more"',
        ])
          assert.ok(err.message.includes(h), `${h} in ${err.message}`);
        assert.ok(!err.message.includes('"Title"'));
        assert.deepEqual(err.details.missing, [
          "highlight",
          "hat_tip",
          "email",
          "opinion",
          "prerequisites",
          "read_more",
        ]);
        return true;
      },
    );
  });

  test("one missing column is singular", () => {
    const header = [
      "Category",
      "Highlight?",
      "Title",
      "Authors",
      "Venue",
      "H/T",
      "Email",
      "Summarizer",
      "Summary",
      "My opinion",
      "Prerequisites",
    ];
    assert.throws(() => checkHeader(mapHeader(header), "an.csv"), /missing column "Read more"\./);
  });
});
