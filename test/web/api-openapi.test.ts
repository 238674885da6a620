import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { publishBody, unpublishBody } from "../../src/web/api/issue-writes.ts";
import { entriesQuery, entryBody, lookupQuery, pageQuery } from "../../src/web/api/schemas.ts";
import { createApp } from "../../src/web/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { testSite } from "../helpers/web.ts";
import { api } from "./api-fixture.ts";

type Operation = {
  parameters?: ({ $ref: string } | { name: string; in: string })[];
  security?: unknown[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
};
type Document = {
  openapi: string;
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, { properties?: Record<string, unknown>; enum?: string[] }>;
    parameters: Record<string, { name: string }>;
    securitySchemes: Record<string, { type: string; scheme: string }>;
  };
};

/** Hono's `/issues/:number` is OpenAPI's `/issues/{number}`. */
const toOpenApiPath = (path: string) => path.replace(/:(\w+)(\{[^}]*\})?/g, "{$1}");

function parameterNames(doc: Document, op: Operation, where: string): string[] {
  return (op.parameters ?? [])
    .map((p) => ("$ref" in p ? doc.components.parameters[p.$ref.split("/").pop()!]! : p))
    .filter((p) => ("in" in p ? p.in : "query") === where)
    .map((p) => p.name)
    .sort();
}

/** Every `$ref` in the document, so each can be checked to point somewhere. */
function refs(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refs);
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => (k === "$ref" && typeof v === "string" ? [v] : refs(v)));
}

// The document does not depend on the database: one dialect is enough.
const sqlite = DIALECTS.find((d) => d.name === "sqlite")!;

describe("JSON API: the OpenAPI document", () => {
  let store: TestStore;
  let doc: Document;
  before(async () => {
    store = await sqlite.open();
    const res = await api(testSite(store), "/openapi.json");
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type")!, /^application\/json/);
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
    doc = JSON.parse(await res.text()) as Document;
  });
  after(() => store?.dispose());

  test("is OpenAPI 3.1 served from /api/v1, with a bearer security scheme", () => {
    assert.match(doc.openapi, /^3\.1\.\d+$/);
    assert.deepEqual(doc.servers, [{ url: "/api/v1" }]);
    assert.deepEqual(doc.components.securitySchemes.bearer, {
      ...doc.components.securitySchemes.bearer,
      type: "http",
      scheme: "bearer",
    });
  });

  test("describes exactly the routes registered under /api/v1", () => {
    const app = createApp(store);
    const registered = new Set(
      app.routes
        .filter((r) => r.path.startsWith("/api/v1/") && r.method !== "ALL")
        .map((r) => `${r.method.toLowerCase()} ${toOpenApiPath(r.path.slice("/api/v1".length))}`),
    );
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`)),
    );
    assert.ok(registered.size >= 10, [...registered].join(", "));
    assert.deepEqual([...registered].sort(), [...documented].sort());
  });

  test("path parameters, query parameters and bodies match what the API reads", () => {
    for (const [path, ops] of Object.entries(doc.paths))
      for (const op of Object.values(ops))
        assert.deepEqual(
          parameterNames(doc, op, "path"),
          [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort(),
          path,
        );
    const query = (path: string) => parameterNames(doc, doc.paths[path]!.get!, "query");
    assert.deepEqual(query("/entries"), Object.keys(entriesQuery.shape).sort());
    assert.deepEqual(query("/lookup"), Object.keys(lookupQuery.shape).sort());
    assert.deepEqual(query("/issues"), Object.keys(pageQuery.shape).sort());
    const input = doc.components.schemas.EntryInput!.properties!;
    assert.deepEqual(Object.keys(input).sort(), Object.keys(entryBody.shape).sort());
    const props = (name: string) => Object.keys(doc.components.schemas[name]!.properties!).sort();
    assert.deepEqual(props("PublishInput"), Object.keys(publishBody.shape).sort());
    assert.deepEqual(props("UnpublishInput"), Object.keys(unpublishBody.shape).sort());
  });

  test("writes need the bearer token (the bounce webhook: its secret) and say so; reads are public", () => {
    // Providers authenticate bounce webhooks with the installation's shared secret, not a user's token.
    const WEBHOOKS = new Set(["/bounces"]);
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops)) {
        const writes = method !== "get";
        const scheme = WEBHOOKS.has(path) ? "webhookSecret" : "bearer";
        assert.deepEqual(op.security ?? [], writes ? [{ [scheme]: [] }] : [], `${method} ${path}`);
        assert.equal(doc.components.securitySchemes[scheme]?.scheme, "bearer", scheme);
        if (writes)
          for (const status of scheme === "bearer" ? ["401", "403", "409", "422"] : ["400", "401", "413"])
            assert.ok(op.responses[status], `${method} ${path} ${status}`);
      }
  });

  test("every $ref resolves, and the error code enum lists the codes clients branch on", () => {
    for (const ref of refs(doc)) {
      const [, section, name] = /^#\/components\/(\w+)\/(\w+)$/.exec(ref) ?? [];
      const found = (doc.components as Record<string, Record<string, unknown>>)[section ?? ""]?.[name ?? ""];
      assert.ok(found, `unresolved ${ref}`);
    }
    const codes = doc.components.schemas.ErrorCode!.enum!;
    for (const code of [
      "input.invalid",
      "auth.required",
      "auth.forbidden",
      "conflict",
      "not_found",
      "internal",
    ])
      assert.ok(codes.includes(code), code);
  });
});
