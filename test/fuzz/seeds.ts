import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { zipSync } from "fflate";
import type { Hono } from "hono";
import { exportEntries } from "../../src/entries/index.ts";
import type { Store } from "../../src/store/index.ts";
import type { AppEnv } from "../../src/web/env.ts";
import {
  BROKEN_DSN,
  EXCHANGE_NDR,
  GMAIL_TWO_RECIPIENTS,
  POSTFIX_DELAYED,
  POSTFIX_USER_UNKNOWN,
} from "../formats/dsn-samples.ts";
import { ARF_ABUSE, mbox, READ_RECEIPT, READER_REPLY } from "../formats/mail-samples.ts";
import { AN_DATA_DIR, REPO_ROOT } from "../helpers/env.ts";
import { utf8 } from "./mutators.ts";

/**
 * The inputs mutations start from: small, real-format samples. Sheets and issues come from the
 * repository's example sheet, imported and then exported and rendered by Summa itself; mail
 * from the DSN and ARF samples the parser tests use. When the real AN data is on this machine,
 * a few of its rows and the golden AN #53 text are read from it at run time (never copied).
 */
export interface Seeds {
  csv: Uint8Array[];
  json: Uint8Array[];
  xlsx: Uint8Array[];
  gsheetsZip: Uint8Array[];
  issues: Uint8Array[];
  mail: Uint8Array[];
  entryBodies: Uint8Array[];
  webhookBodies: Uint8Array[];
  queries: Uint8Array[];
  /** Why the real AN data was not used, or null when it was. */
  realDataSkipped: string | null;
}

export const SAMPLE_SHEET = join(REPO_ROOT, "examples/sample-sheet.csv");

/** The first `n` records of a CSV, written back as CSV (records, not lines: cells hold newlines). */
function firstRecords(csv: string, n: number): string {
  const rows = parse(csv, { relax_column_count: true, bom: true, to: n + 1 }) as string[][];
  return stringify(rows);
}

/** Google Sheets' "Web page" export of rows of cells: the table shape readGsheetsHtml reads. */
function gsheetsPage(rows: string[][]): string {
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/\n/g, "<br>");
  const cell = (s: string) =>
    /^https?:\/\//.test(s)
      ? `<td class="s1"><a href="${esc(s)}">${esc(s)}</a></td>`
      : `<td class="s0">${esc(s)}</td>`;
  const tr = (cells: string[], n: number) =>
    `<tr style="height: 20px"><th id="0R${n - 1}" class="row-headers-background"><div class="row-header-wrapper">${n}</div></th>${cells.map(cell).join("")}</tr>`;
  const freeze = `<tr><th class="freezebar-cell freezebar-horizontal-handle"></th>${rows[0]!.map(() => '<td class="freezebar-cell"></td>').join("")}</tr>`;
  return (
    '<meta http-equiv="Content-Type" content="text/html; charset=utf-8"><div class="ritz grid-container" dir="ltr">' +
    '<table class="waffle" cellspacing="0" cellpadding="0"><thead><tr><th class="row-header freezebar-vertical-handle"></th></tr></thead><tbody>' +
    tr(rows[0]!, 1) +
    freeze +
    rows
      .slice(1)
      .map((r, i) => tr(r, i + 2))
      .join("") +
    "</tbody></table></div>"
  );
}

async function exported(store: Store, dir: string, format: "csv" | "json" | "xlsx"): Promise<Uint8Array> {
  const file = join(dir, `seed-export.${format}`);
  await exportEntries(store, file, format);
  return readFileSync(file);
}

async function rendered(app: Hono<AppEnv>, issue: number, format: string): Promise<Uint8Array> {
  const res = await app.request(`http://fuzz.test/api/v1/issues/${issue}/render/${format}`);
  if (res.status !== 200) throw new Error(`rendering issue ${issue} as ${format}: ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** Builds every seed; `store` already holds the example sheet (published issues 1 and 2). */
export async function buildSeeds(store: Store, app: Hono<AppEnv>, dir: string): Promise<Seeds> {
  const sample = readFileSync(SAMPLE_SHEET, "utf8");
  const sampleRows = parse(sample, { relax_column_count: true }) as string[][];
  const exportCsv = await exported(store, dir, "csv");
  const exportJson = await exported(store, dir, "json");

  const csv = [utf8(sample), exportCsv, utf8(firstRecords(sample, 1))];
  const json = [exportJson, utf8(`{"entries": ${new TextDecoder().decode(exportJson)}}`)];
  const page = gsheetsPage(sampleRows);
  const gsheetsZip = [zipSync({ "Database.html": utf8(page), "resources/sheet.css": utf8(".s0{}") })];
  const issues: Uint8Array[] = [];
  for (const n of [1, 2])
    for (const f of ["text", "markdown", "html"]) issues.push(await rendered(app, n, f));

  let realDataSkipped: string | null = null;
  const realCsv = join(AN_DATA_DIR, "an-database-2022.csv");
  const golden = join(AN_DATA_DIR, "an-053-email-text.txt");
  if (existsSync(realCsv) && existsSync(golden)) {
    csv.push(utf8(firstRecords(readFileSync(realCsv, "utf8"), 25)));
    issues.push(readFileSync(golden));
  } else realDataSkipped = `the real AN data is not at ${AN_DATA_DIR}: seeds are the example sheet's only`;

  const mail = [
    POSTFIX_USER_UNKNOWN,
    POSTFIX_DELAYED,
    EXCHANGE_NDR,
    GMAIL_TWO_RECIPIENTS,
    ARF_ABUSE,
    READER_REPLY,
    READ_RECEIPT,
  ].map(utf8);
  mail.push(utf8(mbox(POSTFIX_USER_UNKNOWN, ARF_ABUSE, READER_REPLY, GMAIL_TWO_RECIPIENTS)));
  mail.push(utf8(mbox(POSTFIX_DELAYED, BROKEN_DSN)));

  const entryBodies = [
    {
      title: "Probing Attention Heads",
      category: "Interpretability",
      authors: "Ada Lovelace*, Grace Hopper*",
      year: 2024,
      summary:
        "A summary with a <@Learning From Demonstrations in a Toy World@> and [a link](https://arxiv.org/abs/1811.07871).",
      opinion: "Fine.",
      url: "https://example.org/paper",
      status: "draft",
    },
    { title: "Only a title" },
    { summary: "Rewritten summary", venue: "NeurIPS", highlight: true },
  ].map((b) => utf8(JSON.stringify(b)));
  const event = {
    type: "bounce",
    bounceType: "hard",
    email: "bob@example.com",
    timestamp: "2024-06-10T09:12:44Z",
    id: "evt-1",
    detail: "550 5.1.1 user unknown",
    messageId: "an-1.abc.d1@example.org",
  };
  const webhookBodies = [
    { events: [event, { ...event, type: "complaint", bounceType: undefined, id: 7 }] },
    event,
    { events: [{ ...event, bounceType: "soft", id: undefined }] },
  ].map((b) => utf8(JSON.stringify(b)));

  const queries = [
    "reward modeling",
    '"reward model" -comparisons OR demonstrations pre*',
    "AN #1",
    "https://arxiv.org/abs/1811.07871v2?utm_source=x#section",
    "https://www.lesswrong.com/posts/abcdefghijklmnopq/some-slug",
    "doi:10.1038/nature14236",
    "A Toy Model of Reward Modeling from Comparisons",
  ].map(utf8);

  return {
    csv,
    json,
    xlsx: [await exported(store, dir, "xlsx")],
    gsheetsZip,
    issues,
    mail,
    entryBodies,
    webhookBodies,
    queries,
    realDataSkipped,
  };
}
