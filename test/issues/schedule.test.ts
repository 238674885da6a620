import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  listPublicIssues,
  loadFeedIssues,
  loadPublicIssue,
  loadSitemap,
  loadWithdrawnIssue,
  searchPublicEntries,
} from "../../src/archive/index.ts";
import { startSend } from "../../src/delivery/index.ts";
import { SummaError } from "../../src/domain/errors.ts";
import {
  addEntriesToIssue,
  createDraftIssue,
  publishIssue,
  releaseDueIssues,
  setEntryHighlight,
  unpublishIssue,
} from "../../src/issues/index.ts";
import { getIssue, insertSendWithAudience, inTransaction } from "../../src/store/index.ts";
import { entryNow, readyEntry } from "../helpers/compose.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";

async function refuses(work: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  await assert.rejects(work, (err: unknown) => {
    assert.ok(err instanceof SummaError, String(err));
    assert.equal(err.code, code, err.message);
    if (message) assert.match(err.message, message);
    return true;
  });
}

const HOUR = 3_600_000;
const SEARCH = { filters: {}, limit: 10, offset: 0 };

for (const dialect of DIALECTS) {
  describe(`scheduled publishing and withdrawing issues (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    before(async () => {
      store = await dialect.open();
    });
    after(() => store?.dispose());

    /** A draft with one ready entry (titled uniquely with `word`), its number and the entry. */
    async function draftWithEntry(word: string) {
      const n = await createDraftIssue(store, { subject: `About ${word}` });
      const entry = await readyEntry(store, { title: `Zygomorphic ${word} study` });
      await addEntriesToIssue(store, n, [entry.id]);
      return { n, entry };
    }

    const publicNumbers = async () =>
      (await listPublicIssues(store, { limit: 1000, offset: 0 })).issues.map((i) => i.number);

    test("an issue published with a future time is nowhere public until then, then everywhere", async () => {
      const { n, entry } = await draftWithEntry("quokka");
      // Scheduled two hours ago for an hour later: its time has passed by the real clock, so the
      // issue's date (its publish time's day) is never "in the future", which would hide it.
      const now = new Date(Date.now() - 2 * HOUR);
      const at = new Date(now.getTime() + HOUR);
      const result = await publishIssue(store, n, now, { at });
      assert.equal(result.scheduled, true);
      assert.equal(result.publishedAt, at.toISOString());
      assert.equal(result.date, at.toISOString().slice(0, 10));
      const row = await getIssue(store.db, n);
      assert.equal(row?.status, "scheduled");
      assert.equal(row?.publish_at, at.toISOString());

      // Not public: not listed, no page, no feed item, not in the sitemap, its entry not searchable.
      assert.ok(!(await publicNumbers()).includes(n));
      await refuses(loadPublicIssue(store, n), "not_found");
      assert.ok(!(await loadFeedIssues(store, 100)).some((v) => v.meta.number === n));
      assert.ok(!(await loadSitemap(store)).issues.some((i) => i.number === n));
      assert.equal((await searchPublicEntries(store, "quokka", SEARCH)).total, 0);
      assert.equal((await entryNow(store, entry.id)).status, "in_issue");
      // Frozen: entries neither go in nor out, nor does it publish again.
      await refuses(setEntryHighlight(store, n, entry.id, true), "conflict", /scheduled to publish at/);
      await refuses(publishIssue(store, n, now), "conflict", /already scheduled/);

      assert.deepEqual(await releaseDueIssues(store, new Date(at.getTime() - 1)), []);
      assert.equal((await getIssue(store.db, n))?.status, "scheduled");
      assert.deepEqual(await releaseDueIssues(store, at), [n]);
      const published = await getIssue(store.db, n);
      assert.equal(published?.status, "published");
      assert.equal(published?.published_at, at.toISOString(), "public from its time, not the release's");
      assert.equal((await entryNow(store, entry.id)).status, "published");
      assert.ok((await publicNumbers()).includes(n));
      assert.equal((await loadPublicIssue(store, n)).view.meta.number, n);
      assert.equal((await searchPublicEntries(store, "quokka", SEARCH)).total, 1);
      assert.deepEqual(await releaseDueIssues(store, at), [], "released once");
    });

    test("two processes releasing at once publish a due issue once", async () => {
      const { n } = await draftWithEntry("axolotl");
      const now = new Date("2030-02-01T08:00:00.000Z");
      await publishIssue(store, n, now, { at: new Date(now.getTime() + 1000) });
      const later = new Date(now.getTime() + HOUR);
      const [a, b] = await Promise.all([releaseDueIssues(store, later), releaseDueIssues(store, later)]);
      assert.deepEqual([...a, ...b], [n]);
    });

    test("a time not in the future publishes at once", async () => {
      const { n } = await draftWithEntry("pangolin");
      const now = new Date();
      const result = await publishIssue(store, n, now, { at: new Date(now.getTime() - HOUR) });
      assert.equal(result.scheduled, false);
      assert.equal((await getIssue(store.db, n))?.status, "published");
      assert.equal(result.publishedAt, now.toISOString());
    });

    test("unpublishing a scheduled issue returns it to draft, with its entries", async () => {
      const { n, entry } = await draftWithEntry("tapir");
      await publishIssue(store, n, new Date(), { at: new Date(Date.now() + HOUR) });
      const result = await unpublishIssue(store, n, "");
      assert.equal(result.status, "draft");
      const row = await getIssue(store.db, n);
      assert.equal(row?.status, "draft");
      assert.equal(row?.publish_at, null);
      assert.deepEqual(await releaseDueIssues(store, new Date(Date.now() + 2 * HOUR)), []);
      await setEntryHighlight(store, n, entry.id, true);
      assert.equal((await entryNow(store, entry.id)).highlight, true);
    });

    test("a withdrawn issue leaves the public record, keeping when and why", async () => {
      const { n, entry } = await draftWithEntry("okapi");
      await publishIssue(store, n);
      assert.ok((await publicNumbers()).includes(n));
      await refuses(unpublishIssue(store, n, "   "), "input.invalid", /Give a reason/);
      await refuses(unpublishIssue(store, n, "x".repeat(501)), "input.invalid", /at most 500/);
      assert.equal((await getIssue(store.db, n))?.status, "published", "a refusal changes nothing");

      const when = new Date("2030-03-04T05:06:07.000Z");
      const result = await unpublishIssue(store, n, "  It named the wrong\nauthors. ", when);
      assert.deepEqual(result, {
        number: n,
        status: "withdrawn",
        withdrawnAt: "2030-03-04T05:06:07.000Z",
        reason: "It named the wrong authors.",
      });
      assert.ok(!(await publicNumbers()).includes(n));
      await refuses(loadPublicIssue(store, n), "not_found");
      assert.ok(!(await loadFeedIssues(store, 100)).some((v) => v.meta.number === n));
      assert.ok(!(await loadSitemap(store)).issues.some((i) => i.number === n));
      assert.equal((await searchPublicEntries(store, "okapi", SEARCH)).total, 0);
      assert.equal((await entryNow(store, entry.id)).status, "in_issue");
      assert.deepEqual(await loadWithdrawnIssue(store, n), {
        number: n,
        withdrawnAt: "2030-03-04T05:06:07.000Z",
        reason: "It named the wrong authors.",
      });
      await refuses(unpublishIssue(store, n, "again"), "conflict", /already withdrawn/);
      await refuses(startSend(store, { issueNumber: n }), "conflict", /withdrawn/);
      await refuses(addEntriesToIssue(store, n, [(await readyEntry(store)).id]), "conflict", /withdrawn/);

      // Withdrawn by mistake: published again, everything comes back and the withdrawal is forgotten.
      const again = await publishIssue(store, n);
      assert.equal(again.scheduled, false);
      const row = await getIssue(store.db, n);
      assert.equal(row?.status, "published");
      assert.equal(row?.withdrawn_at, null);
      assert.equal(row?.withdrawn_reason, "");
      assert.equal((await entryNow(store, entry.id)).status, "published");
      assert.ok((await publicNumbers()).includes(n));
      assert.equal(await loadWithdrawnIssue(store, n), null);
    });

    test("unpublish refuses a draft, an unknown issue, and an issue whose send is still going", async () => {
      const { n } = await draftWithEntry("gharial");
      await refuses(unpublishIssue(store, n, "why"), "conflict", /is a draft/);
      await refuses(unpublishIssue(store, 99_999, "why"), "not_found", /no issue #99999/);
      await publishIssue(store, n);
      await inTransaction(store, async (tx) => {
        await insertSendWithAudience(tx.db, {
          issueNumber: n,
          status: "scheduled",
          sendAt: "2999-01-01T00:00:00.000Z",
          ratePerSecond: null,
          createdBy: "",
          now: new Date().toISOString(),
        });
      });
      await refuses(unpublishIssue(store, n, "why"), "conflict", /send that is scheduled: cancel it first/);
      assert.equal((await getIssue(store.db, n))?.status, "published");
    });

    test("a send of a scheduled issue may not start before the issue is public", async () => {
      const { n } = await draftWithEntry("dugong");
      const at = new Date(Date.now() + HOUR);
      await publishIssue(store, n, new Date(), { at });
      await refuses(
        startSend(store, { issueNumber: n, at: new Date(at.getTime() - 1000) }),
        "conflict",
        /becomes public at .*send it at that time or later/,
      );
    });
  });
}
