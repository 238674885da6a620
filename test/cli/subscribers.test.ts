import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { SubscriberRow } from "../../src/store/index.ts";
import { summaInProcess } from "../helpers/cli.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { tempDir } from "../helpers/temp.ts";

/** The columns of a Mailchimp audience export (its three files add UNSUB_* or CLEAN_* columns). */
const MC = `"Email Address","First Name","Last Name",MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,LATITUDE,LONGITUDE,GMTOFF,DSTOFF,TIMEZONE,CC,REGION,LAST_CHANGED,LEID,EUID,NOTES,TAGS`;

const SUBSCRIBED = `${MC}
ada@example.org,Ada,Lovelace,2,"2018-04-01 09:00:00",203.0.113.1,"2018-04-01 09:05:00",203.0.113.1,,,,,,,,"2018-04-01 09:05:00",101,aaa,,
"Grace@Example.org","Grace","Hopper, Jr.",4,"2019-01-15 18:30:00",,"2019-01-15 18:31:00",,,,,,,,,"2019-01-15 18:31:00",102,bbb,,"""vip"""
`;
const UNSUBSCRIBED = `${MC},UNSUB_TIME,UNSUB_CAMPAIGN_TITLE,UNSUB_CAMPAIGN_ID,UNSUB_REASON,UNSUB_REASON_OTHER
lin@example.org,Lin,,2,"2017-06-01 10:00:00",,"2017-06-01 10:01:00",,,,,,,,,"2020-02-02 20:20:20",103,ccc,,,"2020-02-02 20:20:20","AN #88",c88,"No longer interested",
`;
const CLEANED = `${MC},CLEAN_TIME,CLEAN_CAMPAIGN_TITLE,CLEAN_CAMPAIGN_ID
bounced@example.org,,,1,"2016-03-03 03:03:03",,,,,,,,,,,"2021-01-01 00:00:00",104,ddd,,,"2021-01-01 00:00:00","AN #130",c130
`;

for (const dialect of DIALECTS) {
  describe(`summa subscribers (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let dir: string;
    const run = (...args: string[]) => summaInProcess(["--db", store.url, "subscribers", ...args]);
    const file = (name: string, text: string) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };
    const listed = async (...args: string[]) => {
      const res = await run("list", "--json", ...args);
      assert.equal(res.code, 0, res.stderr);
      return JSON.parse(res.stdout) as SubscriberRow[];
    };
    const byEmail = async () => new Map((await listed()).map((r) => [r.email, r]));

    before(async () => {
      store = await dialect.open();
      dir = tempDir("summa-subscribers-");
    });
    after(() => store?.dispose());

    test("a Mailchimp export's three files, in one run: statuses, names, opt-in and confirm times kept", async () => {
      const files = [
        file("subscribed_members_export_4f2a.csv", SUBSCRIBED),
        file("unsubscribed_members_export_4f2a.csv", UNSUBSCRIBED),
        file("cleaned_members_export_4f2a.csv", CLEANED),
      ];
      const res = await run("import", ...files);
      assert.equal(res.code, 0, res.stderr);
      assert.match(res.stdout, /Imported 4 rows from .*: 4 added, 0 updated, 0 unchanged/);
      const rows = await byEmail();
      assert.deepEqual(
        [...rows.values()].map((r) => [r.email, r.name, r.status, r.consent_at, r.confirmed_at]),
        [
          [
            "ada@example.org",
            "Ada Lovelace",
            "active",
            "2018-04-01T09:00:00.000Z",
            "2018-04-01T09:05:00.000Z",
          ],
          [
            "grace@example.org",
            "Grace Hopper, Jr.",
            "active",
            "2019-01-15T18:30:00.000Z",
            "2019-01-15T18:31:00.000Z",
          ],
          ["lin@example.org", "Lin", "unsubscribed", "2017-06-01T10:00:00.000Z", "2017-06-01T10:01:00.000Z"],
          ["bounced@example.org", "", "suppressed", "2016-03-03T03:03:03.000Z", null],
        ],
      );
      assert.equal(rows.get("lin@example.org")?.unsubscribed_at, "2020-02-02T20:20:20.000Z");
      assert.equal(rows.get("bounced@example.org")?.suppressed_reason, "cleaned (imported)");
      // CLEAN_TIME is kept as the suppression's date (the weekly figures count it that week).
      assert.equal(rows.get("bounced@example.org")?.suppressed_at, "2021-01-01T00:00:00.000Z");
      assert.equal(rows.get("lin@example.org")?.suppressed_at, null);
      assert.equal(rows.get("ada@example.org")?.source, "import");

      // Importing again changes nothing, and says so.
      const again = await run("--json", "import", ...files);
      assert.equal(again.code, 0, again.stderr);
      assert.deepEqual(
        { ...JSON.parse(again.stdout), files: undefined },
        { files: undefined, rows: 4, added: 0, updated: 0, unchanged: 4, kept: 0 },
      );
    });

    test("bad rows are reported by file, row and column, and nothing is written", async () => {
      const before = (await listed()).length;
      const bad = file(
        "subscribed_members_export_bad.csv",
        `${MC}\nnew1@example.org,New,,1,,,,,,,,,,,,,,,,\nnot-an-address,X,,1,,,,,,,,,,,,,,,,\nnew2@example.org,Eve,,1,"last tuesday",,,,,,,,,,,,,,,\nnew1@example.org,Again,,1,,,,,,,,,,,,,,,,\n`,
      );
      const res = await run("import", bad);
      assert.equal(res.code, 1);
      assert.match(res.stderr, /3 problems; nothing was imported/);
      assert.match(
        res.stderr,
        /subscribed_members_export_bad\.csv, row 3, column "Email Address": "not-an-address" is not an email address/,
      );
      assert.match(res.stderr, /row 4, column "OPTIN_TIME": "last tuesday" is not a time/);
      assert.match(res.stderr, /row 5, column "Email Address": new1@example\.org is also on .*row 2/);
      const after = await listed();
      assert.equal(after.length, before);
      assert.equal(
        after.some((r) => r.email === "new1@example.org"),
        false,
        "not even the good rows",
      );

      const json = await run("--json", "import", bad);
      const err = JSON.parse(json.stderr) as {
        error: { code: string; problems: { row: number; column: string }[] };
      };
      assert.equal(err.error.code, "import.invalid_value");
      assert.deepEqual(
        err.error.problems.map((p) => [p.row, p.column]),
        [
          [3, "Email Address"],
          [4, "OPTIN_TIME"],
          [5, "Email Address"],
        ],
      );
    });

    test("a file without statuses needs --status, which sets every row's", async () => {
      const plain = file("members.csv", "Email,Name\nzoe@example.org,Zoë\n");
      const refused = await run("import", plain);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /members\.csv, row 2: no status: .*pass --status/);
      const ok = await run("import", "--status", "pending", plain);
      assert.equal(ok.code, 0, ok.stderr);
      assert.equal((await byEmail()).get("zoe@example.org")?.status, "pending");
      const wrong = await run("import", "--status", "maybe", plain);
      assert.notEqual(wrong.code, 0);
      assert.match(wrong.stderr, /expected active, pending, paused, unsubscribed, suppressed/);
    });

    test("add and list: the operator's view", async () => {
      const added = await run("add", "Bob@Example.org", "--name", "Bob", "--edition", "highlights");
      assert.equal(added.code, 0, added.stderr);
      assert.equal(added.stdout, "Added bob@example.org: active, highlights edition\n");
      const paused = await run("add", "bob@example.org", "--status", "paused");
      assert.equal(paused.stdout, "Updated bob@example.org: paused, highlights edition\n");
      assert.equal((await run("add", "bob@@example.org")).code, 1);

      const table = await run("list", "--status", "active");
      assert.equal(table.code, 0, table.stderr);
      const lines = table.stdout.trim().split("\n");
      assert.match(lines[0]!, /^\s*ID\s+Email\s+Name\s+Status\s+Edition\s+Consent\s+Added$/);
      assert.equal(lines.length, 4, "header, two active rows, counts");
      assert.match(lines[1]!, /ada@example\.org\s+Ada Lovelace\s+active\s+full\s+2018-04-01/);
      assert.match(lines.at(-1)!, /^2 shown; 2 active, 1 pending, 1 paused, 1 unsubscribed, 1 suppressed$/);
      const json = await listed("--status", "paused");
      assert.deepEqual(
        json.map((r) => [r.email, r.name, r.status, r.edition, r.source]),
        [["bob@example.org", "Bob", "paused", "highlights", "cli"]],
      );
    });

    test("export imports back to the same list, byte for byte", async () => {
      const out = join(dir, "export.csv");
      const res = await run("export", out);
      assert.equal(res.code, 0, res.stderr);
      assert.equal(res.stdout, `Exported 6 subscribers to ${out}\n`);
      const text = readFileSync(out, "utf8");
      assert.equal(
        text.split("\n")[0],
        "Email Address,Name,Status,Edition,Opt-in Time,Confirm Time,Unsubscribe Time,Suppressed Reason,Source,Created,Suppressed Time",
      );

      const fresh = await dialect.open();
      try {
        const imported = await summaInProcess(["--db", fresh.url, "subscribers", "import", out]);
        assert.equal(imported.code, 0, imported.stderr);
        assert.match(imported.stdout, /6 added/);
        const back = join(dir, "back.csv");
        assert.equal((await summaInProcess(["--db", fresh.url, "subscribers", "export", back])).code, 0);
        assert.equal(readFileSync(back, "utf8"), text);
        // Into the database it came from: every row unchanged.
        const same = await run("import", out);
        assert.match(same.stdout, /0 added, 0 updated, 6 unchanged/);
      } finally {
        await fresh.dispose();
      }
    });
  });
}
