import assert from "node:assert/strict";
import * as z from "zod";
import { createApiToken, createUser, type StaffUser } from "../../src/accounts/index.ts";
import { createEntry, importFrom } from "../../src/entries/index.ts";
import type { UserRole } from "../../src/store/index.ts";
import { saveIssueMeta } from "../../src/store/index.ts";
import { OPENAPI_DOCUMENT } from "../../src/web/api/index.ts";
import type { TestStore } from "../helpers/dialects.ts";
import { sheetCsv } from "../helpers/factories.ts";
import { tempFile } from "../helpers/import.ts";
import { type TestSite, testPasswords, testSite } from "../helpers/web.ts";

/**
 * A small archive for the API tests: five published entries in issues 1-3 (one full of XSS
 * payloads), drafts that must never show publicly, and users with API tokens.
 */

export const XSS = {
  title: "<script>alert('title')</script> Adversarial Titles",
  authors: '<img src=x onerror=alert("a")>, Mallory',
  summary:
    'See [this](javascript:alert(1)) and <script>alert("s")</script> and <img src=x onerror=alert(2)> and <a href="javascript:alert(3)">x</a>.',
  opinion: '"><svg onload=alert(4)>',
};

const ROWS = [
  [
    "Learning human intent",
    "Highlight",
    "Inverse Reward Design",
    "Dylan Hadfield-Menell*, Smitha Milli*",
    "NeurIPS",
    "2017",
    "",
    "AN #1",
    "Rohin",
    "We infer the **true reward** from a proxy reward.",
    "Nice.",
    "",
    "",
  ],
  [
    "Interpretability",
    "",
    "Attention is not Explanation",
    "Sarthak Jain, Byron Wallace",
    "NAACL",
    "2019",
    "Cody",
    "AN #2",
    "Richard",
    "Attention weights do not explain predictions.",
    "Meh.",
    "",
    "",
  ],
  [
    "Forecasting",
    "",
    XSS.title,
    XSS.authors,
    "arXiv",
    "2020",
    "",
    "AN #3",
    "Dan H",
    XSS.summary,
    XSS.opinion,
    "",
    "",
  ],
  [
    "Handling groups of agents",
    "Highlight",
    "Cooperative Inverse Reward Learning in Teams",
    "Ada Lovelace",
    "ICML",
    "2020",
    "",
    "AN #3",
    "Rohin/Robert",
    "Several agents learn a reward together.",
    "",
    "",
    "",
  ],
  ["News", "", "A Fellowship in Reward Research", "", "", "2021", "", "AN #3", "Rohin", "", "", "", ""],
];

export interface ApiFixture {
  site: TestSite;
  editor: { user: StaffUser; token: string };
  summarizer: { user: StaffUser; token: string };
  other: { user: StaffUser; token: string };
  /** A draft written on the desk: no public endpoint may show it. */
  draftId: number;
  /** An entry of published issue 1 that is not published yet (in_issue). */
  unpublishedInIssueId: number;
  /** Titles of the published entries, by their id. */
  published: Map<number, string>;
}

async function userWithToken(store: TestStore, role: UserRole, name: string) {
  const user = await createUser(
    store,
    {
      email: `${name.toLowerCase().replace(/\W+/g, ".")}@example.org`,
      name,
      role,
      password: "correct horse battery",
    },
    testPasswords,
  );
  return { user, token: await createApiToken(store, user, "tests") };
}

/** Imports the archive and writes the drafts; users cost ~0.4 s each, so call once per suite. */
export async function apiFixture(store: TestStore): Promise<ApiFixture> {
  await importFrom(store, tempFile("sheet.csv", sheetCsv(ROWS)));
  const editor = await userWithToken(store, "editor", "Rohin");
  const summarizer = await userWithToken(store, "summarizer", "Sam Writer");
  const other = await userWithToken(store, "summarizer", "Olive Other");
  const draft = await createEntry(store, summarizer.user, {
    title: "Secret Draft About Reward Hacking",
    url: "https://arxiv.org/abs/2401.00001",
    category: "Learning human intent",
    summary: "Not for readers yet: reward hacking.",
  });
  const inIssue = await createEntry(store, editor.user, {
    title: "Late Addition on Reward Models",
    category: "Learning human intent",
    summary: "Reward models, added to issue 1 but not published.",
  });
  // Composing is another service; the state it leaves is set directly here.
  await store.db
    .updateTable("entries")
    .set({ status: "in_issue", issue_number: 1, issue_label: "AN #1" })
    .where("id", "=", inIssue.id)
    .execute();
  await saveIssueMeta(store.db, 4, { subject: "Next week (draft)" });
  await store.db.updateTable("issues").set({ status: "draft" }).where("number", "=", 4).execute();
  const rows = await store.db
    .selectFrom("entries")
    .select(["id", "title"])
    .where("status", "=", "published")
    .execute();
  return {
    site: testSite(store),
    editor,
    summarizer,
    other,
    draftId: draft.id,
    unpublishedInIssueId: inIssue.id,
    published: new Map(rows.map((r) => [r.id, r.title])),
  };
}

/** A request to the API in-process; `body` is sent as JSON unless it is a string. */
export function api(
  site: TestSite,
  path: string,
  init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let body: string | undefined;
  if (init.body !== undefined) {
    body = typeof init.body === "string" ? init.body : JSON.stringify(init.body);
    headers["content-type"] ??= "application/json";
  }
  return Promise.resolve(
    site.app.request(`http://summa.test/api/v1${path}`, { method: init.method ?? "GET", headers, body }),
  );
}

/**
 * The document's schemas with every object closed (no undocumented fields), so a response
 * with a field the document does not describe fails here, though clients are told objects
 * may grow.
 */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (typeof schema !== "object" || schema === null) return schema;
  const out = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, closed(v)]));
  if ("properties" in out && !("additionalProperties" in out)) out.additionalProperties = false;
  return out;
}

const defs = closed(
  JSON.parse(
    JSON.stringify(OPENAPI_DOCUMENT.components.schemas).replaceAll("#/components/schemas/", "#/$defs/"),
  ),
) as Record<string, unknown>;
const validators = new Map<string, z.ZodType>();

/** Asserts a response body matches a schema of the OpenAPI document, e.g. "EntryPage". */
export function assertSchema(name: keyof typeof OPENAPI_DOCUMENT.components.schemas, body: unknown): void {
  let schema = validators.get(name);
  if (!schema) {
    schema = z.fromJSONSchema({ $defs: defs, $ref: `#/$defs/${name}` } as z.core.JSONSchema.JSONSchema);
    validators.set(name, schema);
  }
  const result = schema.safeParse(body);
  assert.ok(result.success, `${name}: ${JSON.stringify(result.error?.issues, null, 1)}`);
}

/** Reads an error response: JSON, the documented shape, and the code and status expected. */
export async function assertError(res: Response, status: number, code: string) {
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${await res.clone().text()}`);
  assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
  const body = (await res.json()) as { error: { code: string; message: string } & Record<string, unknown> };
  assertSchema("Error", body);
  assert.equal(body.error.code, code);
  assert.ok(body.error.message.length > 0);
  return body.error;
}
