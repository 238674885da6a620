import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { loadFeedIssues, loadFeedSite } from "../../src/archive/index.ts";
import { importFrom } from "../../src/entries/index.ts";
import { emailSubject } from "../../src/formats/render/email.ts";
import { renderFeed } from "../../src/formats/render/feeds.ts";
import { loadIssueView, saveIssueDetails } from "../../src/issues/index.ts";
import { getIssue, listIssues } from "../../src/store/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { anDataFile, needAnData } from "../helpers/env.ts";
import { importRecords, type RecordRow } from "../helpers/import.ts";

const MC = "https://mailchi.mp/0a1b2c3d4e5f";

function row(issue: number, title: string, url: string, extra: RecordRow = {}): RecordRow {
  return {
    category: "Learning human intent",
    title,
    email: `AN #${issue}`,
    issue_number: String(issue),
    issue_url: url,
    summary: "OpenAI trained agents with deep RL.",
    ...extra,
  };
}

for (const dialect of DIALECTS) {
  describe(`issue subjects from the sheet's issue links on ${dialect.name}`, { skip: dialect.skip }, () => {
    let store: TestStore;
    before(async () => {
      store = await dialect.open();
    });
    after(async () => {
      await store?.dispose();
    });

    test("an import reads each subject from its issue's link; the editor's subject is never replaced", async () => {
      await importRecords(store, [
        row(60, "A Minecraft Challenge", `${MC}/an-60a-new-ai-challenge-minecraft-agents`, {
          summary: "An AI challenge: agents that play Minecraft.",
        }),
        row(61, "Policy", `${MC}/an-61-openai-and-deep-rl`),
        row(49, "Old", `${MC}/alignment-newsletter-49`),
      ]);
      const subject = async (n: number) => {
        const i = await getIssue(store.db, n);
        return [i?.subject, i?.subject_source];
      };
      assert.deepEqual(await subject(60), ["A new AI challenge Minecraft agents", "slug"]);
      assert.deepEqual(await subject(61), ["OpenAI and deep RL", "slug"]);
      assert.deepEqual(await subject(49), ["", "none"]);

      // The editor writes one subject; a new link for the other updates that one only.
      await saveIssueDetails(store, 61, { subject: "OpenAI, and deep RL" });
      await importRecords(store, [
        row(60, "A Minecraft Challenge", `${MC}/an-60-minecraft-agents`),
        row(61, "Policy", `${MC}/an-61-something-else`),
      ]);
      assert.deepEqual(await subject(60), ["Minecraft agents", "slug"]);
      assert.deepEqual(await subject(61), ["OpenAI, and deep RL", "editor"]);

      // A sheet without links (the sheet's own CSV) leaves subjects as they are.
      await importRecords(store, [row(60, "A Minecraft Challenge", "")]);
      assert.deepEqual(await subject(60), ["Minecraft agents", "slug"]);

      // An editor's empty subject is a choice too.
      await saveIssueDetails(store, 60, { subject: "" });
      await importRecords(store, [row(60, "A Minecraft Challenge", `${MC}/an-60-minecraft-agents`)]);
      assert.deepEqual(await subject(60), ["", "editor"]);
    });
  });
}

describe("the real AN sheet's issue subjects", { skip: needAnData() }, () => {
  let store: TestStore;
  before(async () => {
    store = await DIALECTS[0]!.open();
  });
  after(async () => {
    await store?.dispose();
  });

  test("importing the xlsx gives 116 of 170 issues a subject from their Mailchimp links", async () => {
    await importFrom(store, anDataFile("an-database-2022.xlsx"));
    const issues = await listIssues(store.db);
    const named = issues.filter((i) => i.subject);
    console.log(`# ${named.length} of ${issues.length} issues have a subject after importing the real xlsx`);
    assert.equal(issues.length, 170);
    assert.equal(named.length, 116);
    assert.equal(
      issues.find((i) => i.number === 171)?.subject,
      "Disagreements between alignment optimists and pessimists",
    );
    assert.equal(issues.find((i) => i.number === 53)?.subject, "");
  });

  test("the email subjects name the issues, and the Atom feed dates none of them 1970", async () => {
    const subject = async (n: number) => emailSubject(await loadIssueView(store, n));
    assert.equal(
      await subject(69),
      "[AN #69]: Stuart Russell's new book on why we need to replace the standard model of AI",
    );
    // No subject in its link: its highlights' titles.
    assert.equal(
      await subject(53),
      "[AN #53]: Alignment Newsletter One Year Retrospective; Are Deep Neural Networks Dramatically Overfitted?",
    );
    const site = await loadFeedSite(store, "https://an.example.org");
    const atom = renderFeed("atom", await loadFeedIssues(store, 20), site);
    assert.equal(atom.match(/<entry>/g)?.length, 20);
    assert.ok(!atom.includes("1970"), "no epoch dates");
    const updated = [...atom.matchAll(/<updated>([^<]+)<\/updated>/g)].map((m) => m[1]);
    assert.equal(new Set(updated).size, 1, "undated issues: when the archive last changed (the import)");
    assert.ok(Date.parse(updated[0]!) > Date.parse("2000-01-01"));
  });
});
