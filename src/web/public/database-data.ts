import { type Context, Hono } from "hono";
import { type DownloadFormat, downloadPublished, suggestPublished } from "../../entries/index.ts";
import { clientAddress } from "../client.ts";
import { DownloadGate } from "../download-gate.ts";
import type { AppEnv } from "../env.ts";
import { plainTitle } from "./common.ts";
import { parseBrowseState, stateFilters } from "./database-params.ts";

/**
 * JSON with <, > and & written as \u escapes (and the two line separators JavaScript once
 * rejected): harmless however a browser or an intermediary decides to read it.
 */
function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * GET /database/suggest?q=: the search box's type-ahead. `suggestions` is one list in the order
 * shown: the issue the reader named ("AN #53"), entries with every typed word (title, authors
 * or text; the last word as a prefix), then people (authors and summarizers) whose names
 * start with the words. Each has a kind, the text to show, a note and where it leads.
 */
export async function suggestRoute(c: Context<AppEnv>) {
  const q = c.req.query("q") ?? "";
  const { issue, titles, people } = await suggestPublished(c.var.store, q, 8);
  const suggestions = [
    ...(issue
      ? [
          {
            kind: "issue",
            title: issue.subject ? `${issue.label}: ${issue.subject}` : issue.label,
            issue: `${issue.entries} ${issue.entries === 1 ? "entry" : "entries"}`,
            href: `/issues/${issue.number}`,
          },
        ]
      : []),
    ...titles.map((i) => ({
      kind: "entry",
      id: i.entry.id,
      title: plainTitle(i.entry.title),
      issue: i.issue.label,
      href: `/entries/${i.entry.id}`,
    })),
    ...people.map((p) => ({
      kind: p.role,
      title: p.name,
      issue: `${p.role === "author" ? "author" : "summarizer"} · ${p.entries} ${p.entries === 1 ? "entry" : "entries"}`,
      href: `/database?${new URLSearchParams(p.role === "author" ? { author: p.name } : { summarizer: p.name })}`,
    })),
  ];
  return c.body(safeJson({ query: q, suggestions }), 200, {
    "Content-Type": "application/json; charset=utf-8",
    "Cache-Control": "public, max-age=60",
  });
}

const DOWNLOADS: { ext: string; format: DownloadFormat; type: string }[] = [
  { ext: "csv", format: "csv", type: "text/csv; charset=utf-8" },
  { ext: "xlsx", format: "xlsx", type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
  { ext: "bib", format: "bibtex", type: "application/x-bibtex; charset=utf-8" },
];

/** "Alignment Newsletter" -> "alignment-newsletter", for file names a download is saved under. */
function fileStem(name: string): string {
  const slug = name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return `${slug || "newsletter"}-database`;
}

/**
 * GET /database/download.{csv,xlsx,bib}: the page's result set (same parameters) as an
 * attachment. X-Summa-Rows and X-Summa-Total say how many rows the file holds and how many
 * the search found (the file holds at most DOWNLOAD_LIMIT; the page says so too).
 */
export function downloadRoutes(gate = new DownloadGate()): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  for (const { ext, format, type } of DOWNLOADS) {
    app.get(`/database/download.${ext}`, async (c) => {
      const state = parseBrowseState(new URL(c.req.url).searchParams);
      gate.admit(clientAddress(c));
      const file = await gate.run(() =>
        downloadPublished(
          c.var.store,
          { q: state.q, filters: stateFilters(state), sort: state.sort },
          format,
        ),
      );
      return c.body(file.body, 200, {
        "Content-Type": type,
        "Content-Disposition": `attachment; filename="${fileStem(c.var.site.name)}.${ext}"`,
        "Cache-Control": "private, max-age=0",
        "X-Summa-Rows": String(file.count),
        "X-Summa-Total": String(file.total),
      });
    });
  }
  return app;
}
