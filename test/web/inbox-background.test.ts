import assert from "node:assert/strict";
import { once } from "node:events";
import { after, before, describe, test } from "node:test";
import { addCandidates, getInboxItem, type InboxJobs, inboxJobs, listInbox } from "../../src/inbox/index.ts";
import { changeSetting } from "../../src/newsletter/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { type LoggedIn, noNetwork, type TestSite, testSite } from "../helpers/web.ts";
import { type SourceServer, sourceServer } from "../inbox/fetching/source-server.ts";
import { incoming, seedEntries } from "../inbox/fixture.ts";

const ORIGIN = "http://summa.test";
const NOW = "2020-07-01T10:00:00.000Z";
const XSS = `<img src=x onerror="alert(1)">`;

/** A promise and the hand that settles it: a trainer the test holds until it says so. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe("inbox jobs: one training at a time, failures logged", () => {
  test("calls during a training run it once more after, never alongside", async () => {
    let running = 0;
    let most = 0;
    let runs = 0;
    const held = gate();
    const jobs = inboxJobs({} as TestStore, {
      retrain: async () => {
        running++;
        most = Math.max(most, running);
        runs++;
        if (runs === 1) await held.opened;
        running--;
        return runs;
      },
      log: () => {},
    });
    const first = once(jobs.events, "retrained");
    jobs.retrainSoon("t1");
    jobs.retrainSoon("t2");
    jobs.retrainSoon("t3");
    held.open();
    assert.deepEqual(await first, [1]);
    await jobs.idle();
    assert.equal(runs, 2, "the three calls made one training and one more after it");
    assert.equal(most, 1, "never two at once");
  });

  test("a training that throws is logged and the next one still runs", async () => {
    const lines: string[] = [];
    let calls = 0;
    const jobs = inboxJobs({} as TestStore, {
      retrain: async () => {
        calls++;
        if (calls === 1) throw new Error("the disk is full");
        return "ok";
      },
      log: (line) => lines.push(line),
    });
    const failed = once(jobs.events, "retrain-failed");
    jobs.retrainSoon("t1");
    assert.match(String((await failed)[0]), /the disk is full/);
    await jobs.idle();
    assert.match(lines.join("\n"), /retraining failed: .*the disk is full/);
    jobs.retrainSoon("t2");
    assert.deepEqual(await once(jobs.events, "retrained"), ["ok"]);
  });
});

for (const dialect of DIALECTS) {
  describe(`inbox work off the request path (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let server: SourceServer;
    before(async () => {
      store = await dialect.open();
      await seedEntries(store);
      server = await sourceServer();
      server.route("/paper", {
        body: `<html><head><title>ignored</title>
          <meta name="citation_title" content="Scalable agent alignment via reward modeling">
          <meta name="citation_author" content="Leike, Jan"><meta name="citation_author" content="Krueger, David">
          <meta name="citation_abstract" content="One research direction &lt;script&gt;x()&lt;/script&gt;.">
          <meta name="citation_journal_title" content="Journal of Alignment">
          <meta name="citation_publication_date" content="2018/11/19"></head><body></body></html>`,
        headers: { "content-type": "text/html; charset=utf-8" },
      });
      server.route("/gone", { status: 404, body: "no such page" });
    });
    after(async () => {
      await server?.close();
      await store?.dispose();
    });

    test("a pick answers before the retraining it triggers has finished; the training then runs", async () => {
      await addCandidates(
        store,
        [
          incoming({ title: "Preferences implicit in the state of the world", authors: ["Shah, Rohin"] }),
          incoming({ title: "Old and dull", authors: ["Nobody, Joe"] }),
        ],
        { source: "zotero", history: true, now: NOW },
      );
      const { ids } = await addCandidates(
        store,
        [incoming({ title: "Learning from corrections", authors: ["Shah, Rohin"] })],
        { source: "feed", now: NOW },
      );
      await changeSetting(store, "inbox.retrain_every", "1");
      const held = gate();
      let started = false;
      let finished = false;
      const jobs: InboxJobs = inboxJobs(store, {
        retrain: async () => {
          started = true;
          await held.opened;
          finished = true;
          return "trained";
        },
      });
      const site: TestSite = testSite(store, { inbox: { jobs } });
      const editor: LoggedIn = await site.login("editor", "Rohin");
      const res = await site.post(`/desk/inbox/${ids[0]}/pick`, { category: "Problems" }, editor);
      assert.equal(res.status, 303);
      assert.equal(finished, false, "the answer came while the training was still to finish");
      assert.equal((await getInboxItem(store, ids[0]!)).status, "picked");
      const trained = once(jobs.events, "retrained");
      held.open();
      assert.deepEqual(await trained, ["trained"]);
      assert.ok(started && finished);
      await changeSetting(store, "inbox.retrain_every", "25");
    });

    test("by default the desk's decision retrains for real, in a worker thread, after the answer", async () => {
      const { ids } = await addCandidates(store, [incoming({ title: "Another paper to dismiss" })], {
        source: "feed",
        now: NOW,
      });
      await changeSetting(store, "inbox.retrain_every", "1");
      const jobs = inboxJobs(store);
      const site = testSite(store, { inbox: { jobs } });
      const editor = await site.login("editor", "Rohin");
      // Whichever comes first: a failed training (the worker thread did not start) fails the test, never hangs it.
      const outcome = Promise.race([
        once(jobs.events, "retrained").then(([report]) => ({ report })),
        once(jobs.events, "retrain-failed").then(([error]) => ({ error })),
      ]);
      assert.equal((await site.post(`/desk/inbox/${ids[0]}/dismiss`, {}, editor)).status, 303);
      const got = (await outcome) as { report?: { decisions: number } | null; error?: unknown };
      assert.equal(got.error, undefined, String(got.error));
      const report = got.report;
      assert.ok(report && report.decisions >= 3, "retrainIfDue trained on the decisions");
      await changeSetting(store, "inbox.retrain_every", "25");
    });

    test("a suggestion without a title is filled from its page after the answer; a failure is kept", async () => {
      const jobs = inboxJobs(store, { read: { polite: { allowPrivate: true } }, log: () => {} });
      const site = testSite(store, { inbox: { jobs } });
      const submit = (fields: Record<string, string>) =>
        site.app.request(`${ORIGIN}/suggest`, {
          method: "POST",
          body: new URLSearchParams(fields),
          headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
        });
      const looked = once(jobs.events, "looked-up");
      const res = await submit({ url: `${server.url}/paper`, name: "Ada" });
      assert.equal(res.status, 303);
      const [id, outcome] = await looked;
      assert.equal(outcome, "filled");
      const item = await getInboxItem(store, id as number);
      assert.equal(item.title, "Scalable agent alignment via reward modeling");
      assert.deepEqual(item.authors, ["Leike, Jan", "Krueger, David"]);
      assert.equal(item.venue, "Journal of Alignment");
      assert.equal(item.published, "2018-11-19");
      assert.match(item.abstract, /^One research direction/);
      assert.equal(item.hatTip, "Ada");
      assert.equal(item.lookupError, null);

      const failed = once(jobs.events, "looked-up");
      await submit({ url: `${server.url}/gone?${encodeURIComponent(XSS)}`, name: "Bob" });
      const [goneId, goneOutcome] = await failed;
      assert.equal(goneOutcome, "failed");
      const gone = await getInboxItem(store, goneId as number);
      assert.equal(gone.title, gone.url, "a failure leaves the address as its title");
      assert.match(gone.lookupError ?? "", /^source\.[a-z_]+: /);
      const editor = await site.login("editor", "Rohin");
      const desk = await (await site.get("/desk/inbox?source=suggestion", editor)).text();
      assert.match(desk, /Looking its address up failed: source\./);

      // With a title, nothing is looked up: the suggester's title stands.
      const titled = await submit({ url: `${server.url}/paper?v=2`, title: "My own title" });
      assert.equal(titled.status, 303);
      await jobs.idle();
      const mine = (await listInbox(store, { source: "suggestion" }, NOW)).items.find(
        (i) => i.title === "My own title",
      );
      assert.ok(mine, "kept as the suggester titled it");
    });

    test("the public site links to /suggest while inbox.suggest_public is on; off, the form is gone", async () => {
      const site = testSite(store, {
        inbox: { jobs: inboxJobs(store, { read: { polite: { fetchImpl: noNetwork } }, log: () => {} }) },
      });
      const home = await (await site.get("/")).text();
      assert.match(home, /<a href="\/suggest">Suggest a paper<\/a>: seen something/, "beside the sign-up");
      assert.match(home, /· <a href="\/suggest">Suggest a paper<\/a>/, "in the footer");
      assert.equal((await site.get("/suggest")).status, 200);
      await assert.rejects(changeSetting(store, "inbox.suggest_public", "maybe"), /expected "on" or "off"/);
      assert.equal(await changeSetting(store, "inbox.suggest_public", "no"), "off");
      for (const path of ["/", "/issues"]) {
        const off = await (await site.get(path)).text();
        assert.ok(!off.includes('href="/suggest"'), `no link to a form that is off (${path})`);
      }
      assert.equal((await site.get("/suggest")).status, 404);
      const post = await site.app.request(`${ORIGIN}/suggest`, {
        method: "POST",
        body: new URLSearchParams({ url: "https://example.org/x" }),
        headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
      });
      assert.equal(post.status, 404);
      assert.equal((await site.get("/suggest/thanks")).status, 404);
      await changeSetting(store, "inbox.suggest_public", "on");
      assert.equal((await site.get("/suggest")).status, 200);
    });
  });
}
