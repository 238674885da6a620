import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { openStore, setSetting } from "../../src/store/index.ts";
import { createApp } from "../../src/web/index.ts";
import { summaInProcess } from "../helpers/cli.ts";
import { tempDir } from "../helpers/temp.ts";

describe("summa settings: the site's address is checked, and any setting can be cleared", () => {
  let db: string;
  const run = (...args: string[]) => summaInProcess(["--db", db, ...args]);
  const shown = async (key: string) => JSON.parse((await run("--json", "settings")).stdout)[key] as string;
  before(async () => {
    db = join(tempDir(), "summa.db");
    assert.equal((await run("migrate")).code, 0);
  });

  test("set refuses a javascript: address (exit 2, naming the setting and the fix) and keeps the old value", async () => {
    assert.equal(
      (await run("settings", "set", "newsletter.site_url", "https://news.example.org/an/")).code,
      0,
    );
    assert.equal(await shown("newsletter.site_url"), "https://news.example.org/an", "normalized");
    for (const bad of [
      "javascript:alert(document.cookie)//",
      "https://u:p@news.example.org",
      "news.example.org",
    ]) {
      const r = await run("settings", "set", "newsletter.site_url", bad);
      assert.equal(r.code, 2, bad);
      assert.match(r.stderr, /newsletter\.site_url ".*" is not usable: .*Expected the site's public address/);
      assert.equal(r.stdout, "");
    }
    const json = await run("--json", "settings", "set", "newsletter.site_url", "javascript:x");
    assert.equal(JSON.parse(json.stderr).error.code, "config.invalid");
    assert.equal(await shown("newsletter.site_url"), "https://news.example.org/an", "unchanged");
  });

  test("unset clears a setting back to its default; an unknown key is refused", async () => {
    const unset = await run("settings", "unset", "newsletter.site_url");
    assert.equal(unset.code, 0, unset.stderr);
    assert.equal(unset.stdout, "newsletter.site_url unset\n");
    assert.equal(await shown("newsletter.site_url"), "");
    assert.equal((await run("settings", "set", "newsletter.from_address", "rohin@an.example.org")).code, 0);
    const back = await run("--json", "settings", "unset", "newsletter.from_address");
    assert.deepEqual(JSON.parse(back.stdout), { "newsletter.from_address": "newsletter@example.org" });
    assert.equal(await shown("newsletter.from_address"), "newsletter@example.org");
    const unknown = await run("settings", "unset", "newsletter.nope");
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown setting "newsletter\.nope"/);
  });
});

describe("a site_url stored before the rule does not break the site", () => {
  let store: Awaited<ReturnType<typeof openStore>>;
  before(async () => {
    store = await openStore(join(tempDir(), "summa.db"));
    // What `settings set` accepted before the rule; the feeds then answered 500.
    await setSetting(store.db, "newsletter.site_url", "javascript:alert(1)//");
  });
  after(() => store?.close());

  test("feeds and the sitemap answer 200 on the request's address, as if it were unset", async () => {
    const app = createApp(store);
    for (const path of ["/feed.xml", "/atom.xml", "/feed.json", "/sitemap.xml"]) {
      const res = await app.request(`http://summa.test${path}`);
      assert.equal(res.status, 200, path);
      assert.doesNotMatch(await res.text(), /javascript:/, path);
    }
  });
});
