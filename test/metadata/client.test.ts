import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { SummaError } from "../../src/domain/errors.ts";
import { isPrivateAddress, metadataClient, paperIdOf } from "../../src/metadata/index.ts";
import {
  ARXIV_ERROR,
  ARXIV_FEED,
  ARXIV_OLD_STYLE,
  CSL,
  type FakeCatalogue,
  fakeCatalogue,
} from "./fixtures.ts";

const ATOM = "application/atom+xml; charset=utf-8";
const CSL_TYPE = "application/vnd.citationstyles.csl+json";

/** The error a promise rejects with, checked to be coded and to name `url`. */
async function failure(p: Promise<unknown>, code: string, url: RegExp): Promise<SummaError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof SummaError, String(err));
    assert.equal(err.code, code, err.message);
    assert.match(err.message, url);
    return err;
  }
  assert.fail(`expected ${code}`);
}

describe("paperIdOf: arXiv and DOI identifiers", () => {
  test("arXiv abs/pdf/versioned links and bare ids, new and old style", () => {
    for (const text of [
      "https://arxiv.org/abs/2301.01234",
      "https://arxiv.org/abs/2301.01234v2",
      "http://arxiv.org/pdf/2301.01234v3.pdf",
      "2301.01234v2",
      "arXiv:2301.01234",
    ])
      assert.deepEqual(paperIdOf(text), { kind: "arxiv", id: "2301.01234" }, text);
    assert.deepEqual(paperIdOf("hep-th/9901001"), { kind: "arxiv", id: "hep-th/9901001" });
    assert.deepEqual(paperIdOf("arXiv:hep-th/9901001v1"), { kind: "arxiv", id: "hep-th/9901001" });
    assert.deepEqual(paperIdOf("https://arxiv.org/abs/math.GT/0309136"), {
      kind: "arxiv",
      id: "math.gt/0309136",
    });
  });

  test("doi.org links and bare DOIs; other addresses are not identifiers", () => {
    assert.deepEqual(paperIdOf("https://doi.org/10.1038/nature14236"), {
      kind: "doi",
      doi: "10.1038/nature14236",
    });
    assert.deepEqual(paperIdOf("10.1145/3442188.3445922"), { kind: "doi", doi: "10.1145/3442188.3445922" });
    assert.deepEqual(paperIdOf("https://dx.doi.org/10.1038%2Fnature14236"), {
      kind: "doi",
      doi: "10.1038/nature14236",
    });
    assert.equal(paperIdOf("https://www.lesswrong.com/posts/abc"), null);
    assert.equal(paperIdOf("Inverse Reward Design"), null);
  });

  test("private addresses are recognised (the production guard)", () => {
    for (const a of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "::1",
      "fd00::1",
      "::ffff:127.0.0.1",
    ])
      assert.ok(isPrivateAddress(a), a);
    for (const a of ["93.184.216.34", "172.32.0.1", "2606:4700::1111"]) assert.ok(!isPrivateAddress(a), a);
  });
});

describe("metadataClient against catalogues on 127.0.0.1", () => {
  let server: FakeCatalogue;
  const big = "x".repeat(5000);
  before(async () => {
    server = await fakeCatalogue({
      "/api/query?id_list=2301.01234&max_results=1": { type: ATOM, body: ARXIV_FEED },
      "/api/query?id_list=hep-th%2F9901001&max_results=1": { type: ATOM, body: ARXIV_OLD_STYLE },
      "/api/query?id_list=9999.99999&max_results=1": { type: ATOM, body: ARXIV_ERROR },
      "/api/query?id_list=1111.11111&max_results=1": { type: ATOM, body: "<feed><entry><title>Broken" },
      "/api/query?id_list=2222.22222&max_results=1": {
        type: "text/html",
        body: "<!doctype html><p>Rate limited</p>",
      },
      "/api/query?id_list=3333.33333&max_results=1": { hang: true },
      "/api/query?id_list=4444.44444&max_results=1": { type: ATOM, body: big },
      "/doi/10.1038/nature14236": { status: 303, headers: { location: "/csl/nature14236" } },
      "/csl/nature14236": { type: CSL_TYPE, body: CSL },
      "/doi/10.1000/loop": { status: 302, headers: { location: "/doi/10.1000/loop" } },
      "/doi/10.1000/html": {
        type: "text/html; charset=utf-8",
        body: "<html><body>Landing page</body></html>",
      },
      "/doi/10.1000/bad-json": { type: CSL_TYPE, body: "{not json" },
      "/doi/10.1000/away": { status: 302, headers: { location: "http://localhost:1/secret" } },
    });
  });
  after(() => server?.close());

  const client = (more = {}) =>
    metadataClient({
      arxivApiUrl: `${server.url}/api/query`,
      doiResolverUrl: `${server.url}/doi/`,
      allowPrivate: true,
      timeoutMs: 2000,
      ...more,
    });

  test("an arXiv link: title on one line, authors, venue arXiv, year of first publication", async () => {
    const paper = await client().lookup("https://arxiv.org/pdf/2301.01234v2.pdf");
    assert.deepEqual(paper, {
      title: "Scalable Oversight of & Reward Models",
      authors: ["Ada Lovelace", "Alan Turing"],
      venue: "arXiv",
      year: 2023,
      url: "https://arxiv.org/abs/2301.01234",
      source: "arxiv",
    });
    const request = server.seen.at(-1)!;
    assert.match(request.accept, /atom\+xml/);
    assert.match(request.userAgent, /^Summa/);
  });

  test("an old-style arXiv id", async () => {
    const paper = await client().lookup("hep-th/9901001");
    assert.equal(paper.title, "Strings on a Lattice");
    assert.equal(paper.year, 1999);
  });

  test("a DOI through a redirect, by content negotiation: given + family names, container-title, issued year", async () => {
    const paper = await client().lookup("https://doi.org/10.1038/nature14236");
    assert.deepEqual(paper, {
      title: "Human-level control through deep reinforcement learning",
      authors: ["Volodymyr Mnih", "Koray Kavukcuoglu", "DeepMind Team"],
      venue: "Nature",
      year: 2015,
      url: "https://doi.org/10.1038/nature14236",
      source: "doi",
    });
    assert.equal(server.seen.find((s) => s.path === "/doi/10.1038/nature14236")?.accept, CSL_TYPE);
  });

  test("coded errors, each naming the address", async () => {
    await failure(client().lookup("https://example.org/post"), "metadata.unrecognized", /example\.org\/post/);
    await failure(
      client().lookup("9999.99999"),
      "metadata.not_found",
      /id_list=9999\.99999.*no paper 9999\.99999/,
    );
    await failure(
      client().lookup("10.1000/missing"),
      "metadata.not_found",
      /\/doi\/10\.1000\/missing: not found \(404\)/,
    );
    await failure(client().lookup("1111.11111"), "metadata.malformed", /id_list=1111\.11111/);
    await failure(client().lookup("2222.22222"), "metadata.malformed", /HTML page, not an Atom feed/);
    await failure(
      client().lookup("10.1000/html"),
      "metadata.malformed",
      /10\.1000\/html: answered an HTML page, not CSL-JSON/,
    );
    await failure(client().lookup("10.1000/bad-json"), "metadata.malformed", /10\.1000\/bad-json: not JSON/);
    await failure(
      client({ timeoutMs: 200 }).lookup("3333.33333"),
      "metadata.timeout",
      /id_list=3333\.33333.*: no answer within 200 ms/,
    );
    await failure(
      client({ maxBytes: 1000 }).lookup("4444.44444"),
      "metadata.too_large",
      /larger than 1000 bytes/,
    );
    await failure(
      client().lookup("10.1000/loop"),
      "metadata.fetch_failed",
      /10\.1000\/loop: more than 5 redirects/,
    );
  });

  test("without allowPrivate, 127.0.0.1 and a redirect to a private host are refused", async () => {
    await failure(
      client({ allowPrivate: false }).lookup("2301.01234"),
      "metadata.fetch_failed",
      /private network \(127\.0\.0\.1\)/,
    );
    // Allowed to reach the resolver, but the redirect to localhost is still checked hop by hop.
    const seen = server.seen.length;
    await failure(
      client({ allowPrivate: false }).lookup("10.1000/away"),
      "metadata.fetch_failed",
      /private network/,
    );
    assert.equal(server.seen.length, seen, "nothing was fetched");
  });
});
