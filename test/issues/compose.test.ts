import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { SummaError } from "../../src/domain/errors.ts";
import {
  addEntriesToIssue,
  BLOCKING_PROBLEMS,
  createDraftIssue,
  editIssueDetails,
  entriesInLayoutOrder,
  listIssueDrafts,
  loadComposer,
  moveEntryInIssue,
  publishIssue,
  removeEntryFromIssue,
  reorderIssueEntries,
  setEntryHighlight,
} from "../../src/issues/index.ts";
import {
  getIssue,
  insertWrittenEntry,
  listIssues,
  setSetting,
  toEntryContent,
} from "../../src/store/index.ts";
import { entryNow, readyEntry } from "../helpers/compose.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { entryFields } from "../helpers/factories.ts";

/** Asserts that `work` fails with a SummaError of this code. */
async function refuses(work: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  await assert.rejects(work, (err: unknown) => {
    assert.ok(err instanceof SummaError, String(err));
    assert.equal(err.code, code, err.message);
    if (message) assert.match(err.message, message);
    return true;
  });
}

for (const dialect of DIALECTS) {
  describe(`composing and publishing issues (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    before(async () => {
      store = await dialect.open();
    });
    after(() => store?.dispose());

    test("a new draft takes the number after the highest in use, by an issue or by an entry", async () => {
      const first = await createDraftIssue(store, { subject: "First", intro: "Hello **all**" });
      const issue = await getIssue(store.db, first);
      assert.equal(issue?.status, "draft");
      assert.equal(issue?.subject, "First");
      assert.equal(issue?.intro, "Hello **all**");
      assert.equal(issue?.date, null);
      assert.equal(issue?.url, "");
      assert.equal(await createDraftIssue(store), first + 1);
      // An imported entry of an issue with no issue row still reserves its number.
      await insertWrittenEntry(
        store.db,
        {
          ...toEntryContent(entryFields({ issueLabel: "AN #700", issueNumber: 700 }), null),
          status: "published",
          created_by: null,
          authors_display: "",
        },
        new Date().toISOString(),
      );
      assert.equal(await createDraftIssue(store, { date: "2024-05-06" }), 701);
      assert.equal((await getIssue(store.db, 701))?.date, "2024-05-06");
    });

    test("drafts created at the same time get different numbers", async () => {
      const numbers = await Promise.all([1, 2, 3, 4].map(() => createDraftIssue(store)));
      assert.equal(new Set(numbers).size, 4);
      const max = Math.max(...numbers);
      assert.deepEqual(
        [...numbers].sort((x, y) => x - y),
        [max - 3, max - 2, max - 1, max],
      );
    });

    test("a draft with bad details is refused and no number is used", async () => {
      const before = await listIssues(store.db);
      await refuses(createDraftIssue(store, { date: "2024-02-30" }), "input.invalid", /date/);
      await refuses(createDraftIssue(store, { subject: "two\nlines" }), "input.invalid", /subject/);
      assert.deepEqual(await listIssues(store.db), before);
    });

    test("adding ready entries puts them in the issue with its label; removing makes them ready again", async () => {
      const n = await createDraftIssue(store);
      const [a, b] = [await readyEntry(store), await readyEntry(store)];
      await addEntriesToIssue(store, n, [a.id, b.id]);
      for (const id of [a.id, b.id]) {
        const e = await entryNow(store, id);
        assert.equal(e.status, "in_issue");
        assert.equal(e.issueNumber, n);
        assert.equal(e.issueLabel, `AN #${n}`);
        assert.equal(e.issueUrl, "");
      }
      await removeEntryFromIssue(store, n, a.id);
      const back = await entryNow(store, a.id);
      assert.equal(back.status, "ready");
      assert.equal(back.issueNumber, null);
      assert.equal(back.issueLabel, "");
      assert.equal((await entryNow(store, b.id)).status, "in_issue");
      await refuses(removeEntryFromIssue(store, n, a.id), "not_found");
    });

    test("the label follows the newsletter's issue prefix", async () => {
      await setSetting(store.db, "newsletter.issue_prefix", "Recon");
      try {
        const n = await createDraftIssue(store);
        const e = await readyEntry(store);
        await addEntriesToIssue(store, n, [e.id]);
        assert.equal((await entryNow(store, e.id)).issueLabel, `Recon #${n}`);
      } finally {
        await setSetting(store.db, "newsletter.issue_prefix", "AN");
      }
    });

    test("a failing add changes nothing: drafts, unknown entries, entries already in, duplicates", async () => {
      const n = await createDraftIssue(store);
      const ready = await readyEntry(store);
      const draft = await readyEntry(store, { status: "draft" });
      await refuses(addEntriesToIssue(store, n, [ready.id, draft.id]), "input.invalid", /only ready/i);
      await refuses(addEntriesToIssue(store, n, [ready.id, 99_999_999]), "not_found");
      await refuses(addEntriesToIssue(store, n, []), "input.invalid");
      assert.equal((await entryNow(store, ready.id)).status, "ready");
      assert.equal((await entryNow(store, ready.id)).issueNumber, null);
      assert.equal((await entryNow(store, draft.id)).status, "draft");
      await addEntriesToIssue(store, n, [ready.id]);
      await refuses(addEntriesToIssue(store, n, [ready.id]), "conflict", /already in/i);
      const other = await createDraftIssue(store);
      await refuses(addEntriesToIssue(store, other, [ready.id]), "input.invalid", /in issue/);
      await refuses(addEntriesToIssue(store, 987_654, [ready.id]), "not_found");
    });

    test("an entry whose title the issue already has is a conflict", async () => {
      const n = await createDraftIssue(store);
      const title = `Same title ${n}`;
      // An entry imported into this issue's label, e.g. backfilled from its text.
      await insertWrittenEntry(
        store.db,
        {
          ...toEntryContent(entryFields({ title, issueLabel: `AN #${n}`, issueNumber: n }), null),
          status: "in_issue",
          created_by: null,
          authors_display: "",
        },
        new Date().toISOString(),
      );
      const twin = await readyEntry(store, { title });
      const fine = await readyEntry(store);
      await refuses(
        addEntriesToIssue(store, n, [fine.id, twin.id]),
        "conflict",
        /already has an entry titled/,
      );
      assert.equal((await entryNow(store, fine.id)).status, "ready");
      assert.equal((await entryNow(store, twin.id)).status, "ready");
    });

    test("removing is refused when another entry in no issue took the title meanwhile", async () => {
      const n = await createDraftIssue(store);
      const e = await readyEntry(store);
      await addEntriesToIssue(store, n, [e.id]);
      const twin = await readyEntry(store, { title: e.title });
      await refuses(removeEntryFromIssue(store, n, e.id), "conflict", new RegExp(`#${twin.id}`));
      assert.equal((await entryNow(store, e.id)).status, "in_issue");
    });

    test("highlights come first; the highlight flag is the entry's", async () => {
      const n = await createDraftIssue(store);
      const [a, b] = [await readyEntry(store), await readyEntry(store, { category: "Interpretability" })];
      await addEntriesToIssue(store, n, [a.id, b.id]);
      await setEntryHighlight(store, n, b.id, true);
      assert.equal((await entryNow(store, b.id)).highlight, true);
      const view = await loadComposer(store, n);
      assert.deepEqual(
        view.groups.map((g) => g.heading),
        ["Highlights", "Technical AI alignment"],
      );
      assert.equal(view.groups[0]!.categories[0]!.entries[0]!.id, b.id);
      await setEntryHighlight(store, n, b.id, false);
      assert.equal((await entryNow(store, b.id)).highlight, false);
      const stranger = await readyEntry(store);
      await refuses(setEntryHighlight(store, n, stranger.id, true), "not_found");
      assert.equal((await entryNow(store, stranger.id)).highlight, false);
    });

    test("moving up and down stays within the subsection; reordering takes a whole order", async () => {
      const n = await createDraftIssue(store);
      const [a, b, c] = [await readyEntry(store), await readyEntry(store), await readyEntry(store)];
      const other = await readyEntry(store, { category: "Interpretability" });
      await addEntriesToIssue(store, n, [a.id, b.id, c.id, other.id]);
      const ids = async () => (await entriesInLayoutOrder(store, n)).map((e) => e.id);
      assert.deepEqual(await ids(), [a.id, b.id, c.id, other.id]);
      assert.equal(await moveEntryInIssue(store, n, c.id, "up"), true);
      assert.deepEqual(await ids(), [a.id, c.id, b.id, other.id]);
      assert.equal(await moveEntryInIssue(store, n, a.id, "down"), true);
      assert.deepEqual(await ids(), [c.id, a.id, b.id, other.id]);
      // First of its subsection, and last before another subsection: nothing moves.
      assert.equal(await moveEntryInIssue(store, n, c.id, "up"), false);
      assert.equal(await moveEntryInIssue(store, n, b.id, "down"), false);
      assert.equal(await moveEntryInIssue(store, n, other.id, "up"), false);
      assert.deepEqual(await ids(), [c.id, a.id, b.id, other.id]);
      const moves = (await loadComposer(store, n)).moves;
      assert.deepEqual(moves.get(c.id), { up: false, down: true });
      assert.deepEqual(moves.get(b.id), { up: true, down: false });
      assert.deepEqual(moves.get(other.id), { up: false, down: false });

      await reorderIssueEntries(store, n, [b.id, a.id, c.id]);
      assert.deepEqual(await ids(), [b.id, a.id, c.id, other.id]);
      await refuses(reorderIssueEntries(store, n, [a.id, a.id]), "input.invalid", /twice/);
      const stranger = await readyEntry(store);
      await refuses(reorderIssueEntries(store, n, [c.id, stranger.id]), "not_found");
      assert.deepEqual(await ids(), [b.id, a.id, c.id, other.id]);
      await refuses(moveEntryInIssue(store, n, stranger.id, "up"), "not_found");
    });

    test("details: subject, intro and date are saved and checked", async () => {
      const n = await createDraftIssue(store);
      await editIssueDetails(store, n, {
        subject: "  Reward models  ",
        intro: "Intro\r\nline",
        date: "2024-03-01",
      });
      const issue = await getIssue(store.db, n);
      assert.equal(issue?.subject, "Reward models");
      assert.equal(issue?.intro, "Intro\nline");
      assert.equal(issue?.date, "2024-03-01");
      await editIssueDetails(store, n, { date: "" });
      assert.equal((await getIssue(store.db, n))?.date, null);
      await refuses(editIssueDetails(store, n, { subject: "a\nb" }), "input.invalid", /one line/);
      await refuses(editIssueDetails(store, n, { subject: "x".repeat(201) }), "input.invalid");
      await refuses(editIssueDetails(store, n, { intro: "bell \u0007" }), "input.invalid", /control/);
      await refuses(editIssueDetails(store, n, { date: "01/03/2024" }), "input.invalid", /date/);
      await refuses(editIssueDetails(store, 876_543, { subject: "x" }), "not_found");
      assert.equal((await getIssue(store.db, n))?.subject, "Reward models");
    });

    test("only an empty issue (or one linking a survey that does not exist) is refused publishing; nothing changes then", async () => {
      // A {{survey:SLUG}} naming no survey would send every reader a dead link (test/surveys).
      assert.deepEqual([...BLOCKING_PROBLEMS].sort(), ["no_entries", "unknown_survey"]);
      const n = await createDraftIssue(store);
      await refuses(publishIssue(store, n), "input.invalid", /no entries/);
      assert.equal((await getIssue(store.db, n))?.status, "draft");
      await refuses(publishIssue(store, 765_432), "not_found");
    });

    test("publishing: the issue and its entries are published, dated, and read-only after", async () => {
      const n = await createDraftIssue(store, { subject: "Publish me" });
      // An unresolved cross-reference is reported, not blocking: it prints as plain text.
      const a = await readyEntry(store, { summary: "Builds on <@A paper nobody summarized@>." });
      const b = await readyEntry(store);
      await addEntriesToIssue(store, n, [a.id, b.id]);
      const now = new Date("2024-07-08T09:10:11Z");
      const result = await publishIssue(store, n, now);
      assert.equal(result.date, "2024-07-08");
      assert.ok(result.problems.some((p) => p.kind === "unresolved_reference"));
      const issue = await getIssue(store.db, n);
      assert.equal(issue?.status, "published");
      assert.equal(issue?.published_at, "2024-07-08T09:10:11.000Z");
      assert.equal(issue?.date, "2024-07-08");
      for (const id of [a.id, b.id]) assert.equal((await entryNow(store, id)).status, "published");
      const archive = await listIssues(store.db, { publishedOnly: true });
      assert.ok(archive.some((i) => i.number === n && i.entries === 2));
      assert.ok(!(await listIssues(store.db, { publishedOnly: true })).some((i) => i.status === "draft"));

      await refuses(publishIssue(store, n), "conflict", /already published/);
      const late = await readyEntry(store);
      await refuses(addEntriesToIssue(store, n, [late.id]), "conflict", /published/);
      await refuses(removeEntryFromIssue(store, n, a.id), "conflict");
      await refuses(setEntryHighlight(store, n, a.id, true), "conflict");
      await refuses(moveEntryInIssue(store, n, b.id, "up"), "conflict");
      await refuses(reorderIssueEntries(store, n, [b.id, a.id]), "conflict");
      // Corrections to the subject and intro are allowed; the date is when it went out.
      await editIssueDetails(store, n, { subject: "Published, corrected", date: "2024-07-08" });
      assert.equal((await getIssue(store.db, n))?.subject, "Published, corrected");
      await refuses(editIssueDetails(store, n, { date: "2024-07-09" }), "conflict", /date/);
      assert.equal((await entryNow(store, late.id)).status, "ready");
    });

    test("publishing keeps a chosen date and gives the issue its archive address when the site has one", async () => {
      await setSetting(store.db, "newsletter.site_url", "https://news.example.org/");
      try {
        const n = await createDraftIssue(store, { date: "2024-01-02" });
        const e = await readyEntry(store);
        await addEntriesToIssue(store, n, [e.id]);
        const result = await publishIssue(store, n, new Date("2024-01-05T00:00:00Z"));
        assert.equal(result.date, "2024-01-02");
        assert.equal(result.url, `https://news.example.org/issues/${n}`);
        assert.equal((await getIssue(store.db, n))?.url, `https://news.example.org/issues/${n}`);
        assert.equal((await entryNow(store, e.id)).issueUrl, `https://news.example.org/issues/${n}`);
      } finally {
        await setSetting(store.db, "newsletter.site_url", "");
      }
    });

    test("the desk's list shows drafts and published issues, newest first", async () => {
      const n = await createDraftIssue(store);
      const list = await listIssueDrafts(store);
      assert.equal(list.drafts[0]?.number, n);
      assert.ok(list.drafts.every((d) => d.status === "draft"));
      assert.ok(list.published.every((d) => d.status === "published"));
      const numbers = list.published.map((p) => p.number);
      assert.deepEqual(
        numbers,
        [...numbers].sort((x, y) => y - x),
      );
      assert.equal(list.page, 1);
    });

    test("the ready panel lists ready entries, searchable by title with % and _ taken literally", async () => {
      const n = await createDraftIssue(store);
      const odd = await readyEntry(store, { title: `Scaling 100%_of the Zebra ${n}` });
      await readyEntry(store, { title: `Scaling 100 of the Zebra ${n}` });
      const hits = (await loadComposer(store, n, "100%_of the zebra")).ready;
      assert.deepEqual(
        hits.map((h) => h.id),
        [odd.id],
      );
      assert.ok((await loadComposer(store, n, "")).ready.every((r) => r.id > 0));
      assert.equal((await loadComposer(store, n, "no such title anywhere")).ready.length, 0);
    });
  });
}
