import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { summaInProcess } from "../helpers/cli.ts";
import { ARXIV_FEED, CSL, type FakeCatalogue, fakeCatalogue } from "../metadata/fixtures.ts";

describe("summa entry fill URL", () => {
  let server: FakeCatalogue;
  before(async () => {
    server = await fakeCatalogue({
      "/api/query?id_list=2301.01234&max_results=1": { type: "application/atom+xml", body: ARXIV_FEED },
      "/doi/10.1038/nature14236": { type: "application/vnd.citationstyles.csl+json", body: CSL },
    });
  });
  after(() => server?.close());
  const fill = (args: string[]) =>
    summaInProcess([
      ...args,
      "--arxiv-api",
      `${server.url}/api/query`,
      "--doi-resolver",
      `${server.url}/doi/`,
      "--allow-private",
    ]);

  test("prints an arXiv paper's title, authors, venue and year", async () => {
    const r = await fill(["entry", "fill", "https://arxiv.org/abs/2301.01234v2"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      "Title:   Scalable Oversight of & Reward Models\nAuthors: Ada Lovelace, Alan Turing\nVenue:   arXiv\nYear:    2023\nURL:     https://arxiv.org/abs/2301.01234\n",
    );
  });

  test("--json for a DOI", async () => {
    const r = await fill(["--json", "entry", "fill", "10.1038/nature14236"]);
    assert.equal(r.code, 0, r.stderr);
    const paper = JSON.parse(r.stdout);
    assert.deepEqual([paper.venue, paper.year, paper.authors[0]], ["Nature", 2015, "Volodymyr Mnih"]);
  });

  test("an address that is neither exits 1 with a coded error; a private server is refused without --allow-private", async () => {
    const r = await fill(["--json", "entry", "fill", "https://example.org/blog"]);
    assert.equal(r.code, 1);
    assert.equal(JSON.parse(r.stderr).error.code, "metadata.unrecognized");
    const refused = await summaInProcess([
      "entry",
      "fill",
      "2301.01234",
      "--arxiv-api",
      `${server.url}/api/query`,
    ]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /private network/);
  });
});
