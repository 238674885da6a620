import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { addSource } from "../../src/inbox/fetching/index.ts";
import { fetchIntoInbox, inboxJobs, lastFetchRun, listInbox, recordFetchRun } from "../../src/inbox/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { fakeClock, type SourceServer, sourceServer } from "./fetching/source-server.ts";
import { type ForumPostFixture, forumAnswer } from "./sources/fixtures.ts";

const NOW = "2024-01-05T12:00:00.000Z";

for (const dialect of DIALECTS) {
  describe(`the sources' fetch runs, kept (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let server: SourceServer;
    let posts: ForumPostFixture[] = [
      { _id: "p5", title: "Post Five", postedAt: "2024-01-05T10:00:00.000Z", author: "Ada" },
      { _id: "p4", title: "Post Four", postedAt: "2024-01-04T10:00:00.000Z", author: "Cy" },
    ];
    before(async () => {
      store = await dialect.open();
      server = await sourceServer();
      // ForumMagnum's "new" view: postedAt strictly after `after`, strictly before `before`.
      server.route("/graphql", (req) => {
        const { terms } = JSON.parse(req.body).variables.input;
        const page = posts
          .filter(
            (p) => (!terms.after || p.postedAt > terms.after) && (!terms.before || p.postedAt < terms.before),
          )
          .slice(0, terms.limit);
        return { body: forumAnswer(page), headers: { "content-type": "application/json" } };
      });
      await addSource(store, { name: "af", kind: "forum", config: { endpoint: `${server.url}/graphql` } });
    });
    after(async () => {
      await server?.close();
      await store?.dispose();
    });
    const polite = { allowPrivate: true, minIntervalMs: 0 };

    test("a command-line fetch and a scheduled one are kept with their reports; a post at the cursor's instant arrives once", async () => {
      assert.equal(await lastFetchRun(store), null);
      const clock = fakeClock(Date.parse(NOW));
      const first = await fetchIntoInbox(store, { polite, now: clock.date, sleep: clock.sleep });
      assert.deepEqual(
        first.map((r) => [r.source, r.fetched, r.added, r.duplicates]),
        [["af", 2, 2, 0]],
      );
      const kept = await lastFetchRun(store);
      assert.equal(kept?.startedBy, "command line");
      assert.equal(kept?.only, null);
      assert.equal(kept?.startedAt, NOW);
      assert.deepEqual(kept?.report, first);

      // A post with the newest one's postedAt appears; the schedule's run reads it, and p5 again.
      posts = [
        { _id: "p5b", title: "Post Five B", postedAt: "2024-01-05T10:00:00.000Z", author: "Bo" },
        ...posts,
      ];
      const jobs = inboxJobs(store, { log: () => {} });
      assert.ok(jobs.fetchSourcesSoon({ startedBy: "schedule", polite, only: ["af"] }));
      await jobs.idle();
      const second = await lastFetchRun(store);
      assert.equal(second?.startedBy, "schedule");
      assert.deepEqual(second?.only, ["af"]);
      assert.deepEqual(
        second?.report.map((r) => [r.source, r.fetched, r.added, r.duplicates, r.error ?? null]),
        [["af", 2, 1, 1, null]],
      );
      const titles = (await listInbox(store, { source: "af" }, NOW)).items.map((i) => i.title).sort();
      assert.deepEqual(titles, ["Post Five", "Post Five B", "Post Four"]);
    });

    test("a run stopped as a whole is kept with its error; only the last runs are kept", async () => {
      await assert.rejects(fetchIntoInbox(store, { only: ["gone"] }), /no inbox source named gone/);
      const failed = await lastFetchRun(store);
      assert.deepEqual([failed?.report, failed?.only], [[], ["gone"]]);
      assert.match(failed?.error ?? "", /no inbox source named gone/);
      for (let i = 0; i < 25; i++)
        await recordFetchRun(store, {
          only: null,
          startedBy: "desk",
          startedAt: NOW,
          finishedAt: NOW,
          report: [],
          error: null,
        });
      const { n } = await store.db
        .selectFrom("inbox_fetch_runs")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      assert.equal(Number(n), 20);
      assert.equal((await lastFetchRun(store))?.startedBy, "desk");
    });
  });
}
