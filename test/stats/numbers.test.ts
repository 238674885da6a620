import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { applyBounceEvents } from "../../src/bounces/index.ts";
import { openTransport, sendProgress, startSend, startWorker } from "../../src/delivery/index.ts";
import { loadNumbers, type Numbers } from "../../src/stats/index.ts";
import { addSubscriber, unsubscribeSubscriber } from "../../src/subscribers/index.ts";
import {
  addSubscribers,
  configureNewsletter,
  publishedIssue,
  type SmtpSink,
  startSmtpSink,
  waitFor,
} from "../delivery/helpers.ts";
import { summaInProcess } from "../helpers/cli.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { tempDir } from "../helpers/temp.ts";

/**
 * The numbers from a real store: subscribers added by the operator on known days, a send
 * delivered over SMTP, an unsubscribe from that send and a hard bounce naming one of its
 * messages; then the loader, `summa stats --json` and `summa stats --csv`.
 */
for (const dialect of DIALECTS) {
  describe(`the numbers from the database (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let sink: SmtpSink;
    let numbers: Numbers;

    before(async () => {
      store = await dialect.open();
      sink = await startSmtpSink();
      await configureNewsletter(store);
      await publishedIssue(store, 7);
      // Three rows without times (as before they were kept), three with.
      await addSubscribers(store, 3, { prefix: "old" });
      await addSubscriber(store, { email: "a@example.org" }, new Date("2024-06-04T10:00:00Z"));
      const b = await addSubscriber(store, { email: "b@example.org" }, new Date("2024-06-05T10:00:00Z"));
      await addSubscriber(store, { email: "c@example.org" }, new Date("2024-06-11T10:00:00Z"));
      const transport = openTransport(sink.url, { connections: 2 });
      await startSend(store, { issueNumber: 7 });
      const worker = startWorker(store, transport, { pollMs: 10, leaseMs: 5000 });
      await waitFor(async () => (await sendProgress(store, 7)).status === "done", 20_000, 20, "the send");
      await worker.stop();
      await transport.close?.();
      const sendId = (await store.db.selectFrom("sends").select("id").executeTakeFirstOrThrow()).id;
      await unsubscribeSubscriber(
        store,
        b.subscriber.id,
        { via: "link", sendId },
        new Date("2024-06-18T09:00:00Z"),
      );
      const c = await store.db
        .selectFrom("deliveries")
        .select("message_id")
        .where("email", "=", "c@example.org")
        .executeTakeFirstOrThrow();
      await applyBounceEvents(
        store,
        [
          {
            email: "c@example.org",
            kind: "hard",
            source: "webhook",
            detail: "550 5.1.1 user unknown",
            at: "2024-06-19T00:00:00.000Z",
            messageId: c.message_id,
            key: "hard-c",
          },
        ],
        new Date("2024-06-19T01:00:00Z"),
      );
      numbers = await loadNumbers(store, { readers: true, now: new Date("2024-07-01T12:00:00Z") });
    });
    after(async () => {
      await sink?.close();
      await store?.dispose();
    });

    test("subscribers by ISO week, with the undated rows apart", () => {
      const s = numbers.subscribers!;
      assert.deepEqual(
        s.weeks.map((w) => [w.week, w.confirmed, w.unsubscribed, w.bounced, w.complained, w.net]),
        [
          ["2024-W23", 2, 0, 0, 0, 2],
          ["2024-W24", 1, 0, 0, 0, 3],
          ["2024-W25", 0, 1, 1, 0, 1],
          ["2024-W26", 0, 0, 0, 0, 1],
          ["2024-W27", 0, 0, 0, 0, 1],
        ],
      );
      assert.deepEqual(s.totals, { confirmed: 6, unsubscribed: 1, bounced: 1, complained: 0, net: 4 });
      assert.deepEqual(s.undated, { confirmed: 3, unsubscribed: 0, bounced: 0, complained: 0 });
    });

    test("the send's figures, from delivery/figures.ts", () => {
      assert.deepEqual(
        numbers.sends!.map(({ sendAt: _, ...s }) => s),
        [
          {
            issueNumber: 7,
            status: "done",
            sent: 6,
            failed: 0,
            bounced: 1,
            bouncedHard: 1,
            bouncedSoft: 0,
            complaints: 0,
            unsubscribes: 1,
          },
        ],
      );
    });

    test("the retrospective of the published issue", () => {
      const o = numbers.retrospective.overall;
      assert.deepEqual([o.issues, o.entries, o.highlights, o.withOpinion], [1, 3, 1, 3]);
      assert.deepEqual(o.summarizers, [{ name: "Rohin", entries: 3 }]);
      assert.deepEqual(
        numbers.retrospective.byVolume.map((p) => p.period),
        ["#1-#52"],
      );
      assert.deepEqual(
        numbers.retrospective.byYear.map((p) => p.period),
        ["undated"],
      );
    });

    test("summa stats --json has every series; --csv writes one file per series", async () => {
      const res = await summaInProcess(["--db", store.url, "--json", "stats"]);
      assert.equal(res.code, 0, res.stderr);
      const json = JSON.parse(res.stdout);
      for (const key of [
        "database",
        "dialect",
        "entries",
        "issues",
        "people",
        "subscribers",
        "sends",
        "retrospective",
      ])
        assert.ok(key in json, `--json has ${key}`);
      for (const key of ["overall", "byYear", "byVolume"]) assert.ok(key in json.retrospective, key);
      for (const key of [
        "issues",
        "entries",
        "wordsSummarized",
        "opinionWords",
        "highlightsShare",
        "summarizers",
        "sections",
        "categories",
        "venues",
        "medianSummaryWords",
        "medianOpinionWords",
        "mostCited",
      ])
        assert.ok(key in json.retrospective.overall, key);
      assert.deepEqual(json.subscribers.totals, numbers.subscribers!.totals);
      assert.equal(json.subscribers.weeks[0].week, "2024-W23");
      assert.deepEqual(json.sends, numbers.sends);

      const text = await summaInProcess(["--db", store.url, "stats"]);
      assert.equal(text.code, 0, text.stderr);
      assert.match(text.stdout, /Subscribers: 4 on the list; 6 confirmed, 1 unsubscribed, 1 bounced/);
      assert.match(text.stdout, /#7 +6 +0 +1 +0 +1/);

      const dir = join(tempDir("summa-stats-"), "csv");
      const csv = await summaInProcess(["--db", store.url, "stats", "--csv", dir]);
      assert.equal(csv.code, 0, csv.stderr);
      assert.equal(
        readFileSync(join(dir, "sends.csv"), "utf8")
          .split("\r\n")[1]!
          .replace(/,[^,]*T[^,]*Z,/, ",AT,"),
        "7,done,AT,6,0,1,1,0,0,1",
      );
      assert.match(readFileSync(join(dir, "subscribers-weekly.csv"), "utf8"), /^week,start,confirmed/);
      assert.match(readFileSync(join(dir, "content-by-volume.csv"), "utf8"), /\r\n#1-#52,7,7,1,3,/);

      const year = JSON.parse(
        (await summaInProcess(["--db", store.url, "--json", "stats", "--year", "2024"])).stdout,
      );
      assert.equal(year.year, 2024);
      assert.equal(year.yearFigures, null, "issue #7 has no date, so no calendar year holds it");
      assert.ok(year.subscribers.weeks.every((w: { week: string }) => w.week.startsWith("2024-W")));
      assert.equal(year.subscribers.weeks[0].week, "2024-W23");

      const bad = await summaInProcess(["--db", store.url, "stats", "--year", "19"]);
      assert.notEqual(bad.code, 0);
      assert.match(bad.stderr, /expected a year such as 2019, got "19"/);
    });
  });
}
