import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Newsletter } from "../../src/domain/issue.ts";
import type { Taxonomy } from "../../src/domain/taxonomy.ts";
import { importFrom } from "../../src/entries/index.ts";
import { detectIssueFormat, parseIssueAs, parseIssueText } from "../../src/formats/parse/index.ts";
import type { IssueView } from "../../src/formats/render/issue-view.ts";
import { loadIssueView, renderIssue } from "../../src/issues/index.ts";
import { loadNewsletter } from "../../src/newsletter/index.ts";
import { getTaxonomy, listIssues } from "../../src/store/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { anDataFile, needAnData } from "../helpers/env.ts";
import {
  compareRoundTrip,
  flattenedCopy,
  flattenedMatches,
  type RoundTripFormat,
  viewEntries,
} from "../helpers/round-trip.ts";

/**
 * Every AN issue of the real sheet, rendered by the real renderers in each format and parsed
 * back, must give the issue's view again: every entry, in order, under the same headings,
 * every field (see test/helpers/round-trip.ts for how each format is compared). One store
 * (SQLite) is enough: the renderers and the parser never see the database.
 */
describe("render, then parse: every AN issue of the real sheet", { skip: needAnData() }, () => {
  let store: TestStore;
  let views: IssueView[];
  let taxonomy: Taxonomy;
  let newsletter: Newsletter;

  before(async () => {
    store = await DIALECTS[0]!.open();
    await importFrom(store, anDataFile("an-database-2022.xlsx"));
    taxonomy = await getTaxonomy(store.db);
    newsletter = await loadNewsletter(store);
    views = [];
    for (const issue of await listIssues(store.db)) views.push(await loadIssueView(store, issue.number));
  });
  after(async () => {
    await store?.dispose();
  });

  for (const format of ["text", "markdown", "html"] as const satisfies readonly RoundTripFormat[]) {
    test(`${format}: 170 issues, 1,884 entries, no mismatch`, () => {
      const mismatches: string[] = [];
      const undetected: number[] = [];
      let entries = 0;
      for (const view of views) {
        const rendered = renderIssue(view, format);
        if (detectIssueFormat(rendered) !== format) undetected.push(view.meta.number);
        const parsed = parseIssueAs(format, rendered, taxonomy, newsletter);
        entries += parsed.entries.length;
        mismatches.push(...compareRoundTrip(view, parsed, format));
        if (parsed.warnings.length) mismatches.push(`${view.label} ${format}: ${parsed.warnings.join("; ")}`);
      }
      console.log(
        `round trip ${format}: ${views.length} issues, ${entries} entries compared, ${mismatches.length} mismatches`,
      );
      assert.equal(views.length, 170);
      assert.equal(entries, 1884);
      assert.deepEqual(undetected, [], "issues whose rendering was detected as another format");
      assert.deepEqual(mismatches.slice(0, 20), []);
    });
  }

  // The flattened email is read by heuristics, and some of its ambiguities have no answer:
  // news items without authors run together; a "Read more: Paper" without a full stop runs
  // into the next title; a title with a "?" inside, or ending "(OpenAI)", splits. This
  // measures how far the heuristics get, so a change that makes them worse is seen.
  test("a reader's flattened copy of every issue (as the AN #53 email): most entries come back", () => {
    let entries = 0;
    let right = 0;
    let issues = 0;
    for (const view of views) {
      const parsed = parseIssueText(flattenedCopy(view), taxonomy, newsletter);
      const expected = viewEntries(view).length;
      const n = flattenedMatches(view, parsed);
      entries += expected;
      right += n;
      if (n === expected && parsed.entries.length === expected) issues++;
    }
    console.log(
      `flattened copies: ${right} of ${entries} entries (${((100 * right) / entries).toFixed(1)}%) and ${issues} of ${views.length} issues read back entirely right`,
    );
    assert.ok(right / entries >= 0.7, `${right} of ${entries}`);
  });

  // Without separators (and, in text, without the rules under headings) entries start at
  // paragraphs that look like headers: a summary's own header-like paragraph, or a Read more
  // of several links, then splits an entry. Measured, so a change that makes it worse is seen.
  test("the renderings without separators: most issues still come back entirely right", () => {
    const counts = { text: 0, markdown: 0 };
    for (const view of views) {
      const text = renderIssue(view, "text")
        .replace(/\n----\n/g, "\n")
        .replace(/^([^\n]+)\n[=-]{6,}$/gm, (_m, h: string) => h.charAt(0) + h.slice(1).toLowerCase());
      const md = renderIssue(view, "markdown").replace(/\n---\n/g, "\n");
      if (compareRoundTrip(view, parseIssueAs("text", text, taxonomy, newsletter), "text").length === 0)
        counts.text++;
      if (compareRoundTrip(view, parseIssueAs("markdown", md, taxonomy, newsletter), "markdown").length === 0)
        counts.markdown++;
    }
    console.log(
      `without separators: ${counts.text} (text) and ${counts.markdown} (markdown) of ${views.length} issues entirely right`,
    );
    assert.ok(counts.text >= 110 && counts.markdown >= 150, JSON.stringify(counts));
  });

  test("the comparison sees a changed field, a moved entry and a missing one", () => {
    const view = views.find((v) => v.meta.number === 53)!;
    const parsed = parseIssueAs("markdown", renderIssue(view, "markdown"), taxonomy, newsletter);
    assert.deepEqual(compareRoundTrip(view, parsed, "markdown"), []);
    const changed = structuredClone(parsed);
    changed.entries[3]!.opinion += " (edited)";
    changed.entries[5]!.category = "Interpretability";
    assert.equal(compareRoundTrip(view, changed, "markdown").length, 2);
    const swapped = structuredClone(parsed);
    swapped.entries.reverse();
    assert.ok(compareRoundTrip(view, swapped, "markdown").length > 12);
    const missing = structuredClone(parsed);
    missing.entries.pop();
    assert.match(compareRoundTrip(view, missing, "markdown")[0]!, /11 entries parsed, 12 in the issue/);
  });
});
