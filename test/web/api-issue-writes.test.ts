import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createEntry } from "../../src/entries/index.ts";
import { addEntriesToIssue, createDraftIssue } from "../../src/issues/index.ts";
import { getIssue } from "../../src/store/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { type ApiFixture, api, apiFixture, assertError, assertSchema } from "./api-fixture.ts";

for (const dialect of DIALECTS) {
  describe(`JSON API: publishing and withdrawing issues with a token (${dialect.name})`, {
    skip: dialect.skip,
  }, () => {
    let store: TestStore;
    let f: ApiFixture;
    let draft: number;
    before(async () => {
      store = await dialect.open();
      f = await apiFixture(store);
      const entry = await createEntry(store, f.editor.user, {
        title: "Published Through The API",
        category: "Learning human intent",
        summary: "An entry for an issue published by a script.",
        status: "ready",
      });
      draft = await createDraftIssue(store, { subject: "From a script" });
      await addEntriesToIssue(store, draft, [entry.id]);
    });
    after(() => store?.dispose());

    const publicIssue = async (n: number) => (await api(f.site, `/issues/${n}`)).status;

    test("a summarizer's token, or none, may not publish: nothing changes", async () => {
      await assertError(
        await api(f.site, `/issues/${draft}/publish`, { method: "POST", body: {} }),
        401,
        "auth.required",
      );
      const res = await api(f.site, `/issues/${draft}/publish`, {
        method: "POST",
        token: f.summarizer.token,
        body: {},
      });
      await assertError(res, 403, "auth.forbidden");
      assert.equal((await getIssue(store.db, draft))?.status, "draft");
    });

    test("bad bodies are refused naming the field: an unknown field, a time that is not one", async () => {
      const unknown = await api(f.site, `/issues/${draft}/publish`, {
        method: "POST",
        token: f.editor.token,
        body: { when: "now" },
      });
      const body = await assertError(unknown, 422, "input.invalid");
      assert.match(JSON.stringify(body), /when/);
      const time = await api(f.site, `/issues/${draft}/publish`, {
        method: "POST",
        token: f.editor.token,
        body: { at: "next tuesday" },
      });
      assert.match(
        JSON.stringify(await assertError(time, 422, "input.invalid")),
        /at: must be an ISO 8601 time/,
      );
      assert.equal((await getIssue(store.db, draft))?.status, "draft");
    });

    test("scheduling, unscheduling, publishing, withdrawing with a reason, in order", async () => {
      const at = new Date(Date.now() + 3 * 86_400_000).toISOString();
      const scheduled = await api(f.site, `/issues/${draft}/publish`, {
        method: "POST",
        token: f.editor.token,
        body: { at },
      });
      assert.equal(scheduled.status, 200, await scheduled.clone().text());
      const s = await scheduled.json();
      assertSchema("PublishResult", s);
      assert.equal(s.status, "scheduled");
      assert.equal(await publicIssue(draft), 404, "not public before its time");
      const again = await api(f.site, `/issues/${draft}/publish`, {
        method: "POST",
        token: f.editor.token,
        body: {},
      });
      await assertError(again, 409, "conflict");

      const unscheduled = await api(f.site, `/issues/${draft}/unpublish`, {
        method: "POST",
        token: f.editor.token,
        body: {},
      });
      assert.equal((await unscheduled.json()).status, "draft");

      const published = await api(f.site, `/issues/${draft}/publish`, {
        method: "POST",
        token: f.editor.token,
        body: {},
      });
      const p = await published.json();
      assertSchema("PublishResult", p);
      assert.equal(p.status, "published");
      assert.equal(await publicIssue(draft), 200);

      const noReason = await api(f.site, `/issues/${draft}/unpublish`, {
        method: "POST",
        token: f.editor.token,
        body: {},
      });
      assert.match(JSON.stringify(await assertError(noReason, 422, "input.invalid")), /reason/i);
      assert.equal((await getIssue(store.db, draft))?.status, "published", "still published");

      const withdrawn = await api(f.site, `/issues/${draft}/unpublish`, {
        method: "POST",
        token: f.editor.token,
        body: { reason: "Published by mistake" },
      });
      const w = await withdrawn.json();
      assertSchema("UnpublishResult", w);
      assert.equal(w.status, "withdrawn");
      assert.equal(w.reason, "Published by mistake");
      assert.equal((await getIssue(store.db, draft))?.status, "withdrawn");
      assert.notEqual(await publicIssue(draft), 200, "withdrawn issues are not served as data");
    });

    test("an unknown issue is not found; an empty draft cannot be published", async () => {
      await assertError(
        await api(f.site, "/issues/9999/publish", { method: "POST", token: f.editor.token, body: {} }),
        404,
        "not_found",
      );
      const empty = await createDraftIssue(store, {});
      const res = await api(f.site, `/issues/${empty}/publish`, {
        method: "POST",
        token: f.editor.token,
        body: {},
      });
      assert.match(JSON.stringify(await assertError(res, 422, "input.invalid")), /no entries/);
    });
  });
}
