import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DomUtils, parseDocument } from "htmlparser2";
import {
  cdata,
  feedUrl,
  issueUrl,
  normalizeBaseUrl,
  renderAtomFeed,
  renderJsonFeed,
  renderRssFeed,
  xmlText,
} from "../../src/formats/render/feeds.ts";
import { issueBodyHtml } from "../../src/formats/render/html-fragments.ts";
import { issueEntry, issueView } from "../helpers/issue-view.ts";

const SITE = { title: "Alignment Newsletter", baseUrl: "https://an.example.org/archive", author: "Rohin" };

/** Three issues, newest first: one with markup and non-ASCII to round-trip, one undated. */
function issues() {
  return [
    issueView(
      [
        issueEntry({
          id: 1,
          url: "https://arxiv.org/abs/1",
          highlight: true,
          title: `Tags <b>& "quotes"</b> — Schölkopf ϵ ∀`,
          summary: "Markdown **bold**, a [link](https://x.org/a?b=1&c=2), and ]]> in text.",
        }),
      ],
      { number: 55, date: "2019-04-24", subject: `Fish & <chips> "today"`, url: "https://mail.example/55" },
    ),
    issueView([issueEntry({ id: 2, url: "https://arxiv.org/abs/2", title: "Second" })], {
      number: 54,
      date: "2019-04-17",
    }),
    issueView([issueEntry({ id: 3, url: "https://arxiv.org/abs/3", title: "Third" })], {
      number: 53,
      date: null,
    }),
  ];
}

type Element = NonNullable<ReturnType<typeof DomUtils.findOne>>;

function xml(text: string) {
  return parseDocument(text, { xmlMode: true });
}
const all = (root: ReturnType<typeof xml> | Element, name: string) =>
  DomUtils.getElementsByTagName(name, root, true) as Element[];
const one = (root: ReturnType<typeof xml> | Element, name: string) => {
  const found = all(root, name);
  assert.ok(found.length >= 1, `<${name}> is missing`);
  return found[0]!;
};
const text = (root: ReturnType<typeof xml> | Element, name: string) => DomUtils.textContent(one(root, name));
/** Direct children with a name (an entry's <link>, not one deeper down). */
const children = (el: Element, name: string) =>
  el.children.filter((c): c is Element => (c as Element).name === name);

const RFC822 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0000$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

describe("URLs", () => {
  test("issue pages and feeds are absolute, under the base URL whatever its trailing slash", () => {
    for (const base of ["https://an.example.org/archive", "https://an.example.org/archive/"]) {
      assert.equal(issueUrl({ baseUrl: base }, 53), "https://an.example.org/archive/issues/53");
      assert.equal(feedUrl({ baseUrl: base }, "atom"), "https://an.example.org/archive/atom.xml");
    }
  });

  test("a base URL that is not absolute http(s) is refused", () => {
    assert.throws(() => normalizeBaseUrl("/archive"), /not an absolute URL/);
    assert.throws(() => normalizeBaseUrl("javascript:alert(1)"), /http or https/);
  });
});

describe("XML text", () => {
  test("escapes markup and drops characters XML 1.0 forbids", () => {
    assert.equal(xmlText(`a<b>&"c'\u0001\uffff`), "a&lt;b&gt;&amp;&quot;c&apos;");
  });

  test("CDATA holds any text, ']]>' included", () => {
    const tricky = "<p>a ]]> b ]]]]> c</p>";
    const doc = xml(`<x>${cdata(tricky)}</x>`);
    assert.equal(DomUtils.textContent(doc), tricky);
  });
});

describe("RSS 2.0", () => {
  const feed = renderRssFeed(issues(), SITE);
  const doc = xml(feed);

  test("has the required channel elements, a self link and a declaration", () => {
    assert.ok(feed.startsWith(`<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"`));
    const channel = one(doc, "channel");
    assert.equal(text(channel, "title"), "Alignment Newsletter");
    assert.equal(DomUtils.textContent(children(channel, "link")[0]!), "https://an.example.org/archive/");
    assert.ok(text(channel, "description").length > 0);
    const self = one(channel, "atom:link");
    assert.deepEqual(self.attribs, {
      href: "https://an.example.org/archive/feed.xml",
      rel: "self",
      type: "application/rss+xml",
    });
    assert.match(text(channel, "lastBuildDate"), RFC822);
  });

  test("items: title, absolute link, unique permalink guid, RFC 822 dates that parse", () => {
    const items = all(doc, "item");
    assert.equal(items.length, 3);
    const guids = items.map((i) => text(i, "guid"));
    assert.equal(new Set(guids).size, 3);
    for (const item of items) {
      assert.ok(text(item, "title"));
      assert.match(text(item, "link"), /^https:\/\/an\.example\.org\/archive\/issues\/\d+$/);
      assert.equal(one(item, "guid").attribs.isPermaLink, "true");
      assert.equal(text(item, "guid"), text(item, "link"));
    }
    assert.equal(text(items[0]!, "title"), `AN #55: Fish & <chips> "today"`);
    assert.equal(text(items[0]!, "pubDate"), "Wed, 24 Apr 2019 00:00:00 +0000");
    assert.equal(new Date(text(items[1]!, "pubDate")).toISOString(), "2019-04-17T00:00:00.000Z");
    assert.equal(all(items[2]!, "pubDate").length, 0, "an undated issue has no pubDate");
  });

  test("content:encoded round-trips the issue's HTML exactly", () => {
    const views = issues();
    const items = all(doc, "item");
    items.forEach((item, i) => {
      assert.equal(text(item, "content:encoded"), issueBodyHtml(views[i]!));
    });
    assert.ok(text(items[0]!, "content:encoded").includes("Schölkopf ϵ ∀"));
  });
});

describe("Atom 1.0", () => {
  const feed = renderAtomFeed(issues(), SITE);
  const doc = xml(feed);

  test("has the feed's required id, title, updated, author, and self and alternate links", () => {
    const root = one(doc, "feed");
    assert.equal(root.attribs.xmlns, "http://www.w3.org/2005/Atom");
    assert.equal(DomUtils.textContent(children(root, "id")[0]!), "https://an.example.org/archive/");
    assert.equal(DomUtils.textContent(children(root, "title")[0]!), "Alignment Newsletter");
    assert.equal(DomUtils.textContent(children(root, "updated")[0]!), "2019-04-24T00:00:00Z");
    assert.equal(text(one(root, "author"), "name"), "Rohin");
    const links = children(root, "link").map((l) => [l.attribs.rel, l.attribs.href]);
    assert.deepEqual(links, [
      ["self", "https://an.example.org/archive/atom.xml"],
      ["alternate", "https://an.example.org/archive/"],
    ]);
  });

  test("entries: unique ids, titles, RFC 3339 updated that parse, absolute alternate links", () => {
    const entries = all(doc, "entry");
    assert.equal(entries.length, 3);
    assert.equal(new Set(entries.map((e) => text(e, "id"))).size, 3);
    for (const e of entries) {
      const updated = text(e, "updated");
      assert.match(updated, RFC3339);
      assert.ok(!Number.isNaN(Date.parse(updated)));
      const alternate = children(e, "link").find((l) => l.attribs.rel === "alternate")!;
      assert.match(alternate.attribs.href!, /^https:\/\/an\.example\.org\/archive\/issues\/\d+$/);
      assert.ok(text(e, "title"));
    }
    assert.equal(text(entries[0]!, "title"), `AN #55: Fish & <chips> "today"`);
    assert.equal(text(entries[0]!, "published"), "2019-04-24T00:00:00Z");
    const related = children(entries[0]!, "link").find((l) => l.attribs.rel === "related");
    assert.equal(related?.attribs.href, "https://mail.example/55");
    // Undated: the feed's latest known date (never the 1970 epoch), and no <published>.
    assert.equal(text(entries[2]!, "updated"), "2019-04-24T00:00:00Z");
    assert.equal(all(entries[2]!, "published").length, 0);
  });

  test("a feed of undated issues dates every entry when the archive last changed, never 1970", () => {
    const undated = issues().map((v) => ({ ...v, meta: { ...v.meta, date: null } }));
    const changed = new Date("2022-10-15T12:00:00Z");
    const feed = renderAtomFeed(undated, { ...SITE, updated: changed });
    assert.ok(!feed.includes("1970"));
    const root = one(xml(feed), "feed");
    assert.equal(DomUtils.textContent(children(root, "updated")[0]!), "2022-10-15T12:00:00Z");
    for (const e of all(root, "entry")) {
      assert.equal(text(e, "updated"), "2022-10-15T12:00:00Z");
      assert.equal(all(e, "published").length, 0);
    }
    // RSS and JSON Feed leave an undated item undated.
    assert.equal(all(xml(renderRssFeed(undated, SITE)), "pubDate").length, 0);
    assert.ok(JSON.parse(renderJsonFeed(undated, SITE)).items.every((i: object) => !("date_published" in i)));
  });

  test("content is type=html and round-trips the issue's HTML exactly", () => {
    const views = issues();
    all(doc, "entry").forEach((e, i) => {
      assert.equal(one(e, "content").attribs.type, "html");
      assert.equal(text(e, "content"), issueBodyHtml(views[i]!));
    });
  });
});

describe("JSON Feed 1.1", () => {
  const feed = JSON.parse(renderJsonFeed(issues(), SITE));

  test("has the spec's required keys and absolute URLs", () => {
    assert.equal(feed.version, "https://jsonfeed.org/version/1.1");
    assert.equal(feed.title, "Alignment Newsletter");
    assert.ok(Array.isArray(feed.items));
    assert.equal(feed.home_page_url, "https://an.example.org/archive/");
    assert.equal(feed.feed_url, "https://an.example.org/archive/feed.json");
    assert.deepEqual(feed.authors, [{ name: "Rohin" }]);
  });

  test("items: unique string ids, content_html round-trips, RFC 3339 dates", () => {
    const views = issues();
    assert.equal(feed.items.length, 3);
    assert.equal(new Set(feed.items.map((i: { id: string }) => i.id)).size, 3);
    feed.items.forEach((item: Record<string, unknown>, i: number) => {
      assert.equal(typeof item.id, "string");
      assert.equal(item.content_html, issueBodyHtml(views[i]!));
      assert.match(String(item.url), /^https:\/\/an\.example\.org\/archive\/issues\/\d+$/);
    });
    assert.equal(feed.items[0].date_published, "2019-04-24T00:00:00Z");
    assert.equal(feed.items[0].external_url, "https://mail.example/55");
    assert.equal(feed.items[2].date_published, undefined, "undated: no date rather than a made-up one");
  });
});

describe("all feeds", () => {
  test("are deterministic, and list an issue given twice once", () => {
    const twice = [...issues(), ...issues()];
    for (const render of [renderRssFeed, renderAtomFeed, renderJsonFeed]) {
      assert.equal(render(issues(), SITE), render(issues(), SITE));
      assert.equal(render(twice, SITE), render(issues(), SITE));
    }
  });

  test("an empty list is still a valid feed", () => {
    assert.equal(all(xml(renderRssFeed([], SITE)), "item").length, 0);
    const changed = new Date("2022-10-15T12:00:00Z");
    assert.equal(
      text(xml(renderAtomFeed([], { ...SITE, updated: changed })), "updated"),
      "2022-10-15T12:00:00Z",
    );
    assert.throws(() => renderAtomFeed([], SITE), /FeedSite\.updated/);
    assert.deepEqual(JSON.parse(renderJsonFeed([], SITE)).items, []);
  });
});
