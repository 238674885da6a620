import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { summaInProcess } from "../helpers/cli.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";

for (const dialect of DIALECTS) {
  describe(`summa inbox source (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    const run = (...args: string[]) => summaInProcess(["--db", store.url, "inbox", "source", ...args]);
    beforeEach(async () => {
      store = await dialect.open();
    });
    afterEach(() => store.dispose());

    test("add each kind, list (text and JSON), remove", async () => {
      const added = await run("add", "arxiv-listing", "cs-ai", "--category", "cs.AI");
      assert.equal(added.code, 0, added.stderr);
      assert.equal(added.stdout, "Added arxiv-listing source cs-ai: https://rss.arxiv.org/rss/cs.AI\n");
      assert.equal(
        (await run("add", "arxiv-query", "debate", "--query", "abs:debate AND cat:cs.AI", "--max", "100"))
          .code,
        0,
      );
      assert.equal(
        (await run("add", "feed", "af", "--url", "https://www.alignmentforum.org/feed.xml")).code,
        0,
      );
      const forum = await run(
        "add",
        "forum",
        "lw",
        "--endpoint",
        "https://www.lesswrong.com/graphql",
        "--json",
      );
      assert.equal(JSON.parse(forum.stdout).config.endpoint, "https://www.lesswrong.com/graphql");

      const list = await run("list");
      assert.match(list.stdout, /^name\s+kind\s+on\s+last fetched\s+status\s+address/);
      assert.match(list.stdout, /debate\s+arxiv-query\s+yes\s+never/);
      const json = JSON.parse((await run("list", "--json")).stdout);
      assert.deepEqual(
        json.map((s: { name: string; kind: string }) => [s.name, s.kind]),
        [
          ["cs-ai", "arxiv-listing"],
          ["debate", "arxiv-query"],
          ["af", "feed"],
          ["lw", "forum"],
        ],
      );
      assert.deepEqual(json[1].config, { query: "abs:debate AND cat:cs.AI", maxResults: 100 });

      assert.equal((await run("disable", "lw")).stdout, "Inbox source lw is off\n");
      assert.match((await run("list")).stdout, /lw\s+forum\s+no/);
      assert.equal(JSON.parse((await run("enable", "lw", "--json")).stdout).enabled, true);
      assert.equal((await run("remove", "af")).stdout, "Removed inbox source af\n");
      assert.equal(JSON.parse((await run("list", "--json")).stdout).length, 3);
    });

    test("bad input: coded errors, exit 1, nothing written", async () => {
      const cases: [string[], string, RegExp][] = [
        [["add", "podcast", "x", "--url", "https://x.org/"], "input.invalid", /unknown kind "podcast"/],
        [["add", "feed", "x"], "input.invalid", /the feed's address \(--url\) is required/],
        [["add", "feed", "x", "--url", "javascript:alert(1)"], "input.invalid", /not an http\(s\) address/],
        [
          ["add", "arxiv-listing", "x", "--category", "cs AI; drop"],
          "input.invalid",
          /category such as cs.AI/,
        ],
        [["add", "arxiv-query", "x"], "input.invalid", /needs a query/],
        [["add", "feed", "bad name!", "--url", "https://x.org/"], "input.invalid", /inbox source name/],
        [["remove", "nothing"], "not_found", /no inbox source named nothing/],
      ];
      for (const [args, code, message] of cases) {
        const r = await run(...args, "--json");
        assert.equal(r.code, 1, args.join(" "));
        const error = JSON.parse(r.stderr).error;
        assert.equal(error.code, code, args.join(" "));
        assert.match(error.message, message);
      }
      assert.equal((await run("add", "feed", "af", "--url", "https://x.org/feed")).code, 0);
      const twice = await run("add", "feed", "af", "--url", "https://y.org/feed", "--json");
      assert.equal(JSON.parse(twice.stderr).error.code, "conflict");
      assert.deepEqual(
        JSON.parse((await run("list", "--json")).stdout).map((s: { address: string }) => s.address),
        ["https://x.org/feed"],
      );
    });
  });
}
