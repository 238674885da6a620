import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { getIssue } from "../../src/store/index.ts";
import { summaInProcess } from "../helpers/cli.ts";
import { entryNow, readyEntry } from "../helpers/compose.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";

/** The editor's loop from the command line: `summa issue create | add | remove | highlight | publish | unpublish`. */
for (const dialect of DIALECTS) {
  describe(`summa issue: composing from the command line (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    const run = (...args: string[]) => summaInProcess(["--db", store.url, ...args]);
    const json = async (...args: string[]) => {
      const r = await run("--json", ...args);
      assert.equal(r.code, 0, r.stderr);
      return JSON.parse(r.stdout);
    };
    before(async () => {
      store = await dialect.open();
    });
    after(() => store?.dispose());

    test("create, add, highlight, remove and publish an issue, as the desk does", async () => {
      const created = await run("issue", "create", "--subject", "Debate week");
      assert.equal(created.code, 0, created.stderr);
      const m = /Created draft AN #(\d+)\./.exec(created.stdout);
      assert.ok(m, created.stdout);
      const n = Number(m[1]);
      assert.equal((await getIssue(store.db, n))?.subject, "Debate week");
      assert.deepEqual(await json("issue", "create"), { issue: n + 1, status: "draft", subject: "" });

      const [a, b] = [await readyEntry(store), await readyEntry(store)];
      const added = await run("issue", "add", String(n), String(a.id), `#${b.id}`);
      assert.equal(added.code, 0, added.stderr);
      assert.match(
        added.stdout,
        new RegExp(`Added 2 to AN #${n}:\\n  #${a.id} ${a.title}\\n  #${b.id} ${b.title}\\n`),
      );
      assert.equal((await entryNow(store, a.id)).issueNumber, n);

      const hl = await json("issue", "highlight", `AN #${n}`, String(b.id));
      assert.deepEqual(hl, { issue: n, entry: { id: b.id, title: b.title }, highlight: true });
      assert.equal((await entryNow(store, b.id)).highlight, true);
      const off = await run("issue", "highlight", String(n), String(b.id), "--off");
      assert.equal(off.stdout, `#${b.id} ${b.title}: no longer a highlight.\n`);
      assert.equal((await entryNow(store, b.id)).highlight, false);

      const removed = await json("issue", "remove", String(n), String(a.id));
      assert.deepEqual(removed, { issue: n, removed: [{ id: a.id, title: a.title }] });
      assert.equal((await entryNow(store, a.id)).status, "ready");

      const published = await run("issue", "publish", String(n));
      assert.equal(published.code, 0, published.stderr);
      assert.match(published.stdout, new RegExp(`^Published AN #${n}, dated \\d{4}-\\d\\d-\\d\\d\\.\\n$`));
      assert.equal((await getIssue(store.db, n))?.status, "published");
      assert.equal((await entryNow(store, b.id)).status, "published");

      const withdrawn = await json("issue", "unpublish", String(n), "--reason", "Sent by mistake");
      assert.equal(withdrawn.status, "withdrawn");
      assert.equal(withdrawn.reason, "Sent by mistake");
      const row = await getIssue(store.db, n);
      assert.equal(row?.status, "withdrawn");
      assert.equal(row?.withdrawn_reason, "Sent by mistake");
    });

    test("publish --at schedules; unpublish returns a scheduled issue to draft", async () => {
      const n = (await json("issue", "create", "77")).issue;
      assert.equal(n, 77);
      const e = await readyEntry(store);
      await json("issue", "add", "77", String(e.id));
      const scheduled = await run("issue", "publish", "77", "--at", "2999-05-01T09:00:00Z");
      assert.equal(scheduled.code, 0, scheduled.stderr);
      assert.match(
        scheduled.stdout,
        /^Scheduled AN #77: public from 2999-05-01T09:00:00\.000Z \(dated 2999-05-01\)/,
      );
      const row = await getIssue(store.db, 77);
      assert.equal(row?.status, "scheduled");
      assert.equal(row?.publish_at, "2999-05-01T09:00:00.000Z");
      const back = await run("issue", "unpublish", "77");
      assert.equal(back.stdout, "AN #77 is a draft again: it will not be published at its scheduled time.\n");
      assert.equal((await getIssue(store.db, 77))?.status, "draft");
    });

    test("refusals name what is wrong, with the exit codes of src/cli/errors.ts", async () => {
      const n = (await json("issue", "create")).issue;
      // An empty issue is not published.
      const empty = await run("--json", "issue", "publish", String(n));
      assert.equal(empty.code, 1);
      assert.deepEqual(JSON.parse(empty.stderr).error.code, "input.invalid");
      assert.match(empty.stderr, /has no entries; add some before publishing/);
      // An entry is named by its id; a title is a usage error.
      const title = await run("issue", "add", String(n), "Some title");
      assert.equal(title.code, 2);
      assert.match(title.stderr, /"Some title" is not an entry id/);
      const unknownEntry = await run("issue", "add", String(n), "987654");
      assert.equal(unknownEntry.code, 1);
      assert.match(unknownEntry.stderr, /There is no entry #987654/);
      const unknownIssue = await run("issue", "add", "99999", "1");
      assert.equal(unknownIssue.code, 1);
      assert.match(unknownIssue.stderr, /There is no issue #99999/);
      const notIn = await run("issue", "remove", String(n), "987654");
      assert.equal(notIn.code, 1);
      assert.match(notIn.stderr, new RegExp(`Entry #987654 is not in issue #${n}`));
      const taken = await run("issue", "create", String(n));
      assert.equal(taken.code, 1);
      assert.match(taken.stderr, new RegExp(`Issue #${n} already exists \\(draft\\)`));
      const badTime = await run("issue", "publish", String(n), "--at", "tomorrow");
      assert.equal(badTime.code, 1);
      assert.match(badTime.stderr, /expected an ISO time/);
      const draft = await run("issue", "unpublish", String(n), "--reason", "x");
      assert.equal(draft.code, 1);
      assert.match(draft.stderr, /is a draft: there is nothing to unpublish/);
      // A published issue needs a reason to be withdrawn.
      const e = await readyEntry(store);
      await json("issue", "add", String(n), String(e.id));
      await json("issue", "publish", String(n));
      const noReason = await run("issue", "unpublish", String(n));
      assert.equal(noReason.code, 1);
      assert.match(noReason.stderr, /Give a reason/);
      assert.equal((await getIssue(store.db, n))?.status, "published");
    });
  });
}
