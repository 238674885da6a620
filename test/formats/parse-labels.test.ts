import assert from "node:assert/strict";
import { test } from "node:test";
import { MARKDOWN_LABELS, PLAIN_LABELS, splitFields } from "../../src/formats/parse/labels.ts";

test("an expected author too long to be a name does not break the label search (found by the fuzz test)", () => {
  // "(summarized by <div><div>...)" in a foreign issue made a regular expression too large to
  // compile: SyntaxError from the parser instead of entries.
  const author = `Rohin ${"<div>".repeat(100_000)}`;
  const md = splitFields("The summary.\n\n**Richard's opinion:** Good.", MARKDOWN_LABELS, author);
  assert.equal(md.summary, "The summary.");
  assert.equal(md.opinionAuthor, "Richard");
  assert.equal(md.opinion, "Good.");
  const plain = splitFields("The summary.\n\nRichard's opinion: Fine.", PLAIN_LABELS, "x".repeat(200_000));
  assert.equal(plain.opinionAuthor, "Richard");
});
