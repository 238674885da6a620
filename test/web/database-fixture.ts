import type { EntryFields, EntryStatus } from "../../src/domain/entry.ts";
import {
  ensurePeople,
  insertEntries,
  type Store,
  setSummarizers,
  toEntryContent,
  updateEntryColumns,
} from "../../src/store/index.ts";
import { entryFields } from "../helpers/factories.ts";

/** Shared data and page readers for the database browser's tests (test/web/database*.test.ts). */

const author = (name: string) => ({ name, equalContribution: false });
let sheetRow = 1;

/** Stores entries as an import would (sheet rows in order, summarizers linked); returns their ids. */
export async function addEntries(
  store: Store,
  list: { key: string; fields: Partial<EntryFields>; status?: EntryStatus }[],
): Promise<Record<string, number>> {
  const ids: Record<string, number> = {};
  for (const { key, fields: overrides, status } of list) {
    const fields = entryFields(overrides);
    const [row] = await insertEntries(
      store.db,
      [toEntryContent(fields, sheetRow++)],
      new Date().toISOString(),
    );
    ids[key] = row!.id;
    const people = await ensurePeople(store.db, fields.summarizers);
    await setSummarizers(store.db, [
      { entryId: row!.id, personIds: fields.summarizers.map((n) => people.get(n)!) },
    ]);
    if (status) await updateEntryColumns(store.db, row!.id, { status }, new Date().toISOString());
  }
  return ids;
}

export const FILLERS = 24;

/**
 * 28 published entries (4 named, 24 fillers in issues 60-83) and one draft that must never be
 * seen: it matches "intrinsic dimension", and its category, venue, year and summarizer are its own.
 */
export async function seedDatabase(store: Store): Promise<Record<string, number>> {
  const ids = await addEntries(store, [
    {
      key: "intrinsic",
      fields: {
        title: "Measuring the Intrinsic Dimension of Objective Landscapes",
        url: "https://arxiv.org/abs/1804.08838",
        authors: [author("Chunyuan Li"), author("Jason Yosinski")],
        category: "Deep learning",
        summarizers: ["Cody"],
        venue: "ICLR",
        year: 2018,
        issueLabel: "AN #53",
        issueNumber: 53,
        summary:
          "This paper proposes the intrinsic dimension of a problem: how many degrees of freedom training needs.",
        opinion: "A neat measure.",
      },
    },
    {
      key: "overfit",
      fields: {
        title: "Are Deep Neural Networks Dramatically Overfitted?",
        url: "https://lilianweng.github.io/posts/2019-03-14-overfit/",
        authors: [author("Lilian Weng")],
        category: "Deep learning",
        highlight: true,
        summarizers: ["Rohin"],
        venue: "Author's Website",
        year: 2019,
        issueLabel: "AN #53",
        issueNumber: 53,
        summary:
          "A survey of why deep networks generalize. It discusses <@Measuring the Intrinsic Dimension of Objective Landscapes@>, whose intrinsic dimension measures a task.",
        opinion: "I **liked** this post.",
      },
    },
    {
      key: "logbarrier",
      fields: {
        title: "The LogBarrier adversarial attack",
        url: "https://arxiv.org/abs/1903.10396",
        category: "Adversarial examples",
        summarizers: ["Dan H"],
        venue: "arXiv",
        year: 2019,
        issueLabel: "AN #53",
        issueNumber: 53,
        summary: "An attack paper that finds small adversarial perturbations with a log barrier.",
      },
    },
    {
      key: "reward",
      fields: {
        title: "Reward Modeling for Scalable Alignment",
        category: "Technical agendas and prioritization",
        highlight: true,
        summarizers: ["Rohin", "Robert"],
        venue: "arXiv",
        year: 2018,
        issueLabel: "AN #34",
        issueNumber: 34,
        summary: "Recursive reward modeling: a paper agenda for aligning agents with learned rewards.",
        opinion: "Promising.",
      },
    },
    ...Array.from({ length: FILLERS }, (_, i) => ({
      key: `filler${i}`,
      fields: {
        title: `Filler paper ${i} on exploration`,
        category: "Reinforcement learning",
        summarizers: ["Flo"],
        venue: "arXiv",
        year: 2020,
        issueLabel: `AN #${60 + i}`,
        issueNumber: 60 + i,
        summary: `A paper about exploration, number ${i}.`,
      },
    })),
    {
      key: "draft",
      status: "draft",
      fields: {
        title: "Secret draft about intrinsic dimension",
        url: "https://arxiv.org/abs/2001.00001",
        category: "Draftonly category",
        highlight: true,
        summarizers: ["Zed"],
        venue: "DraftConf",
        year: 1999,
        issueLabel: "AN #99",
        issueNumber: 99,
        summary: "Not yet public: intrinsic dimension again.",
      },
    },
  ]);
  return ids;
}

/** The entry ids a results page lists, in order. */
export function resultIds(html: string): number[] {
  return [...html.matchAll(/data-result="\/entries\/(\d+)"/g)].map((m) => Number(m[1]));
}

/** The number the page's count line gives ("28 entries", "3 results for ..."). */
export function resultCount(html: string): number {
  const m = /id="db-count"[^>]*>([\d,]+) (?:entr|result)/.exec(html);
  if (!m) throw new Error("no count line on the page");
  return Number(m[1]!.replace(/,/g, ""));
}

export interface FacetLink {
  facet: string;
  label: string;
  count: number;
  href: string;
  chosen: boolean;
}

const decodeHtml = (s: string) =>
  s
    .replace(/&amp;/g, "&")
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");

/** Every facet value on a page: its facet, label, count and link. */
export function facetLinks(html: string): FacetLink[] {
  const out: FacetLink[] = [];
  for (const section of html.matchAll(
    /<section class="facet" aria-labelledby="facet-(\w+)">([\s\S]*?)<\/section>/g,
  )) {
    for (const a of section[2]!.matchAll(
      /<a class="facet-value( chosen)?" href="([^"]*)"[^>]*><span class="facet-label">([^<]*)<\/span> <span class="facet-count">([\d,]+)<\/span>/g,
    ))
      out.push({
        facet: section[1]!,
        chosen: Boolean(a[1]),
        href: decodeHtml(a[2]!),
        label: decodeHtml(a[3]!),
        count: Number(a[4]!.replace(/,/g, "")),
      });
  }
  return out;
}
