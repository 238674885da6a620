import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { parse } from "csv-parse/sync";
import {
  findSubscriber,
  insertBounceEvent,
  insertSendWithAudience,
  insertSubscribers,
  type NewSubscriberRow,
} from "../../src/store/index.ts";
import { addSubscriber, EXPORT_COLUMNS } from "../../src/subscribers/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import type { LoggedIn, TestSite } from "../helpers/web.ts";
import { testSite } from "../helpers/web.ts";

const AT = "2024-03-01T10:00:00.000Z";

/** 55 active readers ("reader01@list.example" ...), 3 pending, 2 unsubscribed; 4 read the highlights. */
function listRows(): NewSubscriberRow[] {
  const row = (email: string, over: Partial<NewSubscriberRow> = {}): NewSubscriberRow => ({
    email,
    name: "",
    status: "active",
    // Every row names every column: a multi-row insert fills a missing one with NULL on SQLite.
    edition: "full",
    created_at: AT,
    updated_at: AT,
    ...over,
  });
  return [
    ...Array.from({ length: 55 }, (_, i) =>
      row(`reader${String(i + 1).padStart(2, "0")}@list.example`, i < 4 ? { edition: "highlights" } : {}),
    ),
    row("ada@lovelace.example", { status: "pending", name: "Ada Lovelace" }),
    row("charles@babbage.example", { status: "pending", name: "Charles Babbage" }),
    row("under_score@x.example", { status: "pending" }),
    row("gone1@x.example", { status: "unsubscribed" }),
    row("gone2@x.example", { status: "unsubscribed" }),
  ];
}

/** The addresses a list page links to, in order. */
function addresses(html: string): string[] {
  return [...html.matchAll(/<a href="\/desk\/subscribers\/\d+">([^<]+)<\/a>/g)].map((m) => m[1]!);
}

for (const dialect of DIALECTS) {
  describe(`desk subscribers (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let site: TestSite;
    let editor: LoggedIn;
    let summarizer: LoggedIn;

    before(async () => {
      store = await dialect.open();
      site = testSite(store);
      editor = await site.login("editor", "Rohin");
      summarizer = await site.login("summarizer", "Richard");
      await insertSubscribers(store.db, listRows());
    });
    after(() => store?.dispose());

    test("the list shows counts per status and edition, newest first, 50 a page", async () => {
      const res = await site.get("/desk/subscribers", editor);
      assert.equal(res.status, 200);
      const html = await res.text();
      assert.match(
        html,
        /<th scope="row">Active<\/th><td><a href="\/desk\/subscribers\?status=active">55<\/a>/,
      );
      assert.match(html, /<th scope="row">Pending<\/th><td><a [^>]*>3<\/a>/);
      assert.match(html, /<th scope="row">Unsubscribed<\/th><td><a [^>]*>2<\/a>/);
      assert.match(html, /<th scope="row">Highlights only<\/th><td><a [^>]*>4<\/a>/);
      assert.match(html, /1–50 of 60 subscribers/);
      const first = addresses(html);
      assert.equal(first.length, 50);
      assert.equal(first[0], "gone2@x.example", "newest first");
      assert.match(html, /href="\/desk\/subscribers\?page=2"/);
      const second = addresses(await (await site.get("/desk/subscribers?page=2", editor)).text());
      assert.equal(second.length, 10);
      assert.equal(second.at(-1), "reader01@list.example");
      assert.equal(new Set([...first, ...second]).size, 60);
    });

    test("search matches address or name (case-insensitive, % and _ literal); filters narrow by status and edition", async () => {
      const found = async (query: string) =>
        addresses(await (await site.get(`/desk/subscribers?${query}`, editor)).text());
      assert.deepEqual(await found("q=LOVELACE"), ["ada@lovelace.example"]);
      assert.deepEqual(await found("q=babbage"), ["charles@babbage.example"]);
      assert.deepEqual(await found("q=_"), ["under_score@x.example"], "_ is not a wildcard");
      assert.deepEqual(await found("q=%25"), []);
      assert.deepEqual((await found("status=unsubscribed")).sort(), ["gone1@x.example", "gone2@x.example"]);
      assert.deepEqual((await found("edition=highlights&status=active")).length, 4);
      assert.deepEqual(await found("q=reader0&edition=highlights&status=pending"), []);
      const bad = await site.get("/desk/subscribers?status=deleted", editor);
      assert.equal(bad.status, 422);
      assert.match(await bad.text(), /Unknown status &quot;deleted&quot;/);
    });

    test("summarizers may not see the list; the desk nav links to it for editors", async () => {
      assert.equal((await site.get("/desk/subscribers", summarizer)).status, 403);
      assert.equal((await site.get("/desk/subscribers/export.csv", summarizer)).status, 403);
      assert.doesNotMatch(await (await site.get("/desk", summarizer)).text(), /href="\/desk\/subscribers"/);
      assert.match(await (await site.get("/desk", editor)).text(), /href="\/desk\/subscribers"/);
    });

    test("add: consent required, CSRF required; added active with consent now, source desk", async () => {
      const fields = { email: " New.Reader@Example.org ", name: "New Reader", edition: "highlights" };
      const noConsent = await site.post("/desk/subscribers", fields, editor);
      assert.equal(noConsent.status, 422);
      assert.match(await noConsent.text(), /Tick the box/);
      const noCsrf = await site.post("/desk/subscribers", { ...fields, consent: "yes" }, editor, {
        csrf: false,
      });
      assert.equal(noCsrf.status, 403);
      assert.equal(await findSubscriber(store.db, "new.reader@example.org"), undefined);
      const before = Date.now();
      const res = await site.post("/desk/subscribers", { ...fields, consent: "yes" }, editor);
      assert.equal(res.status, 303);
      const row = (await findSubscriber(store.db, "new.reader@example.org"))!;
      assert.equal(res.headers.get("location"), `/desk/subscribers/${row.id}?done=added`);
      assert.equal(row.status, "active");
      assert.equal(row.edition, "highlights");
      assert.equal(row.source, "desk");
      assert.ok(Date.parse(row.consent_at!) >= before - 1000);
      // An address already on the list is not changed from here (no quiet resubscribe).
      const again = await site.post(
        "/desk/subscribers",
        { email: "gone1@x.example", edition: "full", consent: "yes" },
        editor,
      );
      assert.equal(again.status, 409);
      assert.match(await again.text(), /gone1@x\.example is already on the list \(unsubscribed\)/);
      assert.equal((await findSubscriber(store.db, "gone1@x.example"))!.status, "unsubscribed");
      const bad = await site.post("/desk/subscribers", { email: "not an address", consent: "yes" }, editor);
      assert.equal(bad.status, 422);
      assert.match(await bad.text(), /is not an email address/);
    });

    test("one subscriber's page: consent, sends with status, bounces, unsubscribes; tester toggle; unsubscribe", async () => {
      const { subscriber } = await addSubscriber(store, { email: "history@example.org", name: "Hist" });
      await store.db
        .insertInto("issues")
        .values({ number: 7, url: "", date: null, subject: "Seven" })
        .execute();
      await store.db.transaction().execute((trx) =>
        insertSendWithAudience(trx, {
          issueNumber: 7,
          status: "done",
          sendAt: AT,
          ratePerSecond: null,
          createdBy: "test",
          now: AT,
        }),
      );
      await store.db
        .updateTable("deliveries")
        .set({ status: "sent", sent_at: "2024-03-01T10:05:00.000Z", last_reply: "250 2.0.0 queued as ABC" })
        .where("subscriber_id", "=", subscriber.id)
        .execute();
      await insertBounceEvent(store.db, {
        email: subscriber.email,
        kind: "soft",
        source: "dsn",
        detail: "452 mailbox full",
        at: "2024-03-02T08:00:00.000Z",
        event_key: `k-${dialect.name}`,
        subscriber_id: subscriber.id,
      });
      const page = async () => {
        const res = await site.get(`/desk/subscribers/${subscriber.id}`, editor);
        assert.equal(res.status, 200);
        return res.text();
      };
      let html = await page();
      assert.match(html, /<h1>history@example\.org<\/h1>/);
      assert.match(html, /<dt>Consent<\/dt><dd><time datetime="20/);
      assert.match(
        html,
        /<td>#7<\/td><td>Full issue<\/td><td>sent<\/td><td><time datetime="2024-03-01T10:05:00.000Z">/,
      );
      assert.match(html, /250 2\.0\.0 queued as ABC/);
      assert.match(html, /soft \(dsn\): 452 mailbox full/);
      assert.match(html, /<dt>Test list<\/dt><dd>No<\/dd>/);

      const toggle = await site.post(`/desk/subscribers/${subscriber.id}/tester`, { tester: "1" }, editor);
      assert.equal(toggle.status, 303);
      assert.equal((await findSubscriber(store.db, subscriber.email))!.tester, 1);
      html = await page();
      assert.match(html, /<dt>Test list<\/dt><dd>Yes: gets test copies<\/dd>/);
      assert.match(html, /name="tester" value="0"/);

      const noCsrf = await site.post(`/desk/subscribers/${subscriber.id}/unsubscribe`, {}, editor, {
        csrf: false,
      });
      assert.equal(noCsrf.status, 403);
      const unsub = await site.post(`/desk/subscribers/${subscriber.id}/unsubscribe`, {}, editor);
      assert.equal(unsub.status, 303);
      assert.equal((await findSubscriber(store.db, subscriber.email))!.status, "unsubscribed");
      html = await page();
      assert.match(html, /<dt>Status<\/dt><dd>Unsubscribed<\/dd>/);
      assert.match(html, /<time datetime="[^"]+">[^<]+<\/time>: by operator/);
      assert.doesNotMatch(html, /\/unsubscribe"/, "no unsubscribe button once unsubscribed");
      assert.equal((await site.get("/desk/subscribers/99999", editor)).status, 404);
      assert.equal((await site.get("/desk/subscribers/x1", editor)).status, 404);
    });

    test("export: the CLI's CSV columns, every row, or one status", async () => {
      const res = await site.get("/desk/subscribers/export.csv", editor);
      assert.equal(res.status, 200);
      assert.match(res.headers.get("content-type") ?? "", /^text\/csv/);
      assert.match(res.headers.get("content-disposition") ?? "", /attachment; filename="subscribers-all-/);
      const rows = parse(await res.text()) as string[][];
      assert.deepEqual(rows[0], [...EXPORT_COLUMNS]);
      const total = await store.db
        .selectFrom("subscribers")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      assert.equal(rows.length - 1, Number(total.n));
      const pending = parse(
        await (await site.get("/desk/subscribers/export.csv?status=pending", editor)).text(),
      ) as string[][];
      const emailColumn = EXPORT_COLUMNS.indexOf("Email Address");
      assert.deepEqual(
        pending
          .slice(1)
          .map((r) => r[emailColumn])
          .sort(),
        ["ada@lovelace.example", "charles@babbage.example", "under_score@x.example"],
      );
    });
  });
}
