import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Hono } from "hono";
import { importBounceFile } from "../../src/bounces/index.ts";
import type { Newsletter } from "../../src/domain/issue.ts";
import type { Taxonomy } from "../../src/domain/taxonomy.ts";
import { importFrom } from "../../src/entries/index.ts";
import { type IssueSourceFormat, parseIssue, parseIssueAs } from "../../src/formats/parse/index.ts";
import type { Store } from "../../src/store/index.ts";
import type { AppEnv } from "../../src/web/env.ts";
import { GENERIC_MUTATORS as G, type Mutator, text } from "./mutators.ts";
import { UncleanOutcome } from "./rules.ts";
import type { Seeds } from "./seeds.ts";
import { csvCells, htmlTags, jsonValues, mailParts, zipEntries } from "./structured.ts";

/** What every target may use: one temporary SQLite store, the app on it, credentials, the seeds. */
export interface FuzzEnv {
  dir: string;
  /** A SQLite file: the app's, the bounces' and the issue backfills'. */
  store: Store;
  /**
   * An in-memory SQLite store for sheet imports: on a file, each import starts the bulk
   * writer's worker thread (~150 ms, whatever the file's size), which would take most of the
   * time budget without reaching more code.
   */
  sheetStore: Store;
  app: Hono<AppEnv>;
  apiToken: string;
  webhookSecret: string;
  taxonomy: Taxonomy;
  newsletter: Newsletter;
  seeds: Seeds;
  /** An entry the API may PATCH. */
  entryId: number;
}

/**
 * One thing to fuzz: where its seeds come from, how to mutate them, and how to run one input.
 * `run` throws what the code under test throws (judged by rules.ts), or UncleanOutcome for a
 * result that is wrong without an exception (an API's 500).
 */
export interface FuzzTarget {
  name: string;
  /** The saved input's file extension. */
  ext: string;
  /** This target's share of a run's inputs. */
  weight: number;
  seeds(env: FuzzEnv): Uint8Array[];
  /** Picked uniformly: list a mutator twice to pick it twice as often. */
  mutators: Mutator[];
  dictionary: string[];
  nesting: [string, string][];
  /** Text a clean error's message must contain (the file it read), if any. */
  mustName?: string;
  /** Resolves "refused" for a clean refusal that is not an exception (an API's 4xx); anything else is done. */
  run(env: FuzzEnv, input: Uint8Array, index: number): Promise<unknown>;
}

const BYTES: Mutator[] = [
  G.flipBits!,
  G.setBytes!,
  G.truncate!,
  G.deleteChunk!,
  G.duplicateChunk!,
  G.splice!,
];
const TEXT: Mutator[] = [
  G.insertControl!,
  G.insertInvalidUtf8!,
  G.insertToken!,
  G.insertToken!,
  G.insertHugeRepeat!,
  G.insertDeepNesting!,
];
const GENERIC = [...BYTES, ...TEXT];

const HTML_NESTING: [string, string][] = [
  ["<div>", "</div>"],
  ["<ul><li>", "</li></ul>"],
  ["<blockquote>", "</blockquote>"],
  ["<b>", "</b>"],
  ["<table><tr><td>", "</td></tr></table>"],
  ["<a href=x>", "</a>"],
];
const MARKDOWN_NESTING: [string, string][] = [
  ["> ", ""],
  ["* ", ""],
  ["    - ", "\n"],
  ["[", "](https://x.org)"],
  ["**", "**"],
  ["<@", "@>"],
  ["(", ")"],
];
const ISSUE_TOKENS = [
  "Highlights\n",
  "======\n",
  "------\n",
  "----\n",
  "---\n",
  "# ",
  "## ",
  "**",
  "(summarized by ",
  "'s opinion: ",
  "Read more: ",
  "Prerequisites: ",
  " et al",
  "<@",
  "@>(@",
  "AN #",
  '<article class="entry">',
  '<h2 class="entry-title">',
  "<section>",
];
const SHEET_TOKENS = [
  "Highlight",
  "AN #",
  "N/A",
  "Rohin/Robert",
  "2019.0",
  "*",
  ", ",
  "<@",
  "@>",
  '"',
  '""',
  ",,,,,,",
];
const MAIL_TOKENS = [
  "\nFrom ",
  "\n>From ",
  "Content-Type: message/delivery-status\n\n",
  "Content-Type: multipart/report; report-type=delivery-status; boundary=",
  "Action: failed\n",
  "Status: 5.1.1\n",
  "Status: 4.",
  "Final-Recipient: rfc822; ",
  "Feedback-Type: abuse\n",
  "Content-Transfer-Encoding: base64\n",
  "Content-Transfer-Encoding: quoted-printable\n",
  "=?utf-8?B?",
  "=\n",
  "\n\t",
  "@",
  "<>",
];

/** `summa issue parse` parses the file as UTF-8 text, by detection or with --format. */
const PARSE_FORMATS: (IssueSourceFormat | null)[] = [null, null, "text", "markdown", "html"];

/** Writes an input where an importer that reads files can find it. */
function inputFile(env: FuzzEnv, name: string, input: Uint8Array): string {
  const path = join(env.dir, name);
  writeFileSync(path, input);
  return path;
}

/** Byte-for-byte percent-encoding: invalid UTF-8 reaches the server as it was. */
function percentEncode(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += `%${b.toString(16).padStart(2, "0")}`;
  return out;
}

/**
 * Runs a request in-process. A 5xx, or an error answer without the API's {error: {code,
 * message}} shape, is unclean; the server's log of a 500 (its stack) is kept for the report.
 */
async function request(env: FuzzEnv, path: string, init: RequestInit): Promise<unknown> {
  const logged: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    logged.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  let res: Response;
  try {
    res = await env.app.request(`http://fuzz.test${path}`, init);
  } finally {
    process.stderr.write = write;
  }
  const body = await res.text();
  if (res.status >= 500)
    throw new UncleanOutcome(
      `${init.method ?? "GET"} ${path.slice(0, 80)}: ${res.status} ${body.slice(0, 200)}`,
      logged.join(""),
    );
  if (res.status >= 400) {
    let shape: { error?: { code?: unknown; message?: unknown } } = {};
    try {
      shape = JSON.parse(body);
    } catch {}
    if (typeof shape.error?.code !== "string" || typeof shape.error?.message !== "string")
      throw new UncleanOutcome(`${res.status} without {error: {code, message}}: ${body.slice(0, 200)}`);
    return "refused";
  }
}

/**
 * The table of fuzzed entry points. A new input path (comments, survey answers, feeds, review
 * pages) joins by adding a row: its seeds, its mutators, and how to call it in-process.
 */
export const TARGETS: FuzzTarget[] = [
  {
    name: "issue-parse",
    ext: "txt",
    weight: 26,
    seeds: (env) => env.seeds.issues,
    mutators: [...GENERIC, htmlTags, htmlTags, G.insertDeepNesting!, G.insertToken!],
    dictionary: ISSUE_TOKENS,
    nesting: [...HTML_NESTING, ...MARKDOWN_NESTING],
    async run(env, input, index) {
      const source = text(input);
      const format = PARSE_FORMATS[index % PARSE_FORMATS.length];
      if (format) parseIssueAs(format, source, env.taxonomy, env.newsletter);
      else parseIssue(source, env.taxonomy, env.newsletter);
    },
  },
  {
    name: "import-issue",
    ext: "md",
    weight: 4,
    seeds: (env) => env.seeds.issues,
    mutators: [...GENERIC, htmlTags],
    dictionary: ISSUE_TOKENS,
    nesting: [...HTML_NESTING, ...MARKDOWN_NESTING],
    mustName: "fuzz-issue",
    async run(env, input, index) {
      const ext = ["md", "txt", "html"][index % 3];
      // `summa import ISSUE --issue N`: a backfill never overwrites, so issues far from the seeds' keep runs apart.
      await importFrom(env.store, inputFile(env, `fuzz-issue.${ext}`, input), { issue: 1000 + (index % 50) });
    },
  },
  {
    name: "import-csv",
    ext: "csv",
    weight: 13,
    seeds: (env) => env.seeds.csv,
    mutators: [...GENERIC, csvCells, csvCells, csvCells, csvCells],
    dictionary: SHEET_TOKENS,
    nesting: MARKDOWN_NESTING,
    mustName: "fuzz-sheet.csv",
    async run(env, input) {
      await importFrom(env.sheetStore, inputFile(env, "fuzz-sheet.csv", input));
    },
  },
  {
    name: "import-json",
    ext: "json",
    weight: 7,
    seeds: (env) => env.seeds.json,
    mutators: [...GENERIC, jsonValues, jsonValues, jsonValues, jsonValues],
    dictionary: [...SHEET_TOKENS, "{", "}", "[", "]", ":", "null", "true"],
    nesting: [
      ["[", "]"],
      ['{"a":', "}"],
    ],
    mustName: "fuzz-sheet.json",
    async run(env, input) {
      await importFrom(env.sheetStore, inputFile(env, "fuzz-sheet.json", input));
    },
  },
  {
    name: "import-xlsx",
    ext: "xlsx",
    weight: 4,
    seeds: (env) => env.seeds.xlsx,
    mutators: [zipEntries, zipEntries, zipEntries, zipEntries, G.flipBits!, G.truncate!, G.duplicateChunk!],
    dictionary: [
      '<c r="A2" t="s"><v>9999999</v></c>',
      '<row r="0">',
      "_x0000_",
      "_xD800_",
      '<hyperlink ref="A1" location="x"/>',
    ],
    nesting: [["<x>", "</x>"]],
    mustName: "fuzz-sheet.xlsx",
    async run(env, input) {
      await importFrom(env.sheetStore, inputFile(env, "fuzz-sheet.xlsx", input));
    },
  },
  {
    name: "import-gsheets",
    ext: "zip",
    weight: 5,
    seeds: (env) => env.seeds.gsheetsZip,
    mutators: [zipEntries, zipEntries, zipEntries, zipEntries, G.flipBits!, G.truncate!],
    dictionary: [
      "<td>",
      "</td>",
      "<tr>",
      "</tr>",
      "<br>",
      '<a href="javascript:x">',
      "<table>",
      "</table>",
      "<th>9</th>",
    ],
    nesting: HTML_NESTING,
    mustName: "fuzz-sheet.zip",
    async run(env, input) {
      await importFrom(env.sheetStore, inputFile(env, "fuzz-sheet.zip", input));
    },
  },
  {
    name: "bounces-import",
    ext: "mbox",
    weight: 13,
    seeds: (env) => env.seeds.mail,
    mutators: [...GENERIC, mailParts, mailParts, mailParts, mailParts],
    dictionary: MAIL_TOKENS,
    nesting: [["Content-Type: message/rfc822\n\n", ""]],
    mustName: "fuzz-bounces.mbox",
    async run(env, input) {
      await importBounceFile(
        env.store,
        inputFile(env, "fuzz-bounces.mbox", input),
        new Date("2024-06-20T00:00:00Z"),
      );
    },
  },
  {
    name: "api-entries",
    ext: "json",
    weight: 9,
    seeds: (env) => env.seeds.entryBodies,
    mutators: [...GENERIC, jsonValues, jsonValues, jsonValues, jsonValues, jsonValues],
    dictionary: [
      '"title":',
      '"category":',
      '"year":',
      '"status":"published"',
      "null",
      "{",
      "}",
      "[",
      "]",
      "\\u0000",
      "\\ud800",
    ],
    nesting: [
      ["[", "]"],
      ['{"a":', "}"],
    ],
    async run(env, input, index) {
      const patch = index % 3 === 0;
      return request(env, patch ? `/api/v1/entries/${env.entryId}` : "/api/v1/entries", {
        method: patch ? "PATCH" : "POST",
        body: Buffer.from(input),
        headers: { authorization: `Bearer ${env.apiToken}`, "content-type": "application/json" },
      });
    },
  },
  {
    name: "api-bounces",
    ext: "json",
    weight: 6,
    seeds: (env) => env.seeds.webhookBodies,
    mutators: [...GENERIC, jsonValues, jsonValues, jsonValues, jsonValues, jsonValues],
    dictionary: ['"events":', '"type":"bounce"', '"email":', '"timestamp":', "null", "{", "}", "\\u0000"],
    nesting: [
      ["[", "]"],
      ['{"events":', "}"],
    ],
    async run(env, input) {
      return request(env, "/api/v1/bounces", {
        method: "POST",
        body: Buffer.from(input),
        headers: { authorization: `Bearer ${env.webhookSecret}`, "content-type": "application/json" },
      });
    },
  },
  {
    name: "api-query",
    ext: "txt",
    weight: 9,
    seeds: (env) => env.seeds.queries,
    mutators: [...GENERIC, G.insertHugeRepeat!, G.insertToken!],
    dictionary: [
      '"',
      "-",
      "*",
      " OR ",
      " NOT ",
      "(",
      ")",
      "AN #",
      "#",
      "..",
      "https://arxiv.org/abs/",
      "/",
      "?utm_source=",
      "#",
    ],
    nesting: [["(", ")"]],
    async run(env, input, index) {
      const value = percentEncode(input);
      const path = [
        `/api/v1/entries?q=${value}`,
        `/api/v1/lookup?u=${value}`,
        `/api/v1/entries?q=${value}&category=${value}&author=${value}`,
      ][index % 3]!;
      return request(env, path, {});
    },
  },
];
