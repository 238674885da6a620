import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { listInbox } from "../../src/inbox/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { type TestSite, testSite } from "../helpers/web.ts";
import { assertAccessible } from "./public-helpers.ts";

const ORIGIN = "http://summa.test";
const NOW = new Date().toISOString();

for (const dialect of DIALECTS) {
  describe(`public suggest-a-paper form (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let site: TestSite;
    before(async () => {
      store = await dialect.open();
      site = testSite(store);
    });
    after(() => store?.dispose());

    const submit = (fields: Record<string, string>, headers: Record<string, string> = { origin: ORIGIN }) =>
      site.app.request(`${ORIGIN}/suggest`, {
        method: "POST",
        body: new URLSearchParams(fields),
        headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      });
    const suggestions = async () =>
      (await listInbox(store, { source: "suggestion", status: "all" }, NOW)).items;

    test("the form: labelled fields, a hidden honeypot", async () => {
      const page = await (await site.get("/suggest")).text();
      assertAccessible(page);
      assert.match(page, /<label for="suggest-url">/);
      assert.match(page, /<div class="hp" aria-hidden="true">/);
    });

    test("a suggestion becomes an inbox candidate with the name as H/T and the note beside it", async () => {
      const res = await submit({
        url: "https://arxiv.org/abs/2107.00001v2",
        title: "",
        note: "Relevant to <b>debate</b>",
        name: "Ada <script>",
      });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), "/suggest/thanks");
      const [item] = await suggestions();
      assert.equal(item?.url, "https://arxiv.org/abs/2107.00001v2");
      assert.equal(
        item?.title,
        "https://arxiv.org/abs/2107.00001v2",
        "the address stands in for a missing title",
      );
      assert.equal(item?.hatTip, "Ada <script>");
      assert.equal(item?.note, "Relevant to <b>debate</b>");
      const again = await submit({
        url: "https://arxiv.org/abs/2107.00001",
        title: "Same paper",
        name: "Bob",
      });
      assert.equal(again.status, 303);
      const all = await suggestions();
      assert.equal(all.length, 1, "the same paper is not added twice");
      assert.equal(all[0]!.hatTip, "Ada <script>", "the first suggester keeps the hat tip");
    });

    test("protections: another site's Origin, Origin null, cross-site fetch, the honeypot, bad input, the rate limit", async () => {
      const before = (await suggestions()).length;
      const forged = await submit({ url: "https://example.org/a" }, { origin: "https://evil.example" });
      assert.equal(forged.status, 403);
      assert.equal((await submit({ url: "https://example.org/a" }, { origin: "null" })).status, 403);
      assert.equal(
        (await submit({ url: "https://example.org/a" }, { "sec-fetch-site": "cross-site" })).status,
        403,
      );
      const bot = await submit({ url: "https://example.org/bot", website: "spam" });
      assert.equal(bot.status, 303, "a bot is thanked");
      assert.equal((await suggestions()).length, before, "and ignored");
      const bad = await submit({ url: "javascript:alert(1)", title: "x" });
      assert.equal(bad.status, 422);
      const page = await bad.text();
      assert.match(page, /<p class="notice error" role="alert" id="suggest-error">/);
      assert.match(page, /aria-invalid="true" aria-describedby="suggest-error"/);
      assert.equal((await submit({ url: "" })).status, 422);
      const big = await submit({ url: `https://example.org/${"x".repeat(20_000)}` });
      assert.equal(big.status, 413, "a body far larger than the fields is refused unread");
      // Five per client an hour: two were taken above (bad input is refused before the limit).
      let last = 0;
      for (let i = 0; i < 5; i++) last = (await submit({ url: `https://example.org/p${i}` })).status;
      assert.equal(last, 429);
      const limited = await submit({ url: "https://example.org/late" });
      assert.equal(limited.status, 429);
      assert.ok(Number(limited.headers.get("retry-after")) > 0);
    });
  });
}
