import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { bibtexEntry } from "../../../src/formats/export/bibtex.ts";
import { parseBibtex, parseZoteroCsv } from "../../../src/inbox/sources/index.ts";
import { anDataFile, needAnData } from "../../helpers/env.ts";
import { storedEntry } from "../../helpers/factories.ts";

describe("bibliographies as they come", () => {
  test("Summa's own BibTeX export reads back: titles, authors, venues and links, special characters included", () => {
    const entries = [
      storedEntry({ title: "100% {Braces} & $dollars$ #1 under_score ~tilde^ back\\slash" }),
      storedEntry({
        title: "Caf\u00e9 na\u00efvet\u00e9: G\u00f6del's \u00dcber",
        authors: [
          { name: "Jos\u00e9 Hern\u00e1ndez-Orallo", equalContribution: false },
          { name: "Smith & Jones Lab", equalContribution: false },
        ],
        venue: "NeurIPS 2019 Workshop",
        url: "https://example.org/paper?a=1&b=2",
      }),
    ];
    const used = new Set<string>();
    const bib = entries.map((e) => bibtexEntry(e, used)).join("\n");
    const read = parseBibtex(bib, "export.bib");
    assert.deepEqual(
      read.map((c) => [c.title, c.authors, c.venue, c.url]),
      entries.map((e) => [e.title, e.authors.map((a) => a.name), e.venue, e.url]),
    );
  });

  const skip =
    needAnData() || (!existsSync(anDataFile("ai-alignment-papers.csv")) && "no ai-alignment-papers.csv");
  test("the real bibliography (ai-alignment-papers.csv, a Zotero export) reads whole", { skip }, async () => {
    const text = readFileSync(anDataFile("ai-alignment-papers.csv"), "utf8");
    const items = await parseZoteroCsv(text, "ai-alignment-papers.csv");
    assert.equal(items.length, 1791);
    assert.ok(items.every((c) => c.title.length > 0));
    const withDay = items.filter((c) => c.published).length;
    console.log(`ai-alignment-papers.csv: ${items.length} items, ${withDay} with a full date`);
    assert.ok(withDay > 1000);
  });
});
