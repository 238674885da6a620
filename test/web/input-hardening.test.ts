import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createApiToken, createUser } from "../../src/accounts/index.ts";
import { webhookSecret } from "../../src/bounces/index.ts";
import { SummaError } from "../../src/domain/errors.ts";
import { importFrom } from "../../src/entries/index.ts";
import { setSetting } from "../../src/store/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { sheetCsv } from "../helpers/factories.ts";
import { tempFile } from "../helpers/import.ts";
import { type TestSite, testPasswords, testSite } from "../helpers/web.ts";
import { api } from "./api-fixture.ts";

const ROW = [
  "Learning human intent",
  "",
  "Inverse Reward Design",
  "Dylan Hadfield-Menell",
  "NeurIPS",
  "2017",
  "",
  "AN #1",
  "Rohin",
  "We infer the true reward.",
  "Nice.",
  "",
  "",
];

/** 1,500 different characters, 4,500 bytes: no title's key is that long. */
const DISTINCT_CJK = Array.from({ length: 1500 }, (_, i) => String.fromCharCode(0x4e00 + i)).join("");

/** A sheet of one good row and one whose `column` (by index) holds `value`. */
function sheetWith(column: number, value: string): string {
  const bad = [...ROW];
  bad[2] = "A second paper";
  bad[column] = value;
  return tempFile("sheet.csv", sheetCsv([ROW, bad]));
}

async function assertMalformed(res: Response, what: string): Promise<void> {
  assert.equal(res.status, 400, `${what}: ${res.status} ${await res.clone().text()}`);
}

for (const dialect of DIALECTS) {
  describe(`bad input gets the same clean answer on both databases (${dialect.name})`, {
    skip: dialect.skip,
  }, () => {
    let store: TestStore;
    let site: TestSite;
    let token: string;
    before(async () => {
      store = await dialect.open();
      await setSetting(store.db, "newsletter.site_url", "http://summa.test");
      site = testSite(store);
      await importFrom(store, tempFile("sheet.csv", sheetCsv([ROW])));
      const user = await createUser(
        store,
        { email: "editor@example.org", name: "Rohin", role: "editor", password: "correct horse battery" },
        testPasswords,
      );
      token = await createApiToken(store, user, "tests");
    });
    after(() => store?.dispose());

    test("a NUL in a search, a facet, a lookup or a path is a 400 naming the parameter", async () => {
      for (const path of [
        "/database?q=reward%00",
        "/database?category=Learning%00",
        "/database?year=2017%00",
        "/database/lookup?u=https://arxiv.org/abs/1711.02827%00",
        "/database/lookup?u=%00",
        "/issues/1%00",
      ]) {
        const res = await site.get(path);
        await assertMalformed(res, path);
        assert.match(await res.text(), /NUL character/, path);
      }
      for (const path of ["/entries?q=reward%00", "/entries?category=%00x", "/lookup?u=%00"]) {
        const res = await api(site, path);
        await assertMalformed(res, path);
        const body = (await res.json()) as { error: { code: string; message: string } };
        assert.equal(body.error.code, "input.malformed", path);
        assert.match(body.error.message, /Query parameter "(q|category|u)"/, path);
      }
    });

    test("a NUL in the login email or any form field is a 400, not a 500", async () => {
      const res = await site.post("/desk/login", { email: "editor@example.org\0", password: "x" });
      await assertMalformed(res, "login");
      assert.match(await res.text(), /Form field &quot;email&quot;|Form field "email"/);
      const subscribe = await site.post("/subscribe", { email: "a\0@example.org" });
      await assertMalformed(subscribe, "subscribe");
    });

    test("a NUL in a JSON body (webhook messageId, entry fields) is a 400 naming the field", async () => {
      const secret = await webhookSecret(store);
      const res = await api(site, "/bounces", {
        method: "POST",
        token: secret,
        body: {
          events: [
            {
              type: "bounce",
              bounceType: "hard",
              email: "ann@example.org",
              timestamp: "2024-06-10T09:12:44Z",
              messageId: "<abc\0@example.org>",
            },
          ],
        },
      });
      await assertMalformed(res, "webhook");
      const body = (await res.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, "input.malformed");
      assert.match(body.error.message, /events\.0\.messageId/);
      const entry = await api(site, "/entries", {
        method: "POST",
        token,
        body: { title: "A\0title", category: "Learning human intent" },
      });
      await assertMalformed(entry, "entry");
    });

    test("the store refuses a NUL that reached it, as input.malformed, on both databases", async () => {
      await assert.rejects(
        setSetting(store.db, "newsletter.name", "News\0"),
        (err: unknown) => err instanceof SummaError && err.code === "input.malformed",
      );
    });

    test("a 3,000-byte title through the API is a 422 naming the field; nothing is written", async () => {
      for (const title of ["é".repeat(1500), "\ufdfa".repeat(400)]) {
        const res = await api(site, "/entries", {
          method: "POST",
          token,
          body: { title, category: "Learning human intent" },
        });
        assert.equal(res.status, 422, await res.clone().text());
        const body = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
        assert.equal(body.error.code, "input.invalid");
        assert.ok(body.error.fields.title, "the title is named");
      }
      const entries = (await (await api(site, "/entries?q=reward")).json()) as { total: number };
      assert.equal(entries.total, 1);
    });

    test("a cross-reference longer than any title is kept as text, not as a key", async () => {
      const res = await api(site, "/entries", {
        method: "POST",
        token,
        body: {
          title: "Cites something long",
          category: "Learning human intent",
          // Distinct characters: PostgreSQL compresses a repetitive index row under its limit.
          summary: `See <@${DISTINCT_CJK}@> and <@Inverse Reward Design@>.`,
        },
      });
      assert.equal(res.status, 201, await res.clone().text());
    });

    test("an import with a 3,000-byte title, a NUL or a javascript: link fails naming row and column; nothing is written", async () => {
      const json = (summary: string) =>
        tempFile(
          "sheet.json",
          JSON.stringify([
            {
              ...Object.fromEntries(
                [
                  "highlight",
                  "authors",
                  "venue",
                  "hat_tip",
                  "summarizer",
                  "opinion",
                  "prerequisites",
                  "read_more",
                ].map((k) => [k, ""]),
              ),
              category: "Learning human intent",
              title: "A JSON paper",
              email: "AN #1",
              summary,
            },
          ]),
        );
      const cases: [string, RegExp][] = [
        [
          sheetWith(2, "é".repeat(1500)),
          /row 3, column "Title": Title is 1,500 characters long; at most 500/,
        ],
        [sheetWith(2, "\ufdfa".repeat(400)), /row 3, column "Title": Title is too long once normalized/],
        [json("Summary with a \0 NUL"), /row 1, column "Summary": Summary contains a NUL/],
      ];
      for (const [file, message] of cases)
        await assert.rejects(importFrom(store, file), (err: unknown) => {
          assert.ok(err instanceof SummaError, String(err));
          assert.equal(err.code, "import.invalid_value");
          assert.match(err.message, message);
          return true;
        });
      const links = tempFile(
        "links.csv",
        sheetCsv(
          [
            [
              "Learning human intent",
              "",
              "Linked paper",
              "",
              "",
              "",
              "",
              "AN #1",
              "",
              "",
              "",
              "",
              "",
              "javascript:alert(1)",
            ],
          ],
          "Category,Highlight?,Title,Authors,Venue,Year,H/T,Email,Summarizer,Summary,My opinion,Prerequisites,Read more,url",
        ),
      );
      await assert.rejects(
        importFrom(store, links),
        /row 2, column "url": URL "javascript:alert\(1\)" is not an http\(s\) address/,
      );
      const titles = await store.db.selectFrom("entries").select("title").orderBy("id").execute();
      assert.deepEqual(
        titles.map((t) => t.title),
        ["Inverse Reward Design", "Cites something long"],
        "nothing of the failed imports",
      );
    });
  });
}
