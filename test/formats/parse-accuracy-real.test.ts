import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import type { Newsletter } from "../../src/domain/issue.ts";
import { AN_TAXONOMY } from "../../src/domain/taxonomy.ts";
import { knownTitles, parseIssue } from "../../src/formats/parse/index.ts";
import type { IssueView } from "../../src/formats/render/issue-view.ts";
import { anDataFile, needAnData } from "../helpers/env.ts";
import { FLAT_WRITERS, flattenIssue } from "../helpers/flatteners.ts";
import { assertFloors, openRealIssues, type RealIssues } from "../helpers/parse-floors.ts";
import { scoreIssue } from "../helpers/parse-score.ts";

/**
 * Flattened copies of every issue of the real sheet, by every writer, parsed with AN's taxonomy
 * and scored strictly (test/helpers/parse-score.ts); the floors are in parse-floors.ts, the
 * reversed taxonomy in parse-accuracy-reversed-real.test.ts.
 */
describe("flattened copies of the real issues read back (strict score)", { skip: needAnData() }, () => {
  let real: RealIssues;
  let views: IssueView[];
  let newsletter: Newsletter;

  before(async () => {
    real = await openRealIssues();
    ({ views, newsletter } = real);
  });
  after(async () => {
    await real?.store.dispose();
  });

  test("one writer reproduces the AN #53 email word for word", () => {
    const golden = readFileSync(anDataFile("an-053-email-text.txt"), "utf8").replace(/\s+/g, " ").trim();
    const intro = golden.slice(0, golden.indexOf(" Highlights "));
    const view = views.find((v) => v.meta.number === 53)!;
    const copy = flattenIssue(view, FLAT_WRITERS.find((w) => w.name === "email")!, intro);
    // Two author lines the sheet has edited since the email was sent.
    const then = copy.text
      .replace("(Andrew Slavin Ross et al)", "(Andrew Ross et al)")
      .replace("(Mingchen Li et al)", "(Mingchen Li et al.)");
    assert.equal(then, golden);
    const score = scoreIssue(copy.entries, parseIssue(copy.text, AN_TAXONOMY, newsletter));
    assert.deepEqual(
      [score.fullyRight, score.entries, score.exactEntries],
      [12, 12, true],
      score.misses.join("\n"),
    );
  });

  test("every writer, AN's taxonomy: the measured floors hold", () => {
    assertFloors(real, "AN", AN_TAXONOMY);
  });

  test("a partly imported archive: known titles anchor the reading (more entries fully right)", () => {
    // Every other entry of each issue already in the archive, as in a backfill halfway through.
    const writer = FLAT_WRITERS.find((w) => w.name === "email")!;
    let without = 0;
    let withKnown = 0;
    for (const view of views) {
      const copy = flattenIssue(view, writer);
      const known = knownTitles(copy.entries.filter((_, i) => i % 2 === 0).map((e) => e.title));
      without += scoreIssue(copy.entries, parseIssue(copy.text, AN_TAXONOMY, newsletter)).fullyRight;
      withKnown += scoreIssue(
        copy.entries,
        parseIssue(copy.text, AN_TAXONOMY, newsletter, { knownTitles: known }),
      ).fullyRight;
    }
    console.log(
      `email writer, entries fully right: ${without} without known titles, ${withKnown} with half known`,
    );
    assert.ok(withKnown > without, `${withKnown} with known titles, ${without} without`);
  });

  test("the score sees a cut title and a lost entry", () => {
    const view = views.find((v) => v.meta.number === 53)!;
    const copy = flattenIssue(view, FLAT_WRITERS[0]!);
    const parsed = parseIssue(copy.text, AN_TAXONOMY, newsletter);
    const cut = structuredClone(parsed);
    cut.entries[2]!.title = cut.entries[2]!.title.split(" ")[0]!;
    const s = scoreIssue(copy.entries, cut);
    assert.deepEqual([s.fullyRight, s.fields.title, s.fields.summary, s.exactEntries], [11, 11, 12, false]);
    const lost = structuredClone(parsed);
    lost.entries.splice(4, 1);
    assert.equal(scoreIssue(copy.entries, lost).fullyRight, 11);
  });
});
