import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createUser, type StaffUser } from "../../src/accounts/index.ts";
import { findEntry } from "../../src/entries/index.ts";
import {
  addCandidates,
  dismissCandidates,
  getInboxItem,
  listInbox,
  myQueue,
  pickCandidate,
  snoozeCandidates,
  trainInbox,
} from "../../src/inbox/index.ts";
import { changeSetting } from "../../src/newsletter/index.ts";
import { latestInboxModel } from "../../src/store/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { testPasswords } from "../helpers/web.ts";
import { incoming, seedEntries } from "./fixture.ts";

const NOW = "2020-07-01T10:00:00.000Z";
const EDITOR: StaffUser = { id: 0, name: "Rohin", email: "", role: "editor" };

for (const dialect of DIALECTS) {
  describe(`the candidate inbox (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let richard: StaffUser;
    before(async () => {
      store = await dialect.open();
      await seedEntries(store);
      richard = await createUser(
        store,
        {
          email: "richard@example.org",
          name: "Richard",
          role: "summarizer",
          password: "correct horse battery",
        },
        testPasswords,
      );
    });
    after(async () => store?.dispose());

    test("intake finds summarized items by arXiv id (any version), DOI, forum post id, links in texts and title", async () => {
      const report = await addCandidates(
        store,
        [
          incoming({
            title: "Learning from preferences, v2 title",
            url: "http://arxiv.org/pdf/1706.03741v2",
          }),
          incoming({ title: "DQN", url: "https://dx.doi.org/10.1038/NATURE14236" }),
          incoming({ title: "Rocket", url: "https://www.alignmentforum.org/posts/Gg9a4y8reWKtLe3Tn" }),
          incoming({
            title: "Scalable agent alignment via reward modeling",
            url: "https://arxiv.org/abs/1811.07871v1",
          }),
          incoming({ title: "Deep Reinforcement Learning from Human Preferences." }),
          incoming({
            title: "AI safety via debate",
            url: "https://arxiv.org/abs/1805.00899",
            externalId: "1805.00899",
          }),
        ],
        { source: "arxiv", now: NOW },
      );
      assert.equal(report.added, 6, "already summarized items are stored, with the notice");
      assert.equal(report.alreadySummarized, 5);
      const issues = report.duplicates.map((d) => (d.of.kind === "entry" ? d.of.issue : "candidate"));
      assert.deepEqual(issues, ["AN #34", "AN #35", "AN #36", "AN #37", "AN #34"]);
      const debate = await getInboxItem(store, report.ids[5]!);
      assert.equal(debate.duplicateOf, null);
      const rocket = await getInboxItem(store, report.ids[2]!);
      assert.deepEqual(
        rocket.duplicateOf && rocket.duplicateOf.kind === "entry" && rocket.duplicateOf.title,
        "The Rocket Alignment Problem",
      );
    });

    test("intake finds items the inbox already holds: source id, URL key, title; a suggestion's H/T reaches it", async () => {
      const report = await addCandidates(
        store,
        [
          incoming({ title: "Debate (retitled by the feed)", externalId: "1805.00899" }),
          incoming({ title: "Something", url: "https://arxiv.org/abs/1805.00899v3" }),
          incoming({ title: "AI Safety via Debate", hatTip: "Ada" }),
          incoming({ title: "   " }),
          incoming({ title: "Fresh one", url: "https://example.org/fresh" }),
          incoming({ title: "Fresh one!", url: "https://example.org/fresh?utm_source=x" }),
          incoming({ title: "Seen and summarized", url: "https://arxiv.org/abs/1706.03741" }),
        ],
        { source: "arxiv", now: NOW },
      );
      assert.equal(report.added, 1, "only the first fresh one; the second is it again within the batch");
      assert.equal(report.repeated, 5);
      assert.deepEqual(
        report.duplicates.map((d) => d.of.kind),
        ["candidate", "candidate", "candidate", "candidate", "entry"],
        "an item the inbox holds that is also an entry is reported as the entry",
      );
      assert.match(report.skipped[0]!.reason, /item 4: the title is empty/);
      const debateId = (report.duplicates[0]!.of as { id: number }).id;
      assert.equal((await getInboxItem(store, debateId)).hatTip, "Ada");
    });

    test("a history import: matches are picked, the rest passed over; none shows in the inbox; the model learns", async () => {
      const before = (await listInbox(store, {}, NOW)).total;
      const report = await addCandidates(
        store,
        [
          incoming({
            title: "Preferences Implicit in the State of the World",
            authors: ["Shah, Rohin"],
            venue: "arXiv",
          }),
          incoming({
            title: "On the Feasibility of Learning Biases",
            authors: ["Shah, Rohin"],
            venue: "arXiv",
          }),
          incoming({ title: "Learning from human corrections", authors: ["Shah, Rohin"], venue: "arXiv" }),
          ...[1, 2, 3, 4, 5].map((i) =>
            incoming({
              title: `Uninteresting paper ${i}`,
              authors: ["Nobody, Joe"],
              venue: "Obscure Journal",
            }),
          ),
        ],
        { source: "zotero", history: true, now: NOW },
      );
      assert.equal(report.picked, 3);
      assert.equal(report.passed, 5);
      assert.equal((await listInbox(store, {}, NOW)).total, before, "history is not triage");
      const model = await latestInboxModel(store.db);
      assert.ok(model, "a history import trains");
      assert.equal(model.decisions, 8);
      assert.equal(model.positives, 3);
    });

    test("new candidates are scored with explanations and category suggestions", async () => {
      const { ids } = await addCandidates(
        store,
        [
          incoming({
            title: "Inverse reward design for assistants",
            authors: ["Shah, Rohin"],
            venue: "arXiv",
          }),
          incoming({ title: "Another obscure study", authors: ["Nobody, Joe"], venue: "Obscure Journal" }),
        ],
        { source: "arxiv", now: NOW },
      );
      const [rohin, joe] = [await getInboxItem(store, ids[0]!), await getInboxItem(store, ids[1]!)];
      assert.ok(rohin.score !== null && joe.score !== null);
      assert.ok(rohin.score > joe.score, `${rohin.score} > ${joe.score}`);
      assert.ok(rohin.reasons.length > 0);
      assert.ok(
        rohin.reasons.some((r) => /author|venue/.test(r.label)),
        JSON.stringify(rohin.reasons),
      );
      assert.ok(rohin.suggestions.length > 0);
      const sum = rohin.suggestions.reduce((a, s) => a + s.probability, 0);
      assert.ok(sum > 0 && sum <= 1.001);
      const list = await listInbox(store, {}, NOW);
      const scores = list.items.map((i) => i.score ?? -1);
      assert.deepEqual(
        scores,
        [...scores].sort((a, b) => b - a),
        "best score first",
      );
      const report = await trainInbox(store, NOW);
      assert.ok(report.ranked && report.scored >= 2);
    });

    test("pick: a draft with title, authors, venue, year, URL, H/T and category, owned by the summarizer, in their queue", async () => {
      const { ids } = await addCandidates(
        store,
        [
          incoming({
            title: "Cooperative inverse reinforcement learning",
            authors: ["Hadfield-Menell, Dylan", "Russell, Stuart"],
            venue: "NeurIPS",
            url: "https://arxiv.org/abs/1606.03137",
            published: "2016-06-09",
            hatTip: "Ada Suggester",
          }),
        ],
        { source: "suggestion", now: NOW },
      );
      const entry = await pickCandidate(store, EDITOR, ids[0]!, {
        summarizer: richard,
        category: "learning human intent",
        now: NOW,
      });
      assert.equal(entry.status, "draft");
      assert.equal(entry.title, "Cooperative inverse reinforcement learning");
      assert.deepEqual(
        entry.authors.map((a) => a.name),
        ["Dylan Hadfield-Menell", "Stuart Russell"],
      );
      assert.equal(entry.venue, "NeurIPS");
      assert.equal(entry.year, 2016);
      assert.equal(entry.url, "https://arxiv.org/abs/1606.03137");
      assert.equal(entry.hatTip, "Ada Suggester");
      assert.equal(entry.category, "Learning human intent");
      assert.deepEqual(entry.summarizers, ["Richard"]);
      assert.equal(entry.createdBy, richard.id);
      const item = await getInboxItem(store, ids[0]!);
      assert.equal(item.status, "picked");
      assert.equal(item.entryId, entry.id);
      const queue = await myQueue(store, richard);
      assert.deepEqual(
        queue.map((q) => q.entryId),
        [entry.id],
      );
      await assert.rejects(
        pickCandidate(store, EDITOR, ids[0]!, { now: NOW }),
        (e: Error & { code?: string }) => e.code === "conflict",
      );
      assert.ok(await findEntry(store, entry.id));
    });

    test("dismiss and snooze; a snoozed candidate comes back when its day comes", async () => {
      const { ids } = await addCandidates(
        store,
        [incoming({ title: "To dismiss" }), incoming({ title: "To snooze for a week" })],
        { source: "feed", now: NOW },
      );
      await dismissCandidates(store, EDITOR, [ids[0]!], NOW);
      assert.equal((await getInboxItem(store, ids[0]!)).status, "dismissed");
      await snoozeCandidates(store, [ids[1]!], "2020-07-08");
      const now = await listInbox(store, { source: "feed" }, NOW);
      assert.equal(now.total, 0);
      const later = await listInbox(store, { source: "feed" }, "2020-07-09T00:00:00.000Z");
      assert.deepEqual(
        later.items.map((i) => i.id),
        [ids[1]],
      );
      await assert.rejects(snoozeCandidates(store, [ids[1]!], "next week"), /not a day/);
      await assert.rejects(listInbox(store, { status: "maybe" }, NOW), /not one of/);
    });

    test("the models retrain after inbox.retrain_every decisions", async () => {
      await assert.rejects(changeSetting(store, "inbox.retrain_every", "0"), /a whole number of decisions/);
      await assert.rejects(changeSetting(store, "inbox.retrain_every", "ten"), /a whole number of decisions/);
      assert.equal(await changeSetting(store, "inbox.retrain_every", "2"), "2");
      const { ids } = await addCandidates(
        store,
        [
          incoming({ title: "Decision one" }),
          incoming({ title: "Decision two" }),
          incoming({ title: "Decision three" }),
        ],
        { source: "feed", now: "2020-07-02T00:00:00.000Z" },
      );
      const first = (await latestInboxModel(store.db))!.id;
      await dismissCandidates(store, EDITOR, [ids[0]!], "2020-07-02T01:00:00.000Z");
      assert.equal((await latestInboxModel(store.db))!.id, first, "one decision: not yet");
      await dismissCandidates(store, EDITOR, [ids[1]!], "2020-07-02T02:00:00.000Z");
      const second = (await latestInboxModel(store.db))!;
      assert.notEqual(second.id, first, "two decisions: retrained");
      await dismissCandidates(store, EDITOR, [ids[2]!], "2020-07-02T03:00:00.000Z");
      assert.equal((await latestInboxModel(store.db))!.id, second.id);
    });
  });
}
