import { importFrom } from "../../src/entries/index.ts";
import type { Store } from "../../src/store/index.ts";
import { sheetCsv } from "../helpers/factories.ts";
import { tempFile } from "../helpers/import.ts";

export const SITE = "http://summa.test";
export const CODE = "https://github.com/example/code?a=1&b=2";
export const PAPER = "https://example.org/paper";
export const NEWS = "https://example.org/news";

/** AN #N, published: a highlight linking CODE (summary) and PAPER (opinion), a news item linking NEWS, a mailto. */
export async function issueWithLinks(store: Store, number: number): Promise<void> {
  const row = (category: string, highlight: boolean, title: string, summary: string, opinion: string) => [
    category,
    highlight ? "Highlight" : "",
    title,
    "Ada Lovelace",
    "arXiv",
    "2019",
    "",
    `AN #${number}`,
    "Rohin",
    summary,
    opinion,
    "",
    "",
  ];
  const csv = sheetCsv([
    row(
      "Learning human intent",
      true,
      `Linked paper ${number}`,
      `The [code](${CODE}) is out. Questions: [write to us](mailto:editor@example.org).`,
      `See [the paper](${PAPER}) for more.`,
    ),
    row(
      "Interpretability",
      false,
      `News item ${number}`,
      `Read [the news](${NEWS}). Take [the survey](${SITE}/surveys/retro-2019).`,
      "",
    ),
  ]);
  await importFrom(store, tempFile(`issue-${number}.csv`, csv));
}
