import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { DomUtils, parseDocument } from "htmlparser2";
import { saveIssueMeta, setSetting } from "../../src/store/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { type TestSite, testSite } from "../helpers/web.ts";
import {
  assertAccessible,
  entryId,
  importRows,
  listItems,
  type Row,
  sectionById,
  setEntryStatus,
  setIssueStatus,
} from "./public-helpers.ts";

/**
 * Thirty published issues (two archive pages) and a draft #31. "Base paper" was summarized
 * twice (AN #3 and AN #20): a reference resolves to the latest before the citing issue, so
 * "Citing early" (AN #10) cites the first and "Citing late" (AN #25) the second. "Draft citer"
 * sits in published AN #26 but is a draft, so no page may show it.
 */
const ROWS: Row[] = [
  ...Array.from({ length: 30 }, (_, i) => ({
    title: `Paper ${i + 1}`,
    email: `AN #${i + 1}`,
    summary: `About ${i + 1}.`,
  })),
  { title: "Second 30", email: "AN #30", summary: "Also in thirty." },
  { title: "Star of 30", email: "AN #30", highlight: "Highlight", summary: "The highlight." },
  { title: "Base paper", email: "AN #3", url: "https://arxiv.org/abs/1901.00003", summary: "The original." },
  {
    title: "Base paper",
    email: "AN #20",
    url: "https://arxiv.org/abs/1901.00020",
    summary: "Summarized again.",
  },
  {
    title: "Citing early",
    email: "AN #10",
    url: "https://arxiv.org/abs/1901.00010",
    authors: "Ada Lovelace*, Alan Turing*, Grace Hopper",
    venue: "NeurIPS",
    venue_url: "https://neurips.cc/2019",
    year: "2019",
    hat_tip: "Cody",
    summarizer: "Richard",
    summary: "It **builds on** <@Base paper@>.",
    opinion: "Solid work.",
    prerequisites: "Base paper",
    prerequisites_url: "https://arxiv.org/abs/1901.00003",
    read_more: "The blog post",
    read_more_url: "https://example.org/blog",
  },
  { title: "Citing late", email: "AN #25", opinion: "Compare <@Base paper@> with <@Citing early@>." },
  { title: "Draft citer", email: "AN #26", summary: "Also on <@Base paper@>." },
  { title: "Cites a draft", email: "AN #27", summary: "See <@Draft citer@>." },
  { title: "In the draft issue", email: "AN #31", summary: "Not out yet." },
];

type Node = Parameters<typeof DomUtils.getElementsByTagName>[1];
type Element = ReturnType<typeof DomUtils.getElementsByTagName>[number];
const elements = (root: Node, name: string): Element[] => DomUtils.getElementsByTagName(name, root, true);

for (const dialect of DIALECTS) {
  describe(`public pages (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let site: TestSite;
    const id: Record<string, number> = {};
    const html = async (path: string, status = 200) => {
      const res = await site.get(path);
      assert.equal(res.status, status, `${path} answers ${status}`);
      assert.match(res.headers.get("content-type") ?? "", /^text\/html; charset=utf-8/i);
      return res.text();
    };
    before(async () => {
      store = await dialect.open();
      site = testSite(store);
      await importRows(store, ROWS);
      await saveIssueMeta(store.db, 20, { subject: "Namesakes", date: "2019-05-01" });
      await saveIssueMeta(store.db, 30, { subject: "The thirtieth", date: "2019-08-07" });
      await setIssueStatus(store, 31, "draft");
      for (const t of ["Citing early", "Citing late", "Draft citer", "Cites a draft", "Star of 30"])
        id[t] = await entryId(store, t);
      id.base3 = await entryId(store, "Base paper", "AN #3");
      id.base20 = await entryId(store, "Base paper", "AN #20");
      id.draftIssue = await entryId(store, "In the draft issue");
      await setEntryStatus(store, id["Draft citer"]!, "draft");
      await setEntryStatus(store, id.draftIssue, "in_issue");
    });
    after(() => store?.dispose());

    test("home: what the newsletter is, the latest published issue, subscribe, where to go", async () => {
      const page = await html("/");
      assertAccessible(page);
      assert.match(page, /<h1>Alignment Newsletter<\/h1>/);
      assert.match(page, /edited by Rohin/);
      const latest = sectionById(page, "latest-heading");
      assert.match(latest, /AN #30/);
      assert.match(latest, /7 August 2019/);
      assert.match(latest, /3 entries/);
      assert.match(latest, /<a href="\/issues\/30">The thirtieth<\/a>/);
      assert.match(latest, new RegExp(`<a href="/entries/${id["Star of 30"]}">Star of 30</a>`));
      assert.doesNotMatch(page, /AN #31|In the draft issue/);
      assert.match(page, /<form method="post" action="\/subscribe"/);
      for (const href of ["/issues", "/database", "/feed.xml", "/atom.xml", "/feed.json"])
        assert.ok(page.includes(`href="${href}"`), href);
    });

    test("archive: published issues newest first, 25 a page, page N of M, rel prev/next", async () => {
      const first = await html("/issues");
      assertAccessible(first);
      assert.match(first, /<a href="\/issues" aria-current="page">Archive<\/a>/);
      assert.match(first, /30 issues, newest first · page 1 of 2/);
      const items = listItems(first, "issue-list");
      assert.equal(items.length, 25);
      assert.match(items[0]!, /href="\/issues\/30">AN #30: The thirtieth</);
      assert.match(items[0]!, /3 entries/);
      assert.match(items[24]!, /href="\/issues\/6"/);
      assert.match(first, /<link rel="next" href="\/issues\?page=2"\/>/);
      assert.match(first, /<a class="button subtle" rel="next" href="\/issues\?page=2">/);
      assert.doesNotMatch(first, /rel="prev"/);
      assert.doesNotMatch(first, /\/issues\/31/);

      const second = await html("/issues?page=2");
      assert.match(second, /page 2 of 2/);
      assert.deepEqual(
        listItems(second, "issue-list").map((li) => /href="\/issues\/(\d+)"/.exec(li)?.[1]),
        ["5", "4", "3", "2", "1"],
      );
      assert.match(second, /<link rel="prev" href="\/issues"\/>/);
      assert.doesNotMatch(second, /rel="next"/);
      for (const bad of ["3", "0", "-1", "abc", "1.5"]) await html(`/issues?page=${bad}`, 404);
    });

    test("issue page: header, body, formats, previous and next published issues", async () => {
      const page = await html("/issues/20");
      assertAccessible(page);
      assert.match(page, /<p class="issue-label">Alignment Newsletter #20<\/p><h1>Namesakes<\/h1>/);
      assert.match(page, /<time datetime="2019-05-01">1 May 2019<\/time>/);
      assert.match(page, /<title>AN #20: Namesakes · Alignment Newsletter<\/title>/);
      assert.match(
        page,
        /<a class="entry-title" href="https:\/\/arxiv.org\/abs\/1901.00020">Base paper<\/a>/,
      );
      const entryLinks = [...page.matchAll(/<p class="entry-permalink"><a href="\/entries\/(\d+)">/g)];
      assert.ok(entryLinks.length > 0, "each entry links to its own page");
      assert.equal((await site.get(`/entries/${entryLinks[0]![1]}`)).status, 200);
      assert.match(page, /href="\/issues\/20.md"/);
      assert.match(page, /href="\/issues\/20.txt"/);
      assert.match(page, /<link rel="prev" href="\/issues\/19"\/>/);
      assert.match(page, /<a rel="next" href="\/issues\/21">AN #21 →<\/a>/);
      assert.match(page, /<a href="\/issues" aria-current="page">Archive<\/a>/);

      const first = await html("/issues/1");
      assert.doesNotMatch(first, /rel="prev"/);
      const last = await html("/issues/30");
      assert.match(last, /<a rel="prev" href="\/issues\/29">/);
      assert.doesNotMatch(last, /rel="next"/, "the draft #31 is not next");
    });

    test("issue page: only published entries; drafts and unknown issues are 404", async () => {
      const page = await html("/issues/26");
      assert.match(page, /Paper 26/);
      assert.doesNotMatch(page, /Draft citer/);
      const missing = await html("/issues/31", 404);
      assert.match(missing, /There is no issue #31/);
      assert.doesNotMatch(missing, /In the draft issue/);
      await html("/issues/999", 404);
      await html("/issues/020", 404);
      await html("/issues/99999999999", 404);
      await html("/issues/x", 404);
      for (const ext of ["md", "txt"]) assert.equal((await site.get(`/issues/31.${ext}`)).status, 404);
    });

    test("issue as Markdown and as plain text, in UTF-8", async () => {
      const md = await site.get("/issues/20.md");
      assert.equal(md.status, 200);
      assert.equal(md.headers.get("content-type"), "text/markdown; charset=utf-8");
      assert.match(await md.text(), /\*\*\[Base paper\]\(https:\/\/arxiv.org\/abs\/1901.00020\)\*\*/);
      const txt = await site.get("/issues/20.txt");
      assert.equal(txt.headers.get("content-type"), "text/plain; charset=utf-8");
      const text = await txt.text();
      assert.match(text, /^Alignment Newsletter #20: Namesakes\n2019-05-01\n/);
      assert.match(text, /Base paper <https:\/\/arxiv.org\/abs\/1901.00020>/);
    });

    test("entry page: title, credits, issue, texts as in the issue, cites and cited by", async () => {
      const page = await html(`/entries/${id["Citing early"]}`);
      assertAccessible(page);
      assert.match(
        page,
        /<h1><a class="entry-title" href="https:\/\/arxiv.org\/abs\/1901.00010">Citing early<\/a><\/h1>/,
      );
      assert.match(page, /<dt>Authors<\/dt><dd>Ada Lovelace\*, Alan Turing\*, Grace Hopper<\/dd>/);
      assert.match(page, /<dt>Venue<\/dt><dd><a href="https:\/\/neurips.cc\/2019">NeurIPS<\/a><\/dd>/);
      assert.match(page, /<dt>Year<\/dt><dd>2019<\/dd>/);
      assert.match(page, /<dt>Issue<\/dt><dd><a href="\/issues\/10">AN #10<\/a><\/dd>/);
      assert.match(page, /<dt>Summarized by<\/dt><dd>Richard<\/dd>/);
      assert.match(page, /<dt>Hat tip<\/dt><dd>Cody<\/dd>/);
      assert.match(
        page,
        /It <strong>builds on<\/strong> <a href="https:\/\/arxiv.org\/abs\/1901.00003">Base paper<\/a> \(AN #3\)/,
      );
      assert.match(page, /<strong class="entry-label">Richard's opinion:<\/strong> Solid work./);
      assert.match(
        page,
        /Prerequisites:<\/strong> <a href="https:\/\/arxiv.org\/abs\/1901.00003">Base paper<\/a>/,
      );
      assert.match(page, /Read more:<\/strong> <a href="https:\/\/example.org\/blog">The blog post<\/a>/);
      const cites = sectionById(page, "cites");
      assert.deepEqual(
        [...cites.matchAll(/href="\/entries\/(\d+)"/g)].map((m) => Number(m[1])),
        [id.base3],
      );
      assert.match(cites, /Base paper<\/a><span class="muted"> \(AN #3\)/);
      const citedBy = sectionById(page, "cited-by");
      assert.deepEqual(
        [...citedBy.matchAll(/href="\/entries\/(\d+)"/g)].map((m) => Number(m[1])),
        [id["Citing late"]],
      );
    });

    test("an entry page lists similar summaries, published ones only, and the API has them too", async () => {
      const page = await html(`/entries/${id.base20}`);
      const similar = [...sectionById(page, "similar").matchAll(/href="\/entries\/(\d+)"/g)].map((m) =>
        Number(m[1]),
      );
      assert.match(sectionById(page, "similar"), /id="similar">Similar summaries<\/h2>/);
      assert.ok(similar.length > 0, "it shares words with other entries");
      assert.ok(
        !similar.includes(id.base20!) && !similar.includes(id.base3!),
        "not itself, nor its namesake",
      );
      for (const other of similar)
        assert.equal((await site.get(`/entries/${other}`)).status, 200, "published");
      const api = await site.get(`/api/v1/entries/${id.base20}/similar`);
      assert.equal(api.status, 200);
      const body = (await api.json()) as { similar: { id: number }[] };
      assert.deepEqual(
        body.similar.map((e) => e.id),
        similar,
      );
      assert.equal((await site.get(`/api/v1/entries/${id["Draft citer"]}/similar`)).status, 404, "a draft");
    });

    test("a title summarized twice: each summary is cited by the entries whose links resolve to it", async () => {
      const early = await html(`/entries/${id.base3}`);
      const late = await html(`/entries/${id.base20}`);
      const citers = (page: string) =>
        [...sectionById(page, "cited-by").matchAll(/href="\/entries\/(\d+)"/g)].map((m) => Number(m[1]));
      assert.deepEqual(citers(early), [id["Citing early"]]);
      assert.deepEqual(citers(late), [id["Citing late"]], "not the draft citer");
      assert.match(sectionById(early, "cites"), /It cites no other entry/);
      const lateCites = await html(`/entries/${id["Citing late"]}`);
      assert.deepEqual(
        [...sectionById(lateCites, "cites").matchAll(/href="\/entries\/(\d+)"/g)].map((m) => Number(m[1])),
        [id.base20, id["Citing early"]],
      );
    });

    test("entry pages: unpublished and unknown entries are 404, and never linked", async () => {
      const cites = await html(`/entries/${id["Cites a draft"]}`);
      assert.doesNotMatch(cites, new RegExp(`/entries/${id["Draft citer"]}"`));
      assert.match(sectionById(cites, "cites"), /It cites no other entry/);
      await html(`/entries/${id["Draft citer"]}`, 404);
      await html(`/entries/${id.draftIssue}`, 404);
      await html("/entries/987654", 404);
      await html("/entries/0", 404);
      await html("/entries/abc", 404);
    });

    test("feeds: RSS, Atom and JSON Feed of published issues, on the request's origin or site_url", async () => {
      const rss = await site.get("/feed.xml");
      assert.equal(rss.headers.get("content-type"), "application/rss+xml; charset=utf-8");
      const rssText = await rss.text();
      assert.match(rssText, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<rss version="2.0"/);
      const items = elements(parseDocument(rssText, { xmlMode: true }), "item");
      const links = items.map((item) => DomUtils.textContent(elements(item, "link")[0]!));
      assert.equal(links.length, 20);
      assert.equal(links[0], "http://summa.test/issues/30");
      assert.equal(links[19], "http://summa.test/issues/11");
      assert.ok(!links.includes("http://summa.test/issues/31"), "no draft issue");
      const html30 = DomUtils.textContent(elements(items[0]!, "content:encoded")[0]!);
      assert.match(html30, /<h2>Highlights<\/h2>[\s\S]*Star of 30/);
      assert.doesNotMatch(
        rssText,
        new RegExp(`id="entry-(${id["Draft citer"]}|${id.draftIssue})"|In the draft issue`),
      );

      const atom = await site.get("/atom.xml");
      assert.equal(atom.headers.get("content-type"), "application/atom+xml; charset=utf-8");
      const entries = elements(parseDocument(await atom.text(), { xmlMode: true }), "entry");
      assert.equal(entries.length, 20);
      assert.equal(DomUtils.textContent(elements(entries[0]!, "id")[0]!), "http://summa.test/issues/30");

      const json = await site.get("/feed.json");
      assert.equal(json.headers.get("content-type"), "application/feed+json; charset=utf-8");
      const feed = (await json.json()) as { version: string; items: { id: string; title: string }[] };
      assert.equal(feed.version, "https://jsonfeed.org/version/1.1");
      assert.equal(feed.items.length, 20);
      assert.deepEqual(feed.items[0], {
        ...feed.items[0],
        id: "http://summa.test/issues/30",
        title: "AN #30: The thirtieth",
      });

      await setSetting(store.db, "newsletter.site_url", "https://an.example.org/archive/");
      try {
        const onSite = (await (await site.get("/feed.json")).json()) as { items: { url: string }[] };
        assert.equal(onSite.items[0]!.url, "https://an.example.org/archive/issues/30");
      } finally {
        await setSetting(store.db, "newsletter.site_url", "");
      }
    });

    test("sitemap lists home, archive pages, published issues and entries; robots.txt points at it", async () => {
      const res = await site.get("/sitemap.xml");
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-type"), "application/xml; charset=utf-8");
      const xml = await res.text();
      assert.match(
        xml,
        /^<\?xml version="1.0" encoding="UTF-8"\?>\n<urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/,
      );
      const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) =>
        m[1]!.replace("http://summa.test", ""),
      );
      for (const path of [
        "/",
        "/issues",
        "/issues?page=2",
        "/issues/1",
        "/issues/30",
        `/entries/${id.base3}`,
      ])
        assert.ok(locs.includes(path), path);
      for (const path of ["/issues/31", `/entries/${id["Draft citer"]}`, `/entries/${id.draftIssue}`])
        assert.ok(!locs.includes(path), `not ${path}`);
      // 1 home + 2 archive pages + 30 issues + every entry but the two unpublished.
      assert.equal(locs.length, 1 + 2 + 30 + (ROWS.length - 2));
      assert.match(xml, /<loc>http:\/\/summa.test\/issues\/20<\/loc><lastmod>2019-05-01<\/lastmod>/);

      const robots = await site.get("/robots.txt");
      assert.equal(robots.headers.get("content-type"), "text/plain; charset=utf-8");
      const text = await robots.text();
      assert.match(text, /^User-agent: \*$/m);
      assert.match(text, /^Disallow: \/desk$/m);
      assert.match(text, /^Sitemap: http:\/\/summa.test\/sitemap.xml$/m);
    });
  });
}
