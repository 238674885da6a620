import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { after, before, describe, test } from "node:test";
import { countEntries, readContentVersion, setSetting } from "../../src/store/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { sheetCsv } from "../helpers/factories.ts";
import type { LoggedIn, TestSite } from "../helpers/web.ts";
import { testSite } from "../helpers/web.ts";

const row = (title: string, email = "AN #1", summary = "A summary.") => [
  "Learning human intent",
  "",
  title,
  "Ada Lovelace",
  "arXiv",
  "2019",
  "",
  email,
  "Rohin",
  summary,
  "",
  "",
  "",
];

const previews = () => readdirSync(tmpdir()).filter((n) => n.startsWith("summa-import-preview-"));

function tokenOf(html: string): string {
  const m = /name="token" value="([0-9a-f]{32})"/.exec(html);
  assert.ok(m, "the dry-run page carries the preview's token");
  return m[1]!;
}

for (const dialect of DIALECTS) {
  describe(`desk import: dry run first, then confirm (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let site: TestSite;
    let editor: LoggedIn;
    let other: LoggedIn;

    const upload = async (rows: string[][], as: LoggedIn = editor) => {
      const form = new FormData();
      form.set("_csrf", as.csrf);
      form.set("file", new File([sheetCsv(rows)], "sheet.csv", { type: "text/csv" }));
      const res = await site.app.request("http://summa.test/desk/import", {
        method: "POST",
        body: form,
        headers: { cookie: as.cookie },
      });
      return { status: res.status, html: await res.text() };
    };
    const confirm = async (token: string, as: LoggedIn = editor) => {
      const res = await site.post("/desk/import/confirm", { token }, as);
      return { status: res.status, html: await res.text() };
    };

    before(async () => {
      store = await dialect.open();
      site = testSite(store);
      editor = await site.login("editor", "Rohin");
      other = await site.login("admin", "Ada");
      const first = await upload([row("Old paper"), row("Edited paper")]);
      assert.equal((await confirm(tokenOf(first.html))).status, 200);
    });
    after(() => store?.dispose());

    test("the dry run shows counts and rows per group, writes nothing, and confirm applies it", async () => {
      const entries = await countEntries(store.db);
      const version = await readContentVersion(store.db);
      const { status, html } = await upload([
        row("Old paper"),
        row("Edited paper", "AN #1", "A new summary."),
        row("New paper", "AN #2"),
        row("Old paper"),
      ]);
      assert.equal(status, 200);
      assert.match(html, /<h1>Import: dry run<\/h1>/);
      assert.match(html, /<dt>Would add<\/dt><dd>1<\/dd>/);
      assert.match(html, /<dt>Would change<\/dt><dd>1<\/dd>/);
      assert.match(html, /<dt>Unchanged<\/dt><dd>1<\/dd>/);
      assert.match(html, /<dt>Skipped<\/dt><dd>1<\/dd>/);
      assert.match(html, /<dt>New issues<\/dt><dd>1<\/dd>/);
      assert.match(html, /<tr><td>4<\/td><td>New paper<\/td><td>AN #2<\/td><\/tr>/);
      assert.match(
        html,
        /<tr><td>3<\/td><td><a href="\/desk\/entries\/\d+\/edit">Edited paper<\/a><\/td><td>AN #1<\/td><td>Summary<\/td><\/tr>/,
      );
      assert.match(
        html,
        /<tr><td>5<\/td><td>Old paper<\/td><td>AN #1<\/td><td>same title and issue as row 2<\/td><\/tr>/,
      );
      assert.match(html, /Import: add 1, change 1/);
      assert.equal(await countEntries(store.db), entries, "the dry run adds nothing");
      assert.equal(await readContentVersion(store.db), version, "the dry run changes nothing");

      const done = await confirm(tokenOf(html));
      assert.equal(done.status, 200);
      assert.match(done.html, /<dt>Added<\/dt><dd>1<\/dd>/);
      assert.match(done.html, /<dt>Changed<\/dt><dd>1<\/dd>/);
      assert.equal(await countEntries(store.db), entries + 1);
      assert.ok(!previews().some((p) => p.endsWith(tokenOf(html))), "the confirmed preview is removed");
    });

    test("a preview is confirmed once: a second confirm (a double click) is refused", async () => {
      const { html } = await upload([row("Double clicked", "AN #3")]);
      const token = tokenOf(html);
      assert.equal((await confirm(token)).status, 200);
      const entries = await countEntries(store.db);
      const again = await confirm(token);
      assert.equal(again.status, 409);
      assert.match(again.html, /expired or was already imported; upload the file again/);
      assert.equal(await countEntries(store.db), entries);
    });

    test("another desk user cannot confirm someone's preview; a made-up token neither", async () => {
      const { html } = await upload([row("Someone else's", "AN #4")]);
      const entries = await countEntries(store.db);
      assert.equal((await confirm(tokenOf(html), other)).status, 409);
      assert.equal((await confirm("../../etc/passwd", editor)).status, 409);
      assert.equal((await confirm("0".repeat(32), editor)).status, 409);
      assert.equal(await countEntries(store.db), entries);
      assert.equal((await confirm(tokenOf(html))).status, 200, "its owner still can");
    });

    test("when the database changed since the preview, confirm shows the new dry run instead of importing", async () => {
      const { html } = await upload([row("Planned before an edit", "AN #5")]);
      const token = tokenOf(html);
      await setSetting(store.db, "newsletter.name", "Changed meanwhile");
      const entries = await countEntries(store.db);
      const refused = await confirm(token);
      assert.equal(refused.status, 409);
      assert.match(refused.html, /The database changed since sheet.csv was previewed/);
      assert.match(refused.html, /<h1>Import: dry run<\/h1>/);
      assert.equal(await countEntries(store.db), entries);
      const done = await confirm(tokenOf(refused.html));
      assert.equal(done.status, 200, "the new preview is confirmed");
      assert.equal(await countEntries(store.db), entries + 1);
    });

    test("cancel drops the preview: nothing imported, its file gone", async () => {
      const { html } = await upload([row("Cancelled", "AN #6")]);
      const token = tokenOf(html);
      assert.ok(previews().some((p) => p.endsWith(token)));
      const res = await site.post("/desk/import/cancel", { token }, editor);
      assert.equal(res.status, 303);
      assert.ok(!previews().some((p) => p.endsWith(token)));
      assert.equal((await confirm(token)).status, 409);
    });

    test("confirm without the CSRF token is refused and imports nothing", async () => {
      const { html } = await upload([row("Forged confirm", "AN #7")]);
      const entries = await countEntries(store.db);
      const res = await site.post("/desk/import/confirm", { token: tokenOf(html) }, editor, { csrf: false });
      assert.equal(res.status, 403);
      assert.equal(await countEntries(store.db), entries);
      await site.post("/desk/import/cancel", { token: tokenOf(html) }, editor);
    });
  });
}
