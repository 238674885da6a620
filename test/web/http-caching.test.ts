import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { publishIssue } from "../../src/issues/index.ts";
import { changeSetting, changeTaxonomy } from "../../src/newsletter/index.ts";
import { getTaxonomy, openStore, type Store, updateEntryColumns } from "../../src/store/index.ts";
import { summa } from "../helpers/cli.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { REPO_ROOT } from "../helpers/env.ts";
import { type TestSite, testSite } from "../helpers/web.ts";
import { entryId, importRows, type Row, setIssueStatus } from "./public-helpers.ts";

/** Summaries long enough that pages and feeds pass the compression threshold. */
const prose = (n: number) =>
  `Issue ${n} studies reward models, their failures under optimization pressure, and what an overseer can learn from them. `.repeat(
    8,
  );
const ROWS: Row[] = [
  ...Array.from({ length: 3 }, (_, i) => ({
    title: `Paper ${i + 1}`,
    email: `AN #${i + 1}`,
    summary: prose(i + 1),
  })),
  { title: "Waiting paper", email: "AN #4", summary: "Out with issue four." },
];

const BASE = "http://summa.test";

function get(site: TestSite, path: string, headers: Record<string, string> = {}): Promise<Response> {
  return Promise.resolve(site.app.request(`${BASE}${path}`, { headers }));
}

async function text(site: TestSite, path: string): Promise<string> {
  const res = await get(site, path);
  assert.equal(res.status, 200, path);
  return res.text();
}

/** `summa serve` on this database in a child process: its address, and how to stop it. */
async function serve(db: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(
    process.execPath,
    [join(REPO_ROOT, "bin/summa.js"), "--db", db, "serve", "--port", "0", "--no-worker"],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: "", SMTP_URL: "" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      out += d;
      const m = /at (http:\/\/[^\s/]+)\//.exec(out);
      if (m) resolve(m[1]!);
    });
    child.stderr!.resume();
    child.once("exit", (code) => reject(new Error(`summa serve exited with ${code}: ${out}`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

for (const dialect of DIALECTS) {
  describe(`HTTP caching (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let other: Store;
    /** Two sites on two connections to one database: two `summa serve` processes, as far as the cache can tell. */
    let one: TestSite;
    let two: TestSite;

    before(async () => {
      store = await dialect.open();
      await importRows(store, ROWS);
      await setIssueStatus(store, 4, "draft");
      other = await openStore(store.url);
      one = testSite(store);
      two = testSite({ ...store, ...other } as TestStore);
    });
    after(async () => {
      await other.close();
      await store.dispose();
    });

    test("a public page is rendered once, then served from the cache until the content changes", async () => {
      const first = await get(two, "/issues/1");
      assert.equal(first.headers.get("x-summa-cache"), "miss");
      const second = await get(two, "/issues/1");
      assert.equal(second.headers.get("x-summa-cache"), "hit");
      assert.equal(await second.text(), await first.text());
      assert.equal(second.headers.get("etag"), first.headers.get("etag"));
      // The desk is never cached, nor given validators.
      const desk = await get(two, "/desk/login");
      assert.equal(desk.headers.get("x-summa-cache"), null);
      assert.equal(desk.headers.get("etag"), null);
    });

    test("an entry edit through one process shows at once on the other", async () => {
      assert.match(await text(two, "/issues/1"), /Issue 1 studies/);
      assert.match(await text(two, "/feed.xml"), /Issue 1 studies/);
      const id = await entryId(store, "Paper 1");
      await updateEntryColumns(
        store.db,
        id,
        { summary: "A published correction." },
        new Date().toISOString(),
      );
      const page = await get(two, "/issues/1");
      assert.equal(page.headers.get("x-summa-cache"), "miss");
      assert.match(await page.text(), /A published correction\./);
      assert.match(await text(two, "/feed.xml"), /A published correction\./);
      assert.match(await text(two, `/entries/${id}`), /A published correction\./);
    });

    test("settings, the taxonomy, publishing and an import through one process show at once on the other", async () => {
      assert.doesNotMatch(await text(two, "/"), /The Renamed Letter/);
      await changeSetting(store, "newsletter.name", "The Renamed Letter");
      assert.match(await text(two, "/"), /The Renamed Letter/);

      const taxonomy = await getTaxonomy(store.db);
      const before = await text(two, "/issues/2");
      const section = taxonomy.find((s) => before.includes(s.name))!;
      assert.ok(section, "the issue page names its section");
      await changeTaxonomy(
        store,
        taxonomy.map((s) => (s === section ? { ...s, name: "Renamed section" } : s)),
        "test",
      );
      assert.match(await text(two, "/issues/2"), /Renamed section/);

      assert.doesNotMatch(await text(two, "/issues"), /Waiting paper|AN #4\b/);
      assert.equal((await get(two, "/issues/4")).status, 404);
      await publishIssue(store, 4);
      assert.equal((await get(two, "/issues/4")).status, 200);
      assert.match(await text(two, "/feed.json"), /Out with issue four/);

      assert.doesNotMatch(await text(two, "/api/v1/entries?q=imported"), /Imported later/);
      await importRows(store, [{ title: "Imported later", email: "AN #3", summary: "Came with an import." }]);
      assert.match(await text(two, "/issues/3"), /Imported later/);
      assert.match(await text(two, "/api/v1/entries?q=imported"), /Imported later/);
      assert.match(await text(two, "/database?q=imported"), /Imported later/);
    });

    test("two `summa serve` processes: a setting changed by a third shows at once on both", async () => {
      const a = await serve(store.url);
      const b = await serve(store.url);
      try {
        for (const server of [a, b]) {
          await fetch(`${server.url}/issues/1`).then((r) => r.text());
          const cached = await fetch(`${server.url}/issues/1`);
          assert.equal(cached.headers.get("x-summa-cache"), "hit");
          assert.doesNotMatch(await cached.text(), /Across Processes Weekly/);
        }
        const set = await summa([
          "--db",
          store.url,
          "settings",
          "set",
          "newsletter.name",
          "Across Processes Weekly",
        ]);
        assert.equal(set.code, 0, set.stderr);
        for (const server of [a, b]) {
          const page = await fetch(`${server.url}/issues/1`);
          assert.equal(page.headers.get("x-summa-cache"), "miss");
          assert.match(await page.text(), /Across Processes Weekly/);
        }
      } finally {
        await Promise.all([a.stop(), b.stop()]);
      }
    });

    test("a page asked for by many clients at once is rendered once", async () => {
      const answers = await Promise.all(
        Array.from({ length: 8 }, () =>
          get(two, "/database?q=overseer%20learn", { "accept-encoding": "br" }),
        ),
      );
      const misses = answers.filter((r) => r.headers.get("x-summa-cache") === "miss");
      assert.equal(misses.length, 1, "one render, seven answers from it");
      assert.ok(answers.every((r) => r.status === 200));
    });

    test("search pages are cached per normalized query", async () => {
      await get(two, "/database?q=reward&sort=relevance");
      const same = await get(two, "/database?sort=relevance&q=reward");
      assert.equal(same.headers.get("x-summa-cache"), "hit");
      const different = await get(two, "/database?q=overseer");
      assert.equal(different.headers.get("x-summa-cache"), "miss");
    });

    test("text is compressed by Accept-Encoding, with Vary; the plain body is the same page", async () => {
      const plain = await get(one, "/feed.xml");
      const body = Buffer.from(await plain.arrayBuffer());
      assert.equal(plain.headers.get("content-encoding"), null);
      assert.equal(plain.headers.get("vary"), "Accept-Encoding");
      assert.ok(body.length > 2000, `a feed of ${body.length} bytes`);

      const br = await get(one, "/feed.xml", { "accept-encoding": "gzip, deflate, br" });
      assert.equal(br.headers.get("content-encoding"), "br");
      assert.equal(br.headers.get("vary"), "Accept-Encoding");
      const brBody = Buffer.from(await br.arrayBuffer());
      assert.equal(Number(br.headers.get("content-length")), brBody.length);
      assert.deepEqual(brotliDecompressSync(brBody), body);
      assert.ok(brBody.length * 5 < body.length, `brotli ${brBody.length} of ${body.length} bytes`);

      const gz = await get(one, "/feed.xml", { "accept-encoding": "gzip;q=1, br;q=0" });
      assert.equal(gz.headers.get("content-encoding"), "gzip");
      assert.deepEqual(gunzipSync(Buffer.from(await gz.arrayBuffer())), body);

      const none = await get(one, "/feed.xml", { "accept-encoding": "identity" });
      assert.equal(none.headers.get("content-encoding"), null);

      // An HTML page not in the cache (the sign-up form) is compressed all the same.
      const form = await get(one, "/subscribe", { "accept-encoding": "gzip" });
      assert.equal(form.headers.get("content-encoding"), "gzip");
      // Tiny bodies and compressed formats go as they are.
      const robots = await get(one, "/robots.txt", { "accept-encoding": "br" });
      assert.equal(robots.headers.get("content-encoding"), null);
      const xlsx = await get(one, "/database/download.xlsx", { "accept-encoding": "gzip, br" });
      assert.equal(xlsx.status, 200);
      assert.equal(xlsx.headers.get("content-encoding"), null);
      const csv = await get(one, "/database/download.csv", { "accept-encoding": "gzip, br" });
      assert.equal(csv.headers.get("content-encoding"), "br");
    });

    test("ETag and 304 on pages, feeds and downloads; HEAD answers with the headers only", async () => {
      for (const path of [
        "/",
        "/issues/1",
        "/feed.xml",
        "/api/v1/entries?q=reward",
        "/database/download.csv",
      ]) {
        const res = await get(one, path);
        assert.equal(res.status, 200, path);
        const etag = res.headers.get("etag");
        assert.ok(etag, `${path} has an ETag`);
        const again = await get(one, path, { "if-none-match": etag, "accept-encoding": "br" });
        assert.equal(again.status, 304, path);
        assert.equal(again.headers.get("etag"), etag);
        assert.equal((await again.arrayBuffer()).byteLength, 0, `${path}: a 304 has no body`);
        const head = await one.app.request(`${BASE}${path}`, { method: "HEAD" });
        assert.equal(head.status, 200, `HEAD ${path}`);
        assert.equal(head.headers.get("etag"), etag);
        assert.equal((await head.arrayBuffer()).byteLength, 0, `HEAD ${path} has no body`);
      }
      const page = await get(one, "/issues/2");
      const etag = page.headers.get("etag")!;
      await changeSetting(store, "newsletter.name", "Named Again");
      const changed = await get(one, "/issues/2", { "if-none-match": etag });
      assert.equal(changed.status, 200);
      assert.notEqual(changed.headers.get("etag"), etag);
    });

    test("fingerprinted assets are immutable for a year; the icon is linked and served", async () => {
      const home = await text(one, "/");
      const css = /<link rel="stylesheet" href="(\/assets\/site\.[0-9a-f]{10}\.css)"/.exec(home)?.[1];
      assert.ok(css, "the stylesheet is linked by a fingerprinted address");
      const icon = /<link rel="icon" href="(\/assets\/icon\.[0-9a-f]{10}\.svg)" type="image\/svg\+xml"/.exec(
        home,
      )?.[1];
      assert.ok(icon, "the icon is linked");
      const res = await get(one, css, { "accept-encoding": "br" });
      assert.equal(res.headers.get("cache-control"), "public, max-age=31536000, immutable");
      assert.equal(res.headers.get("content-encoding"), "br");
      const plain = await get(one, "/assets/site.css");
      assert.equal(plain.headers.get("cache-control"), "public, max-age=300");
      assert.equal(brotliDecompressSync(Buffer.from(await res.arrayBuffer())).toString(), await plain.text());
      const favicon = await get(one, "/favicon.ico");
      assert.equal(favicon.status, 200);
      assert.equal(favicon.headers.get("content-type"), "image/svg+xml");
      assert.equal((await get(one, "/assets/site.0000000000.css")).status, 404);
    });
  });
}
