import { after, before, describe, test } from "node:test";
import { AN_TAXONOMY } from "../../src/domain/taxonomy.ts";
import { needAnData } from "../helpers/env.ts";
import { reversedSections } from "../helpers/parse-eval.ts";
import { assertFloors, openRealIssues, type RealIssues } from "../helpers/parse-floors.ts";

/**
 * The real issues' flattened copies parsed with AN's sections in reverse order: an issue's
 * headings then go against the taxonomy's, and the reader must take the order from the text.
 * The same floors as with AN's own order (parse-accuracy-real.test.ts).
 */
describe("flattened copies of the real issues, taxonomy in another order", { skip: needAnData() }, () => {
  let real: RealIssues;
  before(async () => {
    real = await openRealIssues();
  });
  after(async () => {
    await real?.store.dispose();
  });

  test("every writer, AN's sections reversed: the measured floors hold", () => {
    assertFloors(real, "AN reversed", reversedSections(AN_TAXONOMY));
  });
});
