import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Entry } from "../../src/domain/entry.ts";
import { bibtexEntry, escapeBibtex } from "../../src/formats/export/bibtex.ts";
import { storedEntry } from "../helpers/factories.ts";

const entry = storedEntry;

/** The entry's key and its fields, parsed from `@misc{key,\n  name = {value},\n ...}`. */
function parseBib(text: string): { type: string; key: string; fields: Record<string, string> } {
  const m = /^@(\w+)\{([^,\s]+),\n([\s\S]*)\n\}\n$/.exec(text);
  assert.ok(m, `not one BibTeX entry:\n${text}`);
  const fields: Record<string, string> = {};
  for (const line of m[3]!.split(",\n")) {
    const f = /^ {2}(\w+) = \{([\s\S]*)\}$/.exec(line);
    assert.ok(f, `bad field line: ${line}`);
    fields[f[1]!] = f[2]!;
  }
  return { type: m[1]!, key: m[2]!, fields };
}

/** Braces balance, not counting escaped ones, and never close more than were opened. */
function assertBalanced(text: string): void {
  let depth = 0;
  for (const ch of text.replace(/\\[{}]/g, "")) {
    if (ch === "{") depth++;
    if (ch === "}") depth--;
    assert.ok(depth >= 0, `unbalanced braces in\n${text}`);
  }
  assert.equal(depth, 0, `unbalanced braces in\n${text}`);
}

describe("escapeBibtex", () => {
  test("an unbalanced brace cannot swallow the rest of the file", () => {
    const out = escapeBibtex("Sets like {x | x > 0");
    const depth = [...out].reduce((d, c) => d + (c === "{" ? 1 : c === "}" ? -1 : 0), 0);
    assert.equal(depth, 0);
  });

  test("escapes LaTeX specials", () => {
    assert.equal(
      escapeBibtex("50% & $5 #1 a_b {x}"),
      "50\\% \\& \\$5 \\#1 a\\_b \\textbraceleft{}x\\textbraceright{}",
    );
    assert.equal(escapeBibtex("a~b^c"), "a\\textasciitilde{}b\\textasciicircum{}c");
  });

  test("a backslash becomes \\textbackslash{} with its braces intact", () => {
    assert.equal(escapeBibtex("C:\\path"), "C:\\textbackslash{}path");
  });

  test("collapses whitespace and trims; plain text and Unicode are untouched", () => {
    assert.equal(escapeBibtex("  two\n\nlines\there  "), "two lines here");
    assert.equal(escapeBibtex("Schrödinger's 人工知能"), "Schrödinger's 人工知能");
  });
});

describe("bibtexEntry", () => {
  test("one @misc with title, authors, year, venue, url, the AN issue and the summarizers", () => {
    const e = entry({
      title: "Adversarial Examples Are Not Bugs, They Are Features",
      authors: [
        { name: "Andrew Ilyas", equalContribution: true },
        { name: "Aleksander Madry", equalContribution: false },
      ],
      year: 2019,
      venue: "arXiv",
      url: "http://gradientscience.org/adv/",
      issueLabel: "AN #62",
      issueNumber: 62,
      issueUrl: "https://mailchi.mp/x/an-62",
      summarizers: ["Rohin", "Robert"],
      category: "Adversarial examples",
    });
    const text = bibtexEntry(e, new Set());
    assertBalanced(text);
    const bib = parseBib(text);
    assert.equal(bib.type, "misc");
    assert.equal(bib.key, "ilyas2019adversarial");
    assert.deepEqual(bib.fields, {
      title: "{Adversarial Examples Are Not Bugs, They Are Features}",
      author: "Andrew Ilyas and Aleksander Madry",
      year: "2019",
      howpublished: "arXiv",
      url: "http://gradientscience.org/adv/",
      note: "Summarized in Alignment Newsletter \\#62, summarized by Rohin and Robert",
      annote: "Issue: https://mailchi.mp/x/an-62",
      keywords: "Adversarial examples",
    });
  });

  test("the newsletter's name can be given", () => {
    const bib = parseBib(
      bibtexEntry(entry({ issueLabel: "AN #53", issueNumber: 53 }), new Set(), "ML Safety Newsletter"),
    );
    assert.match(bib.fields.note!, /^Summarized in ML Safety Newsletter \\#53/);
  });

  test("a label that is not an AN issue is noted verbatim; N/A and empty are not", () => {
    const recon = parseBib(
      bibtexEntry(entry({ issueLabel: "Recon #4", issueNumber: null, summarizers: [] }), new Set()),
    );
    assert.equal(recon.fields.note, "Summarized in Recon \\#4");
    for (const issueLabel of ["N/A", ""]) {
      const bib = parseBib(bibtexEntry(entry({ issueLabel, issueNumber: null, summarizers: [] }), new Set()));
      assert.equal(bib.fields.note, undefined, issueLabel);
    }
  });

  test("LaTeX specials in every field are escaped and braces stay balanced", () => {
    const e = entry({
      title: "100% {Robust} & $cheap$ #1 models_v2 ~ ^",
      authors: [{ name: "A_B & C", equalContribution: false }],
      venue: "Workshop #3 & co",
      category: "R&D_notes",
      url: "https://x.org/{weird}%20path",
    });
    const text = bibtexEntry(e, new Set());
    assertBalanced(text);
    const bib = parseBib(text);
    assert.equal(
      bib.fields.title,
      "{100\\% \\textbraceleft{}Robust\\textbraceright{} \\& \\$cheap\\$ \\#1 models\\_v2 \\textasciitilde{} \\textasciicircum{}}",
    );
    assert.equal(bib.fields.author, "A\\_B \\& C");
    assert.equal(bib.fields.howpublished, "Workshop \\#3 \\& co");
    assert.equal(bib.fields.keywords, "R\\&D\\_notes");
    assert.equal(bib.fields.url, "https://x.org/weird%20path");
  });

  test("markdown links in titles read as their text", () => {
    const bib = parseBib(
      bibtexEntry(
        entry({ title: "[Debate](https://a.org) and [Amplification](https://b.org) revisited" }),
        new Set(),
      ),
    );
    assert.equal(bib.fields.title, "{Debate and Amplification revisited}");
  });

  test("keys: first author's surname, year, first significant title word; ASCII only", () => {
    const key = (o: Partial<Entry>) => parseBib(bibtexEntry(entry(o), new Set())).key;
    assert.equal(
      key({
        authors: [{ name: "Jürgen Schmidhuber", equalContribution: false }],
        year: 2015,
        title: "The Deep Learning overview",
      }),
      "schmidhuber2015deep",
    );
    assert.equal(key({ authors: [], year: null, title: "On the of it" }), "anonitem");
    assert.equal(
      key({ authors: [{ name: "王小明", equalContribution: false }], year: 2020, title: "Towards Safe AGI" }),
      "anon2020safe",
    );
    for (const k of [key({ title: "Ünïcödé títle" }), key({ title: "!!!" })]) assert.match(k, /^[a-z0-9]+$/);
  });

  test("keys are unique across an export", () => {
    const used = new Set<string>();
    const same = () =>
      entry({
        authors: [{ name: "Ada Lovelace", equalContribution: false }],
        year: 2019,
        title: "Reward learning",
      });
    const keys = Array.from({ length: 60 }, () => parseBib(bibtexEntry(same(), used)).key);
    assert.equal(new Set(keys).size, keys.length);
    assert.deepEqual(keys.slice(0, 3), ["lovelace2019reward", "lovelace2019rewarda", "lovelace2019rewardb"]);
    for (const k of keys) assert.match(k, /^[a-z0-9]+$/);
    assert.equal(used.size, 60);
  });

  test("empty optional fields are left out", () => {
    const bib = parseBib(
      bibtexEntry(
        entry({
          authors: [],
          year: null,
          venue: "",
          url: "",
          issueLabel: "",
          issueNumber: null,
          issueUrl: "",
          summarizers: [],
          category: "",
        }),
        new Set(),
      ),
    );
    assert.deepEqual(Object.keys(bib.fields), ["title"]);
  });
});
