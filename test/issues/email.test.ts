import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { DomUtils, parseDocument } from "htmlparser2";
import { simpleParser } from "mailparser";
import { loadFeedIssues, loadFeedSite } from "../../src/archive/index.ts";
import { importFrom } from "../../src/entries/index.ts";
import { renderFeed } from "../../src/formats/render/feeds.ts";
import type { IssueView } from "../../src/formats/render/issue-view.ts";
import { emailHtmlBytes, loadIssueView, loadRenderOptions, renderIssue } from "../../src/issues/index.ts";
import { listIssues, SETTING_DEFAULTS, saveIssueMeta, setSetting } from "../../src/store/index.ts";
import { summaInProcess } from "../helpers/cli.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { anDataFile, needAnData } from "../helpers/env.ts";

const UTF8 = "Schölkopf — ϵ ∀";

const entriesOf = (v: IssueView) => [
  ...v.highlights,
  ...v.sections.flatMap((s) => s.categories.flatMap((c) => c.entries)),
];

/** Runs `summa feed ...` through registerFeed in a child process, as main.ts will once it is wired. */
/** AN #53's email and the feeds, from the real sheet imported into SQLite. */
describe("AN #53 as an email, and the feeds, from the real sheet", { skip: needAnData() }, () => {
  let store: TestStore;
  before(async () => {
    store = await DIALECTS[0]!.open();
    await importFrom(store, anDataFile("an-database-2022.xlsx"));
    // The sheet has no subjects, dates or intros; an editor sets them (non-ASCII on purpose).
    await saveIssueMeta(store.db, 53, {
      subject: `One year of the newsletter: ${UTF8}`,
      date: "2019-04-10",
      intro: `Thanks to everyone who answered the survey, ${UTF8}.`,
    });
  });
  after(async () => {
    await store?.dispose();
  });

  test("parses into a text part and an HTML part with every entry, the subject decoded, UTF-8 intact", async () => {
    const view = await loadIssueView(store, 53);
    const message = renderIssue(view, "email", await loadRenderOptions(store));
    const mail = await simpleParser(message);
    assert.equal(mail.subject, `[AN #53]: One year of the newsletter: ${UTF8}`);
    assert.equal(mail.from?.value[0]?.address, "newsletter@example.org");
    assert.equal(mail.date?.toISOString(), "2019-04-10T00:00:00.000Z");
    const text = mail.text ?? "";
    const html = mail.html as string;
    assert.ok(text.includes(`Thanks to everyone who answered the survey, ${UTF8}.`));
    assert.ok(html.includes(`Thanks to everyone who answered the survey, ${UTF8}.`));

    const entries = entriesOf(view);
    assert.equal(entries.length, 12);
    const doc = parseDocument(html);
    const articles = DomUtils.findAll((e) => e.name === "article", doc.children);
    assert.equal(articles.length, 12);
    const titles = DomUtils.findAll((e) => e.attribs.class === "entry-title", doc.children).map((e) =>
      DomUtils.textContent(e),
    );
    for (const e of entries) {
      assert.ok(text.includes(e.title), `text part: ${e.title}`);
      assert.ok(titles.includes(e.title), `HTML part: ${e.title}`);
    }
    assert.ok(text.includes("Are Deep Neural Networks Dramatically Overfitted?"));
    assert.match(text, /Rohin's opinion: /);
  });

  test("every quoted-printable line is at most 76 characters and every header line at most 78", async () => {
    const message = renderIssue(await loadIssueView(store, 53), "email", await loadRenderOptions(store));
    const at = message.indexOf("\r\n\r\n");
    for (const line of message.slice(0, at).split("\r\n")) assert.ok(line.length <= 78, line);
    for (const line of message.slice(at + 4).split("\r\n")) assert.ok(line.length <= 76, line);
    assert.match(message, /^[\x20-\x7e\r\n\t]*$/, "7-bit clean");
  });

  test("is deterministic: loading and rendering again gives the same bytes", async () => {
    const options = await loadRenderOptions(store);
    const a = renderIssue(await loadIssueView(store, 53), "email", options);
    const b = renderIssue(await loadIssueView(store, 53), "email", options);
    assert.equal(a, b);
  });

  test("every AN issue's HTML part stays under Gmail's 102 KB clipping, so the unsubscribe footer shows", async () => {
    let largest = { number: 0, bytes: 0 };
    for (const { number } of await listIssues(store.db)) {
      const mail = await simpleParser(renderIssue(await loadIssueView(store, number), "email"));
      const bytes = Buffer.byteLength(String(mail.html));
      if (bytes > largest.bytes) largest = { number, bytes };
    }
    assert.ok(largest.number > 0);
    assert.ok(largest.bytes < 102 * 1024, `AN #${largest.number}: ${largest.bytes} bytes`);
    // The check measures the same thing, before the message is built.
    const measured = emailHtmlBytes(await loadIssueView(store, largest.number));
    console.log(
      `largest HTML part: AN #${largest.number}, ${(largest.bytes / 1024).toFixed(1)} KB (check: ${(measured / 1024).toFixed(1)} KB)`,
    );
    assert.ok(Math.abs(measured - largest.bytes) < 1024, `${measured} vs ${largest.bytes}`);
  });

  test("the sender, site and database come from settings", async () => {
    await setSetting(store.db, "newsletter.from_address", "rohin@an.example.org");
    await setSetting(store.db, "newsletter.site_url", "https://an.example.org/");
    await setSetting(store.db, "newsletter.database_url", "https://db.example.org/sheet");
    try {
      const message = renderIssue(await loadIssueView(store, 53), "email", await loadRenderOptions(store));
      const mail = await simpleParser(message);
      assert.equal(mail.from?.value[0]?.address, "rohin@an.example.org");
      assert.match(mail.messageId ?? "", /@an\.example\.org>$/);
      const hrefs = DomUtils.findAll((e) => e.name === "a", parseDocument(mail.html as string).children).map(
        (a) => a.attribs.href,
      );
      assert.ok(hrefs.includes("https://an.example.org/issues/53"), "view in browser: the archive page");
      assert.ok(hrefs.includes("https://db.example.org/sheet"));
      assert.ok(mail.text?.includes("<https://db.example.org/sheet>"));
    } finally {
      for (const key of [
        "newsletter.from_address",
        "newsletter.site_url",
        "newsletter.database_url",
      ] as const)
        await setSetting(store.db, key, SETTING_DEFAULTS[key]);
    }
  });

  test("a fresh install's email links to no public database (not AN's sheet)", async () => {
    assert.equal(SETTING_DEFAULTS["newsletter.database_url"], "");
    const message = renderIssue(await loadIssueView(store, 53), "email", await loadRenderOptions(store));
    const mail = await simpleParser(message);
    // The issue's own entries may link to Google Docs; AN's sheet is the footer's link.
    assert.doesNotMatch(mail.html as string, /1PwWbWZ6FPqAg|Every summary the newsletter has published/);
    assert.doesNotMatch(mail.text ?? "", /1PwWbWZ6FPqAg|Every summary the newsletter has published/);
  });

  test("summa issue render 53 --format email prints the message", async () => {
    const r = await summaInProcess(["--db", store.url, "issue", "render", "53", "--format", "email"]);
    assert.equal(r.code, 0, r.stderr);
    const mail = await simpleParser(r.stdout);
    assert.equal(mail.subject, `[AN #53]: One year of the newsletter: ${UTF8}`);
    assert.ok(mail.text?.includes("Alignment Newsletter One Year Retrospective"));
    assert.ok(String(mail.html).includes("Alignment Newsletter One Year Retrospective"));
  });

  test("a feed of the latest issues: newest first, each with its full content", async () => {
    const views = await loadFeedIssues(store, 5);
    assert.deepEqual(
      views.map((v) => v.meta.number),
      [171, 170, 169, 168, 167],
    );
    await assert.rejects(loadFeedSite(store), /newsletter\.site_url/);
    const site = await loadFeedSite(store, "https://an.example.org");
    const doc = parseDocument(renderFeed("atom", views, site), { xmlMode: true });
    const entries = DomUtils.getElementsByTagName("entry", doc, true);
    assert.equal(entries.length, 5);
    const content = DomUtils.textContent(DomUtils.getElementsByTagName("content", entries[0]!, true)[0]!);
    assert.ok(content.includes(`class="entry-title"`), "the issue's HTML, not a summary");
  });

  test("issues dated after today are left out of feeds (scheduled, not sent)", async () => {
    await saveIssueMeta(store.db, 171, { date: "2999-01-01" });
    try {
      const views = await loadFeedIssues(store, 2);
      assert.deepEqual(
        views.map((v) => v.meta.number),
        [170, 169],
      );
    } finally {
      await saveIssueMeta(store.db, 171, { date: null });
    }
  });

  test("summa feed --format json --limit 3 --base-url prints a JSON Feed", async () => {
    const r = await summaInProcess([
      "--db",
      store.url,
      "feed",
      "--format",
      "json",
      "--limit",
      "3",
      "--base-url",
      "https://an.example.org/",
    ]);
    assert.equal(r.code, 0, r.stderr);
    const feed = JSON.parse(r.stdout);
    assert.equal(feed.version, "https://jsonfeed.org/version/1.1");
    assert.deepEqual(
      feed.items.map((i: { id: string }) => i.id),
      [
        "https://an.example.org/issues/171",
        "https://an.example.org/issues/170",
        "https://an.example.org/issues/169",
      ],
    );
    const missing = await summaInProcess(["--db", store.url, "feed"]);
    assert.equal(missing.code, 2, "a configuration error without a base URL");
    assert.match(missing.stderr, /newsletter\.site_url/);
  });
});
