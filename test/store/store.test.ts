import assert from "node:assert/strict";
import { resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { SummaError } from "../../src/domain/errors.ts";
import { AN_TAXONOMY } from "../../src/domain/taxonomy.ts";
import {
  ensureCategories,
  getSettings,
  getTaxonomy,
  insertEntries,
  openStore,
  parseDatabaseUrl,
  replaceTaxonomy,
  setSetting,
  toEntryContent,
} from "../../src/store/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { entryFields } from "../helpers/factories.ts";

describe("choosing the database", () => {
  test("paths and sqlite: URLs are SQLite, postgres:// is PostgreSQL, the default is ./data/summa.db", () => {
    assert.equal(parseDatabaseUrl(undefined).address, resolve("./data/summa.db"));
    assert.equal(parseDatabaseUrl("").dialect.kind, "sqlite");
    assert.equal(parseDatabaseUrl("sqlite:/tmp/x.db").address, "/tmp/x.db");
    assert.equal(parseDatabaseUrl("sqlite:///tmp/x.db").address, "/tmp/x.db");
    assert.equal(parseDatabaseUrl("file:rel/x.db").address, resolve("rel/x.db"));
    assert.equal(parseDatabaseUrl(":memory:").address, ":memory:");
    assert.equal(parseDatabaseUrl("postgres://u@h/db").dialect.kind, "postgres");
    assert.equal(parseDatabaseUrl("postgresql://u@h/db").dialect.kind, "postgres");
  });

  test("other schemes are refused with the password hidden", () => {
    assert.throws(
      () => parseDatabaseUrl("mysql://root:secret@h/db"),
      (err: unknown) => {
        assert.ok(err instanceof SummaError);
        assert.equal(err.code, "config.invalid");
        assert.doesNotMatch(err.message, /secret/);
        return true;
      },
    );
  });

  test("an unreachable PostgreSQL fails with a message, not a hang", async () => {
    await assert.rejects(
      openStore("postgres://nobody:pw@127.0.0.1:1/none?connect_timeout=2"),
      (err: unknown) => {
        assert.ok(err instanceof SummaError);
        assert.match(
          err.message,
          /Cannot open the database at postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none/,
        );
        return true;
      },
    );
  });
});

for (const dialect of DIALECTS) {
  describe(`store on ${dialect.name}`, { skip: dialect.skip }, () => {
    let store: TestStore;
    before(async () => {
      store = await dialect.open();
    });
    after(async () => {
      await store?.dispose();
    });

    test("a new database has AN's taxonomy and settings", async () => {
      assert.deepEqual(await getTaxonomy(store.db), AN_TAXONOMY);
      assert.deepEqual(await getSettings(store.db), {
        "newsletter.name": "Alignment Newsletter",
        "newsletter.issue_prefix": "AN",
        "newsletter.editor": "Rohin",
        // Not seeded by a migration: defaults in code until an editor sets them.
        "newsletter.from_address": "newsletter@example.org",
        "newsletter.site_url": "",
        // Empty: a fresh install must not link to AN's sheet (the footers leave the link out).
        "newsletter.database_url": "",
        "newsletter.postal_address": "",
        "subscribers.blocked_domains": "",
        "subscribers.unsubscribe_address": "",
        "mail.bounce_address": "",
        "mail.list_id": "",
        "mail.feedback_id_sender": "",
        "numbers.public_blocks": "issues,summarizers,sections,venues,lengths,cited",
        // Engagement is off until the editor turns it on.
        "tracking.clicks": "off",
        "tracking.opens": "off",
        "tracking.keep_subscriber_rows": "off",
        "inbox.retrain_every": "25",
        "inbox.suggest_public": "on",
      });
    });

    test("opening again migrates nothing and keeps data", async () => {
      await setSetting(store.db, "newsletter.editor", "Ada");
      const again = await openStore(store.url);
      assert.equal((await getSettings(again.db))["newsletter.editor"], "Ada");
      await again.close();
    });

    test("a step a migration left pending runs at the next open, with today's code, and only once", async () => {
      // A crash between a migration and its step leaves the step pending (see after-migrations.ts).
      const [stored] = await insertEntries(
        store.db,
        [
          toEntryContent(
            entryFields({ title: "Linking", summary: "See https://arxiv.org/abs/1811.07871v2." }),
            null,
          ),
        ],
        new Date().toISOString(),
      );
      await store.db.deleteFrom("entry_links").execute();
      await store.db
        .insertInto("settings")
        .values({ key: "store.pending.entry_links", value: "1" })
        .execute();
      const again = await openStore(store.url);
      const links = await again.db
        .selectFrom("entry_links")
        .selectAll()
        .where("entry_id", "=", stored!.id)
        .execute();
      assert.deepEqual(
        links.map((l) => [l.field, l.url_key]),
        [["summary", "arxiv:1811.07871"]],
      );
      const marks = await again.db
        .selectFrom("settings")
        .select("key")
        .where("key", "like", "store.pending.%")
        .execute();
      assert.deepEqual(marks, []);
      await again.close();
    });

    test("unknown categories join an Unsorted section; known ones match case-insensitively", async () => {
      const added = await ensureCategories(store.db, [
        "miscellaneous (ALIGNMENT)",
        "Quantum stuff",
        "quantum STUFF",
        "",
      ]);
      assert.deepEqual(added, ["Quantum stuff"]);
      const taxonomy = await getTaxonomy(store.db);
      assert.deepEqual(taxonomy.at(-1), { name: "Unsorted", categories: ["Quantum stuff"] });
      assert.deepEqual(await ensureCategories(store.db, ["Quantum Stuff"]), []);
    });

    test("the taxonomy is data: replaced whole, order kept", async () => {
      const mine = [
        { name: "Alignment", categories: ["Interpretability", "Robustness"] },
        { name: "News", categories: ["News"] },
      ];
      await store.db.transaction().execute((trx) => replaceTaxonomy(trx, mine));
      assert.deepEqual(await getTaxonomy(store.db), mine);
    });
  });
}
