import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { metadataClient } from "../../src/metadata/index.ts";
import { countEntries } from "../../src/store/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import type { LoggedIn, TestSite } from "../helpers/web.ts";
import { testSite } from "../helpers/web.ts";
import { ARXIV_FEED, type FakeCatalogue, fakeCatalogue } from "../metadata/fixtures.ts";
import { entryForm, savedId } from "./desk-fixture.ts";

const sqlite = DIALECTS.find((d) => d.name === "sqlite")!;

/** A form as a person sends it: no "save anyway" unless they pressed it. */
const typed = (fields: Record<string, string>) => {
  const { action: _, ...form } = entryForm(fields);
  return form;
};

describe("entry editor: Fill from URL and the duplicate warning (sqlite)", () => {
  let store: TestStore;
  let site: TestSite;
  let server: FakeCatalogue;
  let richard: LoggedIn;

  before(async () => {
    server = await fakeCatalogue({
      "/api/query?id_list=2301.01234&max_results=1": { type: "application/atom+xml", body: ARXIV_FEED },
    });
    store = await sqlite.open();
    site = testSite(store, {
      metadata: metadataClient({
        arxivApiUrl: `${server.url}/api/query`,
        allowPrivate: true,
        timeoutMs: 2000,
      }),
    });
    richard = await site.login("summarizer", "Richard");
  });
  after(async () => {
    await store?.dispose();
    await server?.close();
  });

  test("the form offers Fill from URL and says typed fields are kept", async () => {
    const html = await (await site.get("/desk/entries/new", richard)).text();
    assert.match(html, /<button type="submit" name="action" value="fill"[^>]*>Fill from URL<\/button>/);
    assert.match(html, /only empty fields are filled, never what you\s+typed/);
  });

  test("without JavaScript: the form comes back with the empty fields filled and typed ones kept", async () => {
    const res = await site.post(
      "/desk/entries/new",
      {
        ...typed({
          url: "https://arxiv.org/abs/2301.01234v2",
          title: "My own title",
          authors: "",
          venue: "",
          year: "",
        }),
        action: "fill",
      },
      richard,
    );
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /name="title" type="text" value="My own title"/);
    assert.match(html, /name="authors" type="text" value="Ada Lovelace, Alan Turing"/);
    assert.match(html, /name="venue" type="text" value="arXiv"/);
    assert.match(html, /name="year" type="text" value="2023"/);
    assert.equal(await countEntries(store.db), 0, "filling saves nothing");
  });

  test("a URL that is not arXiv or a DOI is named by the URL field", async () => {
    const html = await (
      await site.post(
        "/desk/entries/new",
        { ...typed({ url: "https://example.org/blog" }), action: "fill" },
        richard,
      )
    ).text();
    assert.match(html, /not an arXiv or DOI address/);
  });

  test("with JavaScript: the JSON endpoint gives the fields; errors are coded", async () => {
    const ok = await site.get(`/desk/entries/fill?url=${encodeURIComponent("2301.01234")}`, richard);
    assert.equal(ok.status, 200);
    assert.deepEqual((await ok.json()).fields, {
      title: "Scalable Oversight of & Reward Models",
      authors: "Ada Lovelace, Alan Turing",
      venue: "arXiv",
      year: "2023",
    });
    const missing = await site.get(`/desk/entries/fill?url=${encodeURIComponent("9999.99999")}`, richard);
    assert.equal(missing.status, 404);
    assert.equal((await missing.json()).error.code, "metadata.not_found");
    assert.equal(
      (await site.get("/desk/entries/fill?url=2301.01234")).status,
      303,
      "desk users only (to the login)",
    );
  });

  test("saving a paper already in the database warns with a link; Save anyway saves it", async () => {
    const first = savedId(
      await site.post(
        "/desk/entries/new",
        typed({ title: "Reward models", url: "https://arxiv.org/abs/2301.01234" }),
        richard,
      ),
    );
    const again = await site.post(
      "/desk/entries/new",
      typed({ title: "Another name", url: "https://arxiv.org/pdf/2301.01234v2.pdf" }),
      richard,
    );
    assert.equal(again.status, 200);
    const html = await again.text();
    assert.match(
      html,
      new RegExp(
        `Already in the database: <a href="/desk/entries/${first}/edit">Reward models</a> \\(entry #${first}, not sent yet\\), same URL`,
      ),
    );
    assert.match(
      html,
      /<button type="submit" form="entry-form" name="action" value="save-anyway">Save anyway<\/button>/,
    );
    assert.equal(await countEntries(store.db), 1, "not saved until confirmed");
    const byTitle = await (
      await site.post("/desk/entries/new", typed({ title: "reward models", url: "" }), richard)
    ).text();
    assert.match(byTitle, /Already in the database: .*Reward models.*same title/);
    const anyway = await site.post(
      "/desk/entries/new",
      {
        ...typed({ title: "Another name", url: "https://arxiv.org/pdf/2301.01234v2.pdf" }),
        action: "save-anyway",
      },
      richard,
    );
    assert.equal(anyway.status, 303);
    assert.equal(await countEntries(store.db), 2);
    // Editing an entry is not a duplicate of itself.
    const self = await site.post(
      `/desk/entries/${first}/edit`,
      typed({ title: "Reward models", url: "https://example.org/other" }),
      richard,
    );
    assert.equal(self.status, 303);
  });

  test("the live check (on blur) answers which entries the URL or title repeat", async () => {
    const res = await site.get(
      `/desk/entries/duplicates?title=${encodeURIComponent("Another name")}`,
      richard,
    );
    const { duplicates } = await res.json();
    assert.equal(duplicates.length, 1);
    assert.match(duplicates[0].text, /^Already in the database: Another name \(entry #\d+, not sent yet\)$/);
    assert.match(duplicates[0].href, /^\/desk\/entries\/\d+\/edit$/);
    const none = await (await site.get("/desk/entries/duplicates?title=Nothing%20like%20it", richard)).json();
    assert.deepEqual(none.duplicates, []);
  });
});
