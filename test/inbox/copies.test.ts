import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { StaffUser } from "../../src/accounts/index.ts";
import {
  addCandidates,
  dismissCandidates,
  getInboxItem,
  listInbox,
  pickCandidate,
} from "../../src/inbox/index.ts";
import { decidedInboxCandidates } from "../../src/store/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { incoming, seedEntries } from "./fixture.ts";

const NOW = "2020-07-01T10:00:00.000Z";
const LATER = "2020-07-02T10:00:00.000Z";
const EDITOR: StaffUser = { id: 0, name: "Rohin", email: "", role: "editor" };
const noRetrain = () => undefined;

// QURI's judged pairs nearest the same-item cut: different items whose titles score 0.889 and 0.857.
const SURVEY = "A Survey of Artificial General Intelligence Projects for Ethics, Risk, and Policy";
const SURVEY_2020 = "2020 Survey of Artificial General Intelligence Projects for Ethics, Risk, and Policy";
const COHERENCE = "Coherence arguments do not imply goal-directed behavior";
const COMMENT = "Comment on Coherence arguments do not imply goal directed behavior";

for (const dialect of DIALECTS) {
  describe(`the inbox's copies of one item (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    before(async () => {
      store = await dialect.open();
      await seedEntries(store);
    });
    after(async () => store?.dispose());

    test("the same item from a second source is kept once, naming that source: also from", async () => {
      const first = await addCandidates(
        store,
        [
          incoming({
            title: "Debate update",
            url: "https://www.alignmentforum.org/posts/AbC123/debate-update",
          }),
        ],
        { source: "af-feed", now: NOW },
      );
      const [id] = first.ids;
      const again = await addCandidates(
        store,
        [
          // The forum's API: its own id, the LessWrong address of the same post.
          incoming({
            title: "Debate update",
            url: "https://www.lesswrong.com/posts/AbC123/debate-update",
            externalId: "AbC123",
          }),
        ],
        { source: "lw-forum", now: LATER },
      );
      assert.equal(again.added, 0);
      assert.equal(again.repeated, 1);
      assert.equal(again.alsoFrom, 1);
      // Its own source again, and the second source again: nothing more to record.
      const thrice = await addCandidates(
        store,
        [
          incoming({ title: "Debate update", url: "https://www.alignmentforum.org/posts/AbC123" }),
          incoming({ title: "Debate Update.", externalId: "AbC123" }),
        ],
        { source: "af-feed", now: LATER },
      );
      assert.equal(thrice.alsoFrom, 0);
      assert.equal(
        (
          await addCandidates(store, [incoming({ title: "Debate update" })], {
            source: "lw-forum",
            now: LATER,
          })
        ).alsoFrom,
        0,
      );
      const item = await getInboxItem(store, id!);
      assert.equal(item.source, "af-feed");
      assert.deepEqual(item.alsoFrom, ["lw-forum"]);
      assert.equal(item.duplicateOf, null);
    });

    test("a near-identical title is kept as a possible duplicate of the first; a different one is not", async () => {
      const r = await addCandidates(
        store,
        [
          incoming({ title: SURVEY, url: "https://example.org/survey-2017" }),
          incoming({ title: SURVEY_2020, url: "https://example.org/survey-2020" }),
          incoming({ title: "Artificial General Intelligence Projects in 2030" }),
        ],
        { source: "zotero", now: NOW },
      );
      assert.equal(r.added, 3);
      assert.equal(r.possibleDuplicates, 1);
      const [survey, survey2020, other] = r.ids as [number, number, number];
      const copy = await getInboxItem(store, survey2020);
      assert.deepEqual(copy.duplicateOf, { kind: "candidate", id: survey, title: SURVEY });
      assert.deepEqual((await getInboxItem(store, survey)).copies, [survey2020]);
      assert.equal((await getInboxItem(store, other)).duplicateOf, null);
      const listed = (await listInbox(store, { status: "new" }, NOW)).items.find((i) => i.id === survey2020);
      assert.equal(listed?.duplicateOf?.kind, "candidate");
    });

    test("dismissing one sets its possible duplicate aside, unlearned; picking the later one sets the first aside", async () => {
      const r = await addCandidates(store, [incoming({ title: COHERENCE }), incoming({ title: COMMENT })], {
        source: "feed",
        now: NOW,
      });
      const [coherence, comment] = r.ids as [number, number];
      assert.equal((await getInboxItem(store, comment)).duplicateOf?.id, coherence);
      await dismissCandidates(store, EDITOR, [coherence], LATER, { retrain: noRetrain });
      const aside = await getInboxItem(store, comment);
      assert.equal(aside.status, "duplicate");
      assert.equal(aside.decidedBy, "Rohin");
      assert.equal(aside.duplicateOf?.id, coherence);
      const learned = new Set((await decidedInboxCandidates(store.db)).map((c) => c.id));
      assert.ok(
        learned.has(coherence) && !learned.has(comment),
        "the model learns only the editor's decision",
      );
      assert.equal((await listInbox(store, { status: "duplicate" }, LATER)).counts.duplicate, 1);

      // The other way round: the later copy picked, the first set aside, pointing at it.
      const s = (await listInbox(store, { status: "all" }, LATER)).items;
      const survey = s.find((i) => i.title === SURVEY)!;
      const survey2020 = s.find((i) => i.title === SURVEY_2020)!;
      const entry = await pickCandidate(store, EDITOR, survey2020.id, {
        category: "Forecasting",
        now: LATER,
        retrain: noRetrain,
      });
      const first = await getInboxItem(store, survey.id);
      assert.equal(first.status, "duplicate");
      assert.equal(first.duplicateOf?.id, survey2020.id);
      assert.equal((await getInboxItem(store, survey2020.id)).entryId, entry.id);
      // Set aside is not final: the editor may find it was another item after all.
      await dismissCandidates(store, EDITOR, [survey.id], LATER, { retrain: noRetrain });
      assert.equal((await getInboxItem(store, survey.id)).status, "dismissed");
    });

    test("both copies decided in one bulk action keep the editor's decision", async () => {
      const r = await addCandidates(
        store,
        [
          incoming({ title: "Benchmarking Neural Network Robustness to Common Corruptions" }),
          incoming({ title: "Benchmarking Neural Network Robustness to Common Corruptions, Revisited" }),
        ],
        { source: "feed", now: NOW },
      );
      const [a, b] = r.ids as [number, number];
      assert.equal((await getInboxItem(store, b)).duplicateOf?.id, a);
      await dismissCandidates(store, EDITOR, [a, b], LATER, { retrain: noRetrain });
      assert.deepEqual(
        [(await getInboxItem(store, a)).status, (await getInboxItem(store, b)).status],
        ["dismissed", "dismissed"],
      );
    });
  });
}
