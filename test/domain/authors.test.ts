import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { formatAuthors, parseAuthors } from "../../src/domain/authors.ts";
import { formatSummarizers, parseSummarizers } from "../../src/domain/summarizers.ts";

describe("parseAuthors", () => {
  test("splits on commas and keeps `*` equal-contribution marks", () => {
    assert.deepEqual(parseAuthors("Andrew Ilyas*, Shibani Santurkar*, Aleksander Madry"), [
      { name: "Andrew Ilyas", equalContribution: true },
      { name: "Shibani Santurkar", equalContribution: true },
      { name: "Aleksander Madry", equalContribution: false },
    ]);
  });

  test("trims names, drops empty parts and a space before the mark", () => {
    assert.deepEqual(parseAuthors("  Ada Lovelace ,, Alan Turing *, "), [
      { name: "Ada Lovelace", equalContribution: false },
      { name: "Alan Turing", equalContribution: true },
    ]);
  });

  test("an empty or blank cell is no authors", () => {
    assert.deepEqual(parseAuthors(""), []);
    assert.deepEqual(parseAuthors("   \n "), []);
  });

  test("a single author without commas", () => {
    assert.deepEqual(parseAuthors("Paul Christiano"), [
      { name: "Paul Christiano", equalContribution: false },
    ]);
  });

  test("a `*` alone is not an author with an empty name", () => {
    const authors = parseAuthors("Ada Lovelace, *");
    assert.ok(
      authors.every((a) => a.name !== ""),
      `got an author with an empty name: ${JSON.stringify(authors)}`,
    );
  });

  test("formatAuthors(parseAuthors(x)) gives back the sheet's spelling", () => {
    for (const cell of [
      "Andrew Ilyas*, Shibani Santurkar*, Dimitris Tsipras*, Logan Engstrom*, Brandon Tran, Aleksander Madry",
      "Paul Christiano",
      "Jan Leike*, David Krueger*",
      "Zoë Kravitz, José Hernández-Orallo, 王小明",
      "",
    ]) {
      assert.equal(formatAuthors(parseAuthors(cell)), cell);
    }
  });

  test("formatting is canonical: parse after format is a fixed point", () => {
    const messy = " A  B *,C,  D*  ";
    const once = formatAuthors(parseAuthors(messy));
    assert.equal(once, "A B*, C, D*");
    assert.equal(formatAuthors(parseAuthors(once)), once);
    assert.deepEqual(parseAuthors(once), parseAuthors(messy));
  });
});

describe("parseAuthors and the word and", () => {
  test('"and" separates authors like a comma, also after one, and line breaks inside a name collapse', () => {
    const names = (cell: string) => parseAuthors(cell).map((a) => a.name);
    assert.deepEqual(names("Daniel Filan and Adam Gleave"), ["Daniel Filan", "Adam Gleave"]);
    assert.deepEqual(names(" Chunyuan Li, Rosanne Liu, and Jason Yosinski\t"), [
      "Chunyuan Li",
      "Rosanne Liu",
      "Jason Yosinski",
    ]);
    assert.deepEqual(names("Mingchen Li, Mahdi Soltanolkotabi and \nSamet Oymak"), [
      "Mingchen Li",
      "Mahdi Soltanolkotabi",
      "Samet Oymak",
    ]);
    assert.deepEqual(names("Miles Brundage,and Ilya Sutskever"), ["Miles Brundage", "Ilya Sutskever"]);
    // "and" inside a word is not a separator.
    assert.deepEqual(names("Alexandra Anderson, Sandy Band"), ["Alexandra Anderson", "Sandy Band"]);
  });
});

describe("parseSummarizers", () => {
  test('"Rohin/Robert" is two people', () => {
    assert.deepEqual(parseSummarizers("Rohin/Robert"), ["Rohin", "Robert"]);
  });

  test("trims around the slash and drops empty names", () => {
    assert.deepEqual(parseSummarizers(" Rohin / Dan H /"), ["Rohin", "Dan H"]);
    assert.deepEqual(parseSummarizers(""), []);
    assert.deepEqual(parseSummarizers(" / "), []);
  });

  test("names are kept as written, not merged", () => {
    assert.deepEqual(parseSummarizers("Dan H/Dan Hendrycks"), ["Dan H", "Dan Hendrycks"]);
  });

  test("formatSummarizers is the inverse", () => {
    assert.equal(formatSummarizers(["Rohin", "Robert"]), "Rohin/Robert");
    assert.equal(formatSummarizers([]), "");
    for (const cell of ["Rohin", "Rohin/Robert", "Flo/Nicholas/Rohin"]) {
      assert.equal(formatSummarizers(parseSummarizers(cell)), cell);
    }
  });
});
