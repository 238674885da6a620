import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { harvest, politeFetcher } from "../../../src/inbox/fetching/index.ts";
import { addSource } from "../../../src/inbox/fetching/sources.ts";
import { fetchIntoInbox, listInbox } from "../../../src/inbox/index.ts";
import { DIALECTS, type TestStore } from "../../helpers/dialects.ts";
import type { ArxivEntry } from "../sources/fixtures.ts";
import { arxivRoute, fakeClock, type SourceServer, sourceServer } from "./source-server.ts";

const UA = "Summa/0.1 (Test Newsletter; mailto:editor@example.org)";
const paper = (id: string, published: string): ArxivEntry => ({
  id,
  title: `Paper ${id}`,
  summary: `About ${id}.`,
  authors: ["Ada Lovelace"],
  published,
  primary: "cs.AI",
});
// arXiv's `published` has whole seconds: two papers submitted in one second share it.
const NEWEST = "2024-01-04T18:00:00Z";
const A = paper("2401.00010", NEWEST);
const B = paper("2401.00009", "2024-01-03T18:00:00Z");
/** Submitted in A's second, listed by the API only after the first run had read A. */
const C = paper("2401.00011", NEWEST);

const fetcher = () => {
  const clock = fakeClock();
  return politeFetcher({ userAgent: UA, allowPrivate: true, now: clock.now, sleep: clock.sleep });
};
const empty = { etag: null, lastModified: null, cursor: null };

describe("the arXiv query's cursor", () => {
  let server: SourceServer;
  let papers: ArxivEntry[];
  before(async () => {
    server = await sourceServer();
    server.route(
      "/api/query",
      arxivRoute(() => papers),
    );
  });
  after(() => server.close());

  test("the next run reads a paper of the saved cursor's very second that the last run did not see", async () => {
    const config = {
      kind: "arxiv-query" as const,
      query: "all:alignment",
      endpoint: `${server.url}/api/query`,
      pageSize: 1,
    };
    papers = [A, B];
    const first = await harvest("arxiv-q", config, empty, fetcher());
    assert.deepEqual(
      first.candidates.map((c) => c.externalId),
      [A.id, B.id],
    );
    assert.equal(first.next.cursor, NEWEST);
    papers = [A, C, B];
    const start = server.seen.length;
    const second = await harvest("arxiv-q", config, first.next, fetcher());
    // A comes again (the intake knows its arXiv id); C, one page later, is read; B ends the run.
    assert.deepEqual(
      second.candidates.map((c) => c.externalId),
      [A.id, C.id],
    );
    assert.equal(second.next.cursor, NEWEST);
    assert.deepEqual(
      server.seen.slice(start).map((s) => new URL(s.path, "http://x").searchParams.get("start")),
      ["0", "1", "2"],
    );
  });
});

for (const dialect of DIALECTS) {
  describe(`the arXiv query's cursor, into the inbox (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let server: SourceServer;
    let papers: ArxivEntry[];
    before(async () => {
      store = await dialect.open();
      server = await sourceServer();
      server.route(
        "/api/query",
        arxivRoute(() => papers),
      );
      await addSource(store, {
        name: "arxiv-q",
        kind: "arxiv-query",
        config: { query: "all:alignment", endpoint: `${server.url}/api/query`, pageSize: 2 },
      });
    });
    after(async () => {
      await server.close();
      await store?.dispose();
    });

    test("the paper of the cursor's second is added; the one read again is known, not added twice", async () => {
      const run = () => {
        const clock = fakeClock();
        return fetchIntoInbox(store, { now: clock.date, sleep: clock.sleep, polite: { allowPrivate: true } });
      };
      papers = [A, B];
      const [first] = await run();
      assert.equal(first!.added, 2);
      papers = [A, C, B];
      const [second] = await run();
      assert.deepEqual([second!.fetched, second!.added, second!.duplicates], [2, 1, 1]);
      const listed = await listInbox(store, { source: "arxiv-q" }, "2024-01-06T00:00:00.000Z");
      assert.deepEqual(listed.items.map((i) => i.title).sort(), [
        `Paper ${B.id}`,
        `Paper ${A.id}`,
        `Paper ${C.id}`,
      ]);
    });
  });
}
