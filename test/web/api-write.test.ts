import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { type ApiFixture, api, apiFixture, assertError, assertSchema, XSS } from "./api-fixture.ts";

for (const dialect of DIALECTS) {
  describe(`JSON API: writing entries with a token (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let f: ApiFixture;
    before(async () => {
      store = await dialect.open();
      f = await apiFixture(store);
    });
    after(() => store?.dispose());

    const valid = (title: string) => ({
      title,
      category: "Interpretability",
      authors: "Ada Lovelace*, Grace Hopper*",
      year: 2024,
      summary: "A summary written through the API.",
    });

    test("without a token, with a bad one, or not as Bearer: 401 with WWW-Authenticate", async () => {
      const body = valid("Unauthenticated Paper");
      const attempts: Record<string, string>[] = [
        {},
        { authorization: "Bearer summa_not-a-token" },
        { authorization: "Basic dXNlcjpwYXNz" },
      ];
      for (const headers of attempts) {
        const res = await api(f.site, "/entries", { method: "POST", body, headers });
        assert.match(res.headers.get("www-authenticate") ?? "", /^Bearer /);
        await assertError(res, 401, "auth.required");
      }
      const patch = await api(f.site, `/entries/${f.draftId}`, { method: "PATCH", body: { title: "x" } });
      await assertError(patch, 401, "auth.required");
      const lookup = await api(f.site, "/lookup?u=Unauthenticated%20Paper");
      assert.deepEqual((await lookup.json()).matches, [], "nothing was written");
    });

    test("POST /entries creates a draft credited to the token's user: 201, Location, no CORS", async () => {
      const res = await api(f.site, "/entries", {
        method: "POST",
        token: f.summarizer.token,
        body: { ...valid("Probing Attention Heads"), title: "  Probing   Attention Heads " },
      });
      assert.equal(res.status, 201, await res.clone().text());
      assert.equal(res.headers.get("access-control-allow-origin"), null);
      const entry = await res.json();
      assertSchema("Entry", entry);
      assert.equal(res.headers.get("location"), entry.links.self);
      assert.equal(entry.title, "Probing Attention Heads");
      assert.equal(entry.status, "draft");
      assert.deepEqual(entry.summarizers, ["Sam Writer"]);
      assert.equal(entry.year, 2024);
      assert.equal(entry.issue, null);
      assert.deepEqual(
        entry.authors.map((a: { equalContribution: boolean }) => a.equalContribution),
        [true, true],
      );
      await assertError(await api(f.site, `/entries/${entry.id}`), 404, "not_found");
      const search = await (await api(f.site, "/entries?q=probing")).json();
      assert.equal(search.total, 0, "a new draft is not public");
    });

    test("XSS payloads are stored and returned as the same JSON strings", async () => {
      const res = await api(f.site, "/entries", {
        method: "POST",
        token: f.editor.token,
        body: {
          title: "Payloads as Data",
          category: "Forecasting",
          summary: XSS.summary,
          opinion: XSS.opinion,
        },
      });
      assert.equal(res.status, 201);
      const entry = await res.json();
      assert.equal(entry.summary, XSS.summary);
      assert.equal(entry.opinion, XSS.opinion);
      assert.match(res.headers.get("content-type")!, /^application\/json/);
    });

    test("invalid fields are 422 with every problem in details.fields", async () => {
      const res = await api(f.site, "/entries", {
        method: "POST",
        token: f.summarizer.token,
        body: { title: "", category: "Not a category", year: "19x", url: "javascript:alert(1)" },
      });
      const error = await assertError(res, 422, "input.invalid");
      const fields = error.fields as Record<string, string>;
      assert.deepEqual(Object.keys(fields).sort(), ["category", "title", "url", "year"]);
      const typed = await api(f.site, "/entries", {
        method: "POST",
        token: f.summarizer.token,
        body: { title: 5, highlight: "yes", colour: "red", status: "archived" },
      });
      const typeError = await assertError(typed, 422, "input.invalid");
      assert.deepEqual(Object.keys(typeError.fields as object).sort(), [
        "colour",
        "highlight",
        "status",
        "title",
      ]);
      const published = await api(f.site, "/entries", {
        method: "POST",
        token: f.editor.token,
        body: { ...valid("Self Published"), status: "published" },
      });
      assert.match(
        ((await assertError(published, 422, "input.invalid")).fields as { status: string }).status,
        /publishing/,
      );
    });

    test("a body that is not a JSON object is 400 input.invalid; an oversized one 413", async () => {
      const as = { method: "POST", token: f.summarizer.token };
      await assertError(
        await api(f.site, "/entries", { ...as, body: '{"title": "x",' }),
        400,
        "input.invalid",
      );
      await assertError(await api(f.site, "/entries", { ...as, body: "[1, 2]" }), 400, "input.invalid");
      await assertError(await api(f.site, "/entries", { ...as, body: "null" }), 400, "input.invalid");
      const form = await api(f.site, "/entries", {
        ...as,
        body: "title=x",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      assert.match((await assertError(form, 400, "input.invalid")).message, /application\/json/);
      const huge = { ...valid("Huge"), summary: "x".repeat(1024 * 1024 + 1) };
      await assertError(await api(f.site, "/entries", { ...as, body: huge }), 413, "input.invalid");
    });

    test("a title another unsent entry has is 409 conflict", async () => {
      const res = await api(f.site, "/entries", {
        method: "POST",
        token: f.other.token,
        body: { ...valid("x"), title: "secret draft about reward hacking" },
      });
      const error = await assertError(res, 409, "conflict");
      assert.equal(error.entryId, f.draftId);
      assert.equal(error.field, "title");
    });

    test("PATCH /entries/:id changes only the fields given, for the entry's writer", async () => {
      const res = await api(f.site, `/entries/${f.draftId}`, {
        method: "PATCH",
        token: f.summarizer.token,
        body: { opinion: "Now with an opinion.", status: "submitted" },
      });
      assert.equal(res.status, 200, await res.clone().text());
      assert.equal(res.headers.get("access-control-allow-origin"), null);
      const entry = await res.json();
      assertSchema("Entry", entry);
      assert.equal(entry.opinion, "Now with an opinion.");
      assert.equal(entry.status, "submitted");
      assert.equal(res.headers.get("etag"), `"${entry.version}"`);
      const selfReady = await api(f.site, `/entries/${f.draftId}`, {
        method: "PATCH",
        token: f.summarizer.token,
        body: { status: "ready" },
      });
      const refused = await assertError(selfReady, 422, "input.invalid");
      assert.match(
        String((refused.fields as Record<string, string>).status),
        /an editor marks entries ready/,
      );
      assert.equal(entry.title, "Secret Draft About Reward Hacking");
      assert.equal(entry.summary, "Not for readers yet: reward hacking.");
    });

    test("PATCH is 403 for another summarizer's entry or a published one; editors may", async () => {
      const notMine = await api(f.site, `/entries/${f.draftId}`, {
        method: "PATCH",
        token: f.other.token,
        body: { title: "Taken Over" },
      });
      await assertError(notMine, 403, "auth.forbidden");
      const [publishedId] = f.published.keys();
      const published = await api(f.site, `/entries/${publishedId}`, {
        method: "PATCH",
        token: f.summarizer.token,
        body: { opinion: "Rewritten" },
      });
      await assertError(published, 403, "auth.forbidden");
      const byEditor = await api(f.site, `/entries/${f.draftId}`, {
        method: "PATCH",
        token: f.editor.token,
        body: { hatTip: "Cody" },
      });
      assert.equal(byEditor.status, 200);
      assert.equal((await byEditor.json()).hatTip, "Cody");
    });

    test("PATCH answers 404 for an unknown entry, 400 for a bad id, 422 and 409 like POST", async () => {
      const as = { method: "PATCH", token: f.editor.token };
      await assertError(
        await api(f.site, "/entries/999999", { ...as, body: { title: "x" } }),
        404,
        "not_found",
      );
      const badId = await assertError(
        await api(f.site, "/entries/0", { ...as, body: {} }),
        400,
        "input.invalid",
      );
      assert.equal(badId.parameter, "id");
      const invalid = await api(f.site, `/entries/${f.draftId}`, { ...as, body: { year: 3000 } });
      assert.ok(Object.hasOwn((await assertError(invalid, 422, "input.invalid")).fields as object, "year"));
      const created = await (
        await api(f.site, "/entries", { method: "POST", token: f.editor.token, body: valid("Second Draft") })
      ).json();
      const clash = await api(f.site, `/entries/${created.id}`, {
        ...as,
        body: { title: "Secret Draft About Reward Hacking" },
      });
      await assertError(clash, 409, "conflict");
    });

    test("PATCH with a stale version (body or If-Match) is 409 entry.conflict with the other change and current values", async () => {
      const as = { method: "PATCH", token: f.editor.token };
      const created = await (
        await api(f.site, "/entries", {
          method: "POST",
          token: f.editor.token,
          body: valid("Versioned Paper"),
        })
      ).json();
      assert.equal(created.version, 1);
      const first = await api(f.site, `/entries/${created.id}`, {
        ...as,
        body: { summary: "The first editor's summary.", version: 1 },
      });
      assert.equal(first.status, 200, await first.clone().text());
      assert.equal((await first.json()).version, 2);
      // A second client still holding version 1: refused, with what changed since and the current text.
      for (const stale of [
        { body: { opinion: "Stale opinion.", version: 1 } },
        { body: { opinion: "Stale opinion." }, headers: { "if-match": '"1"' } },
      ]) {
        const res = await api(f.site, `/entries/${created.id}`, { ...as, ...stale });
        const error = await assertError(res, 409, "entry.conflict");
        assert.equal(error.currentVersion, 2);
        assert.equal(error.yourVersion, 1);
        assert.deepEqual((error.changes as Record<string, string[]>).summary, [
          "A summary written through the API.",
          "The first editor's summary.",
        ]);
        assert.equal((error.current as Record<string, string>).summary, "The first editor's summary.");
        assert.deepEqual(error.changedBy, ["Rohin"]);
      }
      const current = await api(f.site, `/entries/${created.id}`, {
        ...as,
        body: { opinion: "Fresh.", version: 2 },
      });
      assert.equal(current.status, 200);
      assert.equal((await current.json()).opinion, "Fresh.");
      const bad = await api(f.site, `/entries/${created.id}`, {
        ...as,
        body: {},
        headers: { "if-match": "*" },
      });
      assert.equal((await assertError(bad, 400, "input.invalid")).parameter, "If-Match");
    });
  });
}
