import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { SummaError } from "../../../src/domain/errors.ts";
import {
  bibliographyFormatOf,
  decodeText,
  forumPostsRequest,
  parseArxivListing,
  parseArxivResults,
  parseBibliography,
  parseBibtex,
  parseFeed,
  parseForumPosts,
  parsePage,
  parseRis,
  parseZoteroCsv,
} from "../../../src/inbox/sources/index.ts";
import {
  ARXIV_ENTRIES,
  ARXIV_ERROR,
  ARXIV_LISTING,
  ATOM_FEED,
  arxivFeed,
  BIBTEX,
  FORUM_POSTS,
  forumAnswer,
  OG_PAGE,
  PAGE,
  RIS,
  RSS_FEED,
} from "./fixtures.ts";

/** The coded error `run` throws, checked to name `where`. */
function failure(run: () => unknown, code: string, where: RegExp): SummaError {
  try {
    run();
  } catch (err) {
    assert.ok(err instanceof SummaError, String(err));
    assert.equal(err.code, code, err.message);
    assert.match(err.message, where);
    return err;
  }
  assert.fail(`expected ${code}`);
}

describe("arXiv API Atom results", () => {
  test("each entry: id without version, clean title, abstract, authors, first version's day, primary category", () => {
    const page = parseArxivResults(arxivFeed(ARXIV_ENTRIES.slice(0, 2), 4, 0), "q");
    assert.equal(page.total, 4);
    assert.equal(page.start, 0);
    assert.deepEqual(page.publishedAt, ["2024-01-04T18:00:00Z", "2024-01-03T18:00:00Z"]);
    const [first] = page.candidates;
    assert.deepEqual(first, {
      title: "Scalable Oversight by Debate, Revisited",
      abstract: "We revisit debate & find it works.",
      authors: ["Ada Lovelace", "Alan Turing"],
      venue: "arXiv:2401.00004 [cs.AI]",
      itemType: "journalArticle",
      url: "https://arxiv.org/abs/2401.00004",
      published: "2024-01-04",
      tags: ["cs.AI", "cs.LG"],
      externalId: "2401.00004",
      hatTip: null,
    });
  });

  test("arXiv's error entry, a cut-short feed and an HTML page are coded errors naming the source", () => {
    failure(
      () => parseArxivResults(ARXIV_ERROR, "my-query"),
      "source.malformed",
      /my-query.*incorrect id format/,
    );
    const cut = arxivFeed(ARXIV_ENTRIES.slice(0, 1), 1, 0).slice(0, 900);
    failure(
      () => parseArxivResults(cut, "my-query"),
      "source.malformed",
      /my-query, line \d+: malformed XML/,
    );
    failure(
      () => parseArxivResults("<!DOCTYPE html><html><body>Hi</body></html>", "my-query"),
      "source.malformed",
      /HTML page/,
    );
    failure(() => parseArxivResults("Rate exceeded.", "my-query"), "source.malformed", /not XML/);
  });
});

describe("arXiv daily listing RSS", () => {
  test("new and cross announcements become candidates; replacements are counted and left out", () => {
    const listing = parseArxivListing(ARXIV_LISTING, "cs-ai");
    assert.equal(listing.replacements, 1);
    assert.deepEqual(
      listing.candidates.map((c) => [c.externalId, c.title, c.authors, c.published, c.venue]),
      [
        [
          "2401.01001",
          "Corrigibility Without Tears",
          ["Ada Lovelace", "Alan Turing"],
          "2024-01-05",
          "arXiv:2401.01001 [cs.AI]",
        ],
        [
          "2401.01002",
          "Cross-listed: Goal Misgeneralization",
          ["Grace Hopper"],
          "2024-01-05",
          "arXiv:2401.01002 [cs.LG]",
        ],
      ],
    );
    // The abstract after "Abstract:", its markup kept as the characters the feed sent.
    assert.equal(listing.candidates[0]!.abstract, "We make agents <b>corrigible</b>.");
  });
});

describe("RSS 2.0 and Atom feeds", () => {
  test("RSS: guid, dc:creator, description as text, day as published; a script in a title stays text", () => {
    const feed = parseFeed(RSS_FEED, "af");
    assert.equal(feed.title, "AI Alignment Forum");
    const [a, b] = feed.candidates;
    assert.equal(a!.title, '<script>alert("x")</script>Why Not Just Outsource Alignment?');
    assert.equal(a!.abstract, "Published on January 4, 2024 3:00 PM GMT Here is a link and text.");
    assert.doesNotMatch(a!.abstract, /evil|</);
    assert.deepEqual(
      [a!.externalId, a!.authors, a!.published, a!.venue, a!.itemType],
      ["abc123", ["johnswentworth"], "2024-01-04", "AI Alignment Forum", "blogPost"],
    );
    assert.equal(b!.title, "Shard Theory & You");
    assert.deepEqual(b!.tags, ["Shard Theory"]);
    assert.equal(b!.abstract, "Shards.");
  });

  test("Atom: html titles as text, relative links resolved, feed author as fallback, xhtml content", () => {
    const feed = parseFeed(ATOM_FEED, "blog", "https://blog.example.org/feed");
    const [a, b] = feed.candidates;
    assert.equal(a!.title, "Inner Alignment Notes");
    assert.equal(a!.url, "https://blog.example.org/p/inner-alignment-notes");
    assert.deepEqual(a!.authors, ["Evan H", "Co Author"]);
    assert.equal(a!.published, "2024-01-05");
    assert.deepEqual(a!.tags, ["Alignment"]);
    assert.equal(a!.externalId, "tag:blog.example.org,2024:post-1");
    assert.deepEqual(b!.authors, ["Blog Owner"]);
    assert.equal(b!.abstract, "Body text.");
    assert.equal(b!.published, "2024-01-04");
  });

  test("malformed XML names its line; HTML and other roots are refused", () => {
    const broken = RSS_FEED.replace("</item>", "");
    failure(
      () => parseFeed(broken, "af"),
      "source.malformed",
      /^af, line \d+: malformed XML: <\w+> is never closed/,
    );
    failure(
      () => parseFeed("<html><head><title>Login</title></head></html>", "af"),
      "source.malformed",
      /HTML page, not a feed/,
    );
    failure(
      () => parseFeed('<?xml version="1.0"?><opml/>', "af"),
      "source.malformed",
      /not an RSS or Atom feed \(its root is <opml>\)/,
    );
    failure(
      () => parseFeed("<rss><channel/></rss>trailing", "af"),
      "source.malformed",
      /text outside the root/,
    );
  });

  test("latin-1 and windows-1252: decoded by the declared charset, strictly", () => {
    const xml = `<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>Caf\u00e9</title><item><title>Na\u00efve G\u00f6del \u2014 \u201cquotes\u201d</title><link>https://x.org/1</link></item></channel></rss>`;
    const bytes = Buffer.from(
      xml.replace("\u2014", "-").replace("\u201c", '"').replace("\u201d", '"'),
      "latin1",
    );
    assert.equal(
      parseFeed(decodeText(bytes, "", "f"), "f").candidates[0]!.title,
      'Na\u00efve G\u00f6del - "quotes"',
    );
    // windows-1252 named by the Content-Type, which wins over the declaration: 0x93/0x94 are curly quotes.
    const cp = Buffer.concat([
      Buffer.from(xml.split("\u201c")[0]!.replace("\u2014", "-"), "latin1"),
      Buffer.from([0x93, 0x71, 0x94]),
    ]);
    assert.match(decodeText(cp, "text/xml; charset=windows-1252", "f"), /\u201cq\u201d$/);
    // Latin-1 bytes served as UTF-8 are an error, not U+FFFD in a title.
    failure(
      () =>
        decodeText(Buffer.from("<rss>Caf\u00e9</rss>", "latin1"), "application/rss+xml; charset=utf-8", "f"),
      "source.bad_encoding",
      /not valid utf-8/,
    );
    failure(
      () => decodeText(Buffer.from("x"), "text/xml; charset=klingon", "f"),
      "source.bad_encoding",
      /unknown charset "klingon"/,
    );
  });
});

describe("XSS in titles and abstracts stays inert text", () => {
  test("markup in an html title or summary is read as HTML and reduced to its text; plain-text titles keep their characters", () => {
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><id>x</id><link href="javascript:alert(1)"/><title type="html">&lt;img src=x onerror=alert(1)&gt;Safe &lt;script&gt;alert(2)&lt;/script&gt;Title</title><summary type="html">&lt;iframe src=//evil&gt;&lt;/iframe&gt;Fine &lt;b onclick=x()&gt;bold&lt;/b&gt;</summary></entry></feed>`;
    const [c] = parseFeed(atom, "xss").candidates;
    assert.equal(c!.title, "Safe Title");
    assert.equal(c!.abstract, "Fine bold");
    assert.equal(c!.url, "", "a javascript: link is no link");
    const forum = forumAnswer([
      {
        _id: "x1",
        title: "<svg onload=alert(1)>",
        postedAt: "2024-01-05T10:00:00.000Z",
        author: "<b>Mallory</b>",
      },
    ]);
    const [post] = parseForumPosts(forum, "lw", "LessWrong");
    assert.equal(post!.candidate.title, "<svg onload=alert(1)>");
    assert.deepEqual(post!.candidate.authors, ["<b>Mallory</b>"]);
    // Control characters never survive into a title.
    const rss = `<rss><channel><title>t</title><item><title>A\u0007B&#x9;C</title><link>https://x.org/</link></item></channel></rss>`;
    assert.equal(parseFeed(rss, "c").candidates[0]!.title, "AB C");
  });
});

describe("ForumMagnum GraphQL", () => {
  test("the request asks the new view with limit and postedAt bounds; results become candidates", () => {
    const body = JSON.parse(forumPostsRequest({ limit: 2, after: "2024-01-01T00:00:00.000Z" }));
    assert.match(body.query, /posts\(input: \$input\)/);
    assert.deepEqual(body.variables, {
      input: { terms: { view: "new", limit: 2, after: "2024-01-01T00:00:00.000Z" } },
    });
    const posts = parseForumPosts(forumAnswer(FORUM_POSTS.slice(0, 2)), "af", "AI Alignment Forum");
    assert.deepEqual(posts[0], {
      postedAt: "2024-01-05T10:00:00.000Z",
      candidate: {
        title: "Post Five",
        abstract: "About Post Five.",
        authors: ["Ada", "Bea"],
        venue: "AI Alignment Forum",
        itemType: "blogPost",
        url: "https://www.alignmentforum.org/posts/p5/post-five",
        published: "2024-01-05",
        tags: [],
        externalId: "p5",
        hatTip: null,
      },
    });
  });

  test("GraphQL errors, HTML and a wrong shape are coded errors", () => {
    failure(
      () => parseForumPosts('{"errors":[{"message":"Rate limited"}]}', "lw", "LessWrong"),
      "source.fetch_failed",
      /lw: the forum refused the query: Rate limited/,
    );
    failure(
      () => parseForumPosts("<html>oops</html>", "lw", "LessWrong"),
      "source.malformed",
      /not JSON \(it looks like HTML\)/,
    );
    failure(
      () => parseForumPosts('{"data":{}}', "lw", "LessWrong"),
      "source.malformed",
      /no data.posts.results/,
    );
    failure(
      () => parseForumPosts('{"data":{"posts":{"results":[{"_id":"x"}]}}}', "lw", "LessWrong"),
      "source.malformed",
      /lw, item 1:/,
    );
  });
});

describe("bibliography files", () => {
  test("BibTeX: @string macros, concatenation, accents, top-level 'and', arXiv eprint and DOI links", () => {
    const [rlhf, godel] = parseBibtex(BIBTEX, "refs.bib");
    assert.equal(rlhf!.title, "Deep Reinforcement Learning from Human Preferences");
    assert.deepEqual(rlhf!.authors, ["Christiano, Paul F.", "Leike, Jan", "Brown, Tom B.", "OpenAI Team"]);
    assert.equal(rlhf!.venue, "Advances in Neural Information Processing Systems 30");
    assert.equal(rlhf!.url, "https://arxiv.org/abs/1706.03741");
    assert.equal(rlhf!.published, "2017-06-12");
    assert.equal(rlhf!.itemType, "conferencePaper");
    assert.deepEqual(rlhf!.tags, ["RLHF", "preferences"]);
    assert.equal(
      rlhf!.abstract,
      "For sophisticated RL systems to interact usefully with real-world environments",
    );
    assert.equal(godel!.title, "\u00dcber formal unentscheidbare S\u00e4tze");
    assert.deepEqual(godel!.authors, ["G\u00f6del, Kurt"]);
    assert.equal(godel!.venue, "Monatshefte f\u00fcr Mathematik");
    assert.equal(godel!.url, "https://doi.org/10.1007/BF01700692");
    assert.equal(godel!.published, null, "a year alone is no day");
  });

  test("BibTeX errors name their line", () => {
    failure(
      () => parseBibtex("@article{a,\n title = {x},\n\n author = {Unclosed\n}", "r.bib"),
      "source.malformed",
      /r.bib, line 1: BibTeX: the entry @article\{a is never closed/,
    );
    failure(
      () => parseBibtex("@article{a,\n title {x}}", "r.bib"),
      "source.malformed",
      /line 2: BibTeX: expected "=" after the field "title"/,
    );
    failure(
      () => parseBibtex("@misc{a,\n author = {X}}", "r.bib"),
      "source.malformed",
      /line 1: a BibTeX entry without a title/,
    );
  });

  test("RIS: records, continuation lines, dates, types; errors name their line", () => {
    const [a, b] = parseRis(RIS, "refs.ris");
    assert.equal(a!.title, "Concrete Problems in AI Safety");
    assert.deepEqual(a!.authors, ["Amodei, Dario", "Olah, Chris"]);
    assert.equal(a!.abstract, "Rapid progress in machine learning and artificial intelligence.");
    assert.equal(a!.published, "2016-06-21");
    assert.equal(a!.venue, "arXiv:1606.06565 [cs]");
    assert.equal(b!.itemType, "blogPost");
    assert.equal(b!.published, "2019-06-05");
    failure(
      () => parseRis("TI  - x\nER  - ", "r.ris"),
      "source.malformed",
      /r.ris, line 1: RIS: the tag TI comes before any record's TY/,
    );
    failure(
      () => parseRis("TY  - JOUR\nTI  - a\nTY  - JOUR\n", "r.ris"),
      "source.malformed",
      /line 3: RIS: a record begins/,
    );
    failure(() => parseRis("TY  - JOUR\nTI  - a\n", "r.ris"), "source.malformed", /line 1: .*never ends/);
  });

  test("Zotero CSV: candidateFromZotero per row, Key as external id, notes skipped, rows named", async () => {
    const csv = `"Key","Item Type","Publication Year","Author","Title","Publication Title","Url","Abstract Note","Date","Manual Tags"\n"K1","journalArticle","2020","Shah, Rohin; Doe, J","Benefits of Assistance","arXiv:2007.01234 [cs]","https://arxiv.org/abs/2007.01234","Assist.","2020-07-02","TechSafety"\n"K2","note","","","","","","","",""\n`;
    const [c] = await parseZoteroCsv(csv, "z.csv");
    assert.deepEqual(
      [c!.externalId, c!.title, c!.authors, c!.published, c!.tags],
      ["K1", "Benefits of Assistance", ["Shah, Rohin", "Doe, J"], "2020-07-02", ["TechSafety"]],
    );
    await assert.rejects(
      parseZoteroCsv('"Key","Item Type","Title"\n"K","blogPost",""\n', "z.csv"),
      /z.csv, row 2: an item without a Title/,
    );
    await assert.rejects(parseZoteroCsv('"a","b"\n1,2\n', "z.csv"), /z.csv, row 1: not a Zotero CSV export/);
  });

  test("the format by extension, else by content", async () => {
    assert.equal(bibliographyFormatOf("x.bib", ""), "bibtex");
    assert.equal(bibliographyFormatOf("x.txt", RIS), "ris");
    assert.equal(bibliographyFormatOf("export", BIBTEX), "bibtex");
    assert.equal(bibliographyFormatOf("export", '"Key","Item Type","Title"\n'), "zotero-csv");
    await assert.rejects(
      parseBibliography("notes.txt", "hello"),
      (e: SummaError) => e.code === "source.malformed",
    );
  });
});

describe("a single page", () => {
  test("citation_* first, canonical link, the title kept as text", () => {
    const c = parsePage(PAGE, "https://papers.example.org/x?utm=1");
    assert.equal(c.title, "Consistency of Inverse Reward Design <img src=x onerror=alert(1)>");
    assert.deepEqual(c.authors, ["Hadfield-Menell, Dylan", "Russell, Stuart"]);
    assert.equal(c.published, "2017-11-04");
    assert.equal(c.venue, "Advances in Neural Information Processing Systems");
    assert.equal(c.itemType, "conferencePaper");
    assert.equal(c.url, "https://papers.example.org/paper/ird");
    assert.equal(c.abstract, "Autonomous agents optimize the reward function we give them.");
  });

  test("Open Graph when there are no citation tags; <title> as the last resort; no title is an error", () => {
    const c = parsePage(OG_PAGE, "https://news.example.org/p/post");
    assert.deepEqual(
      [c.title, c.venue, c.itemType, c.published, c.authors, c.abstract],
      ["A Substack Post", "Some Newsletter", "blogPost", "2024-02-03", ["Jane Doe"], "What we learned."],
    );
    assert.equal(
      parsePage("<html><title> Only\n a title </title></html>", "https://a.org/").title,
      "Only a title",
    );
    failure(
      () => parsePage("<html><body>nothing</body></html>", "https://a.org/"),
      "source.malformed",
      /a.org\/: the page has no title/,
    );
  });
});
