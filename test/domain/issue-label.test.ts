import assert from "node:assert/strict";
import { test } from "node:test";
import { issueNumberFromLabel, issueNumberTyped } from "../../src/domain/issue-label.ts";

test('"AN #53" is issue 53', () => {
  assert.equal(issueNumberFromLabel("AN #53"), 53);
  assert.equal(issueNumberFromLabel("AN #1"), 1);
  assert.equal(issueNumberFromLabel("AN #173"), 173);
});

test("spacing and case around the label do not matter", () => {
  assert.equal(issueNumberFromLabel("  AN #53 "), 53);
  assert.equal(issueNumberFromLabel("AN#53"), 53);
  assert.equal(issueNumberFromLabel("an # 53"), 53);
});

test("labels that are not AN issues have no number", () => {
  for (const label of [
    "Recon #4",
    "N/A",
    "",
    "AN",
    "AN #",
    "AN #53b",
    "AN #53, AN #54",
    "#53",
    "53",
    "XAN #53",
  ]) {
    assert.equal(issueNumberFromLabel(label), null, label);
  }
});

test("another newsletter's prefix can be given, and is matched literally", () => {
  assert.equal(issueNumberFromLabel("Recon #4", "Recon"), 4);
  assert.equal(issueNumberFromLabel("AN #53", "Recon"), null);
  // Regex characters in the prefix are escaped, not interpreted.
  assert.equal(issueNumberFromLabel("A.I. #7", "A.I."), 7);
  assert.equal(issueNumberFromLabel("AXIX #7", "A.I."), null);
});

test("an issue typed into a search box, the way readers write it", () => {
  for (const typed of ["AN #53", "an 53", "AN53", "#53", " # 53 ", "issue 53", "Issue #53", "an#53"])
    assert.equal(issueNumberTyped(typed), 53, typed);
  for (const typed of ["53", "2019", "AN #53 reward", "GPT 3", "an", "#", "Recon #4"])
    assert.equal(issueNumberTyped(typed), null, typed);
  assert.equal(issueNumberTyped("Recon #4", "Recon"), 4);
});
