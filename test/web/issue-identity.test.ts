import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { titleKey } from "../../src/domain/keys.ts";
import { saveIssueDetails } from "../../src/issues/index.ts";
import { findByTitleKey, getIssue, setSetting } from "../../src/store/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { importRecords, type RecordRow } from "../helpers/import.ts";
import { type LoggedIn, type TestSite, testSite } from "../helpers/web.ts";

const MC = "https://mailchi.mp/0a1b2c3d4e5f";

function row(issue: number, title: string, extra: RecordRow = {}): RecordRow {
  return {
    category: "Learning human intent",
    title,
    email: `AN #${issue}`,
    issue_number: String(issue),
    summary: "A summary.",
    ...extra,
  };
}

/** Two days from now, as YYYY-MM-DD: dated in the future whatever the time zone of the run. */
function future(): string {
  return new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
}

for (const dialect of DIALECTS) {
  describe(`issues with a name and a date on the site and the desk (${dialect.name})`, {
    skip: dialect.skip,
  }, () => {
    let store: TestStore;
    let site: TestSite;
    let editor: LoggedIn;
    before(async () => {
      store = await dialect.open();
      site = testSite(store);
      editor = await site.login("editor", "Rohin");
      await setSetting(store.db, "newsletter.site_url", "https://an.example.org");
      await importRecords(store, [
        // A subject from the link; a bare link with a highlight; a bare link without one.
        row(60, "Minecraft agents", { issue_url: `${MC}/an-60-minecraft-agents-that-assist` }),
        row(61, "Highlighted paper", { issue_url: `${MC}/alignment-newsletter-61`, highlight: "Highlight" }),
        row(61, "Ordinary paper", { issue_url: `${MC}/alignment-newsletter-61` }),
        row(62, "Plain", { issue_url: `${MC}/alignment-newsletter-62` }),
        row(63, "Tomorrow's paper", { issue_url: `${MC}/an-63-from-the-future` }),
      ]);
    });
    after(() => store?.dispose());

    test("the archive, the home page and the desk name each issue by its subject, else its highlights", async () => {
      const archive = await (await site.get("/issues")).text();
      assert.ok(archive.includes("AN #60: Minecraft agents that assist"));
      assert.ok(archive.includes("AN #61: Highlighted paper"));
      assert.match(archive, /AN #62<\/a>/);
      assert.ok(!archive.includes("Date unknown"));
      const desk = await (await site.get("/desk/issues", editor)).text();
      assert.ok(desk.includes("Minecraft agents that assist"));
      assert.match(desk, /Highlighted paper <span class="muted">\(highlights; no subject\)/);
      assert.equal(desk.match(/\(no subject yet\)/g)?.length, 1, "only AN #62 has nothing to show");
    });

    test("the composer shows the final subject line; a typed label is not doubled", async () => {
      const res = await site.post(
        "/desk/issues/60/details",
        { subject: "[AN #60]: Agents that help", intro: "" },
        editor,
      );
      assert.equal(res.status, 303);
      assert.equal((await getIssue(store.db, 60))?.subject, "Agents that help");
      assert.equal((await getIssue(store.db, 60))?.subject_source, "editor");
      const page = await (await site.get("/desk/issues/60", editor)).text();
      assert.ok(page.includes(`<strong class="subject-line">[AN #60]: Agents that help</strong>`), page);
      const wrong = await site.post(
        "/desk/issues/60/details",
        { subject: "[AN #59]: Last week", intro: "" },
        editor,
      );
      assert.notEqual(wrong.status, 303);
      assert.match(await wrong.text(), /this is AN #60/);
      assert.equal((await getIssue(store.db, 60))?.subject, "Agents that help");
    });

    test("an issue dated after today is in none of archive, home, feeds, sitemap, API, its page and searches; on its day, in all", async () => {
      await saveIssueDetails(store, 63, { date: future() });
      const tomorrow = (await findByTitleKey(store.db, titleKey("Tomorrow's paper")))[0]!.id;
      const everywhere = async () => ({
        archive: (await (await site.get("/issues")).text()).includes("AN #63"),
        home: (await (await site.get("/")).text()).includes("/issues/63"),
        rss: (await (await site.get("/feed.xml")).text()).includes("/issues/63"),
        atom: (await (await site.get("/atom.xml")).text()).includes("/issues/63"),
        json: (await (await site.get("/feed.json")).text()).includes("/issues/63"),
        sitemap: (await (await site.get("/sitemap.xml")).text()).includes("/issues/63"),
        api: (await (await site.get("/api/v1/issues")).text()).includes('"number":63'),
        page: (await site.get("/issues/63")).status === 200,
        // Its entries too: searches, the database, the lookup, type-ahead and the entry's page.
        search: (await (await site.get("/database?q=tomorrow")).text()).includes("Tomorrow&#39;s paper"),
        database: (await (await site.get("/database")).text()).includes("Tomorrow&#39;s paper"),
        lookup: (await (await site.get("/api/v1/lookup?u=Tomorrow%27s%20paper")).json()).matches.length > 0,
        apiSearch: (await (await site.get("/api/v1/entries?q=tomorrow")).text()).includes("Tomorrow"),
        suggest: (await (await site.get("/database/suggest?q=tomorr")).text()).includes("Tomorrow"),
        entry: (await site.get(`/entries/${tomorrow}`)).status === 200,
      });
      const hidden = await everywhere();
      assert.deepEqual(
        Object.values(hidden),
        Object.values(hidden).map(() => false),
        JSON.stringify(hidden),
      );
      await saveIssueDetails(store, 63, { date: new Date().toISOString().slice(0, 10) });
      const shown = await everywhere();
      assert.deepEqual(
        Object.values(shown),
        Object.values(shown).map(() => true),
        JSON.stringify(shown),
      );
    });

    test("feeds date issues by their real dates and never by 1970", async () => {
      await saveIssueDetails(store, 61, { date: "2019-07-01" });
      const atom = await (await site.get("/atom.xml")).text();
      const rss = await (await site.get("/feed.xml")).text();
      const json = JSON.parse(await (await site.get("/feed.json")).text());
      assert.ok(!atom.includes("1970") && !rss.includes("1970"));
      assert.ok(atom.includes("<published>2019-07-01T00:00:00Z</published>"));
      assert.ok(rss.includes("<pubDate>Mon, 01 Jul 2019 00:00:00 +0000</pubDate>"));
      const dated = json.items.filter((i: { date_published?: string }) => i.date_published);
      assert.deepEqual(
        dated.map((i: { date_published: string }) => i.date_published).sort(),
        ["2019-07-01T00:00:00Z", `${new Date().toISOString().slice(0, 10)}T00:00:00Z`].sort(),
        "only the dated issues carry a date",
      );
    });
  });
}
