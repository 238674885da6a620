import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { SummaError } from "../../../src/domain/errors.ts";
import { readCandidatesFrom } from "../../../src/inbox/fetching/index.ts";
import { tempDir } from "../../helpers/temp.ts";
import { ARXIV_ENTRIES, arxivFeed, BIBTEX, OG_PAGE, PAGE, RIS, RSS_FEED } from "../sources/fixtures.ts";
import { type SourceServer, sourceServer } from "./source-server.ts";

const local = { allowPrivate: true, minIntervalMs: 0 };

describe("readCandidatesFrom: what `summa inbox import FILE|URL` reads", () => {
  let server: SourceServer;
  let dir: string;
  before(async () => {
    server = await sourceServer();
    dir = tempDir("summa-inbox-import-");
  });
  after(() => server.close());

  test("files: BibTeX, RIS and Zotero CSV by extension, or by content when the name says nothing", async () => {
    const file = (name: string, text: string | Buffer) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };
    assert.deepEqual(
      (await readCandidatesFrom(file("refs.bib", BIBTEX))).map((c) => c.title),
      ["Deep Reinforcement Learning from Human Preferences", "\u00dcber formal unentscheidbare S\u00e4tze"],
    );
    assert.equal((await readCandidatesFrom(file("export.txt", RIS))).length, 2);
    const csv =
      '\uFEFF"Key","Item Type","Author","Title","Url","Date"\n"AB12","blogPost","Shah, Rohin","The Alignment Newsletter #1","https://x.org/an1","2018-04-09"\n';
    const [z] = await readCandidatesFrom(file("zotero.csv", csv));
    assert.deepEqual([z!.externalId, z!.published, z!.authors], ["AB12", "2018-04-09", ["Shah, Rohin"]]);
    // A Windows-1252 file read as UTF-8 is an error naming the file, not mojibake.
    await assert.rejects(
      readCandidatesFrom(file("latin.ris", Buffer.from("TY  - JOUR\nTI  - Caf\u00e9\nER  - \n", "latin1"))),
      (e: SummaError) => e.code === "source.bad_encoding" && /latin\.ris/.test(e.message),
    );
    await assert.rejects(
      readCandidatesFrom(join(dir, "missing.bib")),
      (e: SummaError) => e.code === "source.malformed" && /ENOENT/.test(e.message),
    );
  });

  test("an address: a page's citation tags, Open Graph, a feed's items, an arXiv link through the API", async () => {
    server.route("/paper", { body: PAGE, headers: { "content-type": "text/html; charset=utf-8" } });
    server.route("/post", {
      body: Buffer.from(OG_PAGE.replace("What we learned.", "Caf\u00e9 notes."), "latin1"),
      headers: { "content-type": "text/html; charset=iso-8859-1" },
    });
    server.route("/feed", { body: RSS_FEED, headers: { "content-type": "application/rss+xml" } });
    server.route("/api/query", (req) => {
      assert.match(req.path, /id_list=2401\.00004/);
      return {
        body: arxivFeed(ARXIV_ENTRIES.slice(0, 1), 1, 0),
        headers: { "content-type": "application/atom+xml" },
      };
    });
    const [paper] = await readCandidatesFrom(`${server.url}/paper`, { polite: local });
    assert.equal(paper!.venue, "Advances in Neural Information Processing Systems");
    assert.equal(paper!.url, `${server.url}/paper/ird`);
    const [post] = await readCandidatesFrom(`${server.url}/post`, { polite: local });
    assert.equal(post!.abstract, "Caf\u00e9 notes.");
    assert.equal((await readCandidatesFrom(`${server.url}/feed`, { polite: local })).length, 2);
    const [arxiv] = await readCandidatesFrom("https://arxiv.org/pdf/2401.00004v2.pdf", {
      polite: local,
      arxivApiUrl: `${server.url}/api/query`,
    });
    assert.equal(arxiv!.externalId, "2401.00004");
    assert.equal(arxiv!.abstract, "We revisit debate & find it works.");
    assert.match(String(server.seen.at(-1)!.headers["user-agent"]), /^Summa\//);
  });
});
