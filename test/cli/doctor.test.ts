import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { dkimDnsRecord, dkimKey, generateDkimKey } from "../../src/mail/index.ts";
import { setSetting } from "../../src/store/index.ts";
import { linkSecret } from "../../src/subscribers/index.ts";
import { summaInProcess } from "../helpers/cli.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";

const sqlite = DIALECTS.find((d) => d.name === "sqlite")!;

/** Every check's name and status, from `summa --json doctor`. */
const statuses = (stdout: string) =>
  Object.fromEntries(
    (JSON.parse(stdout).checks as { name: string; status: string }[]).map((c) => [c.name, c.status]),
  );

describe("summa doctor", { skip: sqlite.skip }, () => {
  let dir: string;
  let store: TestStore;
  const noDkim = { DKIM_KEYS: "", DKIM_PRIVATE_KEY: "", DKIM_SELECTOR: "", DKIM_DOMAIN: "", SMTP_URL: "" };
  /** A real Ed25519 key in a file, as `summa dkim keygen` writes one; returns its path. */
  const keyFile = (name: string) => {
    const path = join(dir, `${name}.pem`);
    writeFileSync(path, generateDkimKey("ed25519"));
    return path;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "summa-doctor-"));
    store = await sqlite.open();
  });
  after(async () => {
    await store?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  test("without a database: lists what is missing, the database first, creates nothing, exit 2", async () => {
    const db = join(dir, "none.db");
    const r = await summaInProcess(["--db", db, "doctor"], noDkim);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr, "");
    assert.match(r.stdout, /^\d+ of \d+ checks failed.*: not ready to send to subscribers\n/);
    assert.match(r.stdout, /FAIL {2}database +No database at .*none\.db/);
    for (const name of ["site_url", "from_address", "smtp", "dkim", "postal_address"])
      assert.match(r.stdout, new RegExp(`FAIL {2}${name} `), name);
    assert.match(r.stdout, /no DKIM key configured \(set DKIM_KEYS/);
    assert.match(r.stdout, /fix: summa settings set newsletter\.postal_address "/);
    assert.match(r.stdout, /DNS records: set a From address at your own domain/);
    const again = await summaInProcess(["--db", db, "doctor"], noDkim);
    assert.match(again.stdout, /No database at/, "the doctor made no database");
  });

  test("a fresh store: every check and its status as JSON; the free-mail From fails", async () => {
    const r = await summaInProcess(["--db", store.url, "--json", "doctor"], noDkim);
    assert.equal(r.code, 2, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(report), ["ok", "checks", "records"]);
    assert.equal(report.ok, false);
    for (const c of report.checks) {
      assert.deepEqual(Object.keys(c), ["name", "status", "detail", "fix"]);
      assert.ok(["ok", "warn", "fail"].includes(c.status));
      if (c.status !== "ok") assert.ok(c.fix, `${c.name} says how to fix it`);
    }
    assert.deepEqual(statuses(r.stdout), {
      site_url: "fail",
      from_address: "fail",
      smtp: "fail",
      dkim: "fail",
      bounce_address: "warn",
      postal_address: "fail",
      unsubscribe_address: "ok",
      link_secret: "warn",
      test_list: "warn",
    });
    assert.deepEqual(report.records, []);

    await setSetting(store.db, "newsletter.from_address", "rohin@gmail.com");
    const free = JSON.parse((await summaInProcess(["--db", store.url, "--json", "doctor"], noDkim)).stdout);
    const from = free.checks.find((c: { name: string }) => c.name === "from_address");
    assert.equal(from.status, "fail");
    assert.match(from.detail, /gmail\.com, whose DMARC policy/);
  });

  test("an http site fails; smtp:// to a remote host without requireTLS warns", async () => {
    await setSetting(store.db, "newsletter.site_url", "http://news.example.net");
    const r = await summaInProcess(["--db", store.url, "--json", "doctor"], {
      ...noDkim,
      SMTP_URL: "smtp://user:hunter2pw@smtp.relay.example.net:587",
    });
    const s = statuses(r.stdout);
    assert.equal(s.site_url, "fail");
    assert.equal(s.smtp, "warn");
    assert.ok(!r.stdout.includes("hunter2pw"), "the SMTP password is never printed");
    const required = await summaInProcess(["--db", store.url, "--json", "doctor"], {
      ...noDkim,
      SMTP_URL: "smtp://smtp.relay.example.net:587?requireTLS=true",
    });
    assert.equal(statuses(required.stdout).smtp, "ok");
  });

  test("a configured store: every check ok, exit 0, and the DNS records for its domains", async () => {
    await setSetting(store.db, "newsletter.site_url", "https://news.mynewsletter.org");
    await setSetting(store.db, "newsletter.from_address", "editor@mynewsletter.org");
    await setSetting(store.db, "newsletter.postal_address", "Summa, 1 Main St, Springfield, IL 62701, USA");
    await setSetting(store.db, "mail.bounce_address", "bounces@bounce.mynewsletter.org");
    await linkSecret(store);
    assert.equal(
      (await summaInProcess(["--db", store.url, "subscribers", "add", "me@mynewsletter.org"])).code,
      0,
    );
    const marked = await summaInProcess([
      "--db",
      store.url,
      "subscribers",
      "tester",
      "add",
      "me@mynewsletter.org",
    ]);
    assert.equal(marked.code, 0, marked.stderr);
    const s1 = keyFile("s1");
    const env = { ...noDkim, SMTP_URL: "smtps://u:p@198.51.100.7:465", DKIM_KEYS: `s1:${s1}` };

    const r = await summaInProcess(["--db", store.url, "doctor"], env);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^All 9 checks passed\n/);
    assert.doesNotMatch(r.stdout, /FAIL|WARN/);
    assert.match(r.stdout, /ok {4}smtp +smtps:\/\/198\.51\.100\.7:465 \(TLS/);

    const json = JSON.parse((await summaInProcess(["--db", store.url, "--json", "doctor"], env)).stdout);
    assert.equal(json.ok, true);
    const byName = (name: string, type: string) =>
      json.records.find((r: { name: string; type: string }) => r.name === name && r.type === type);
    // SPF where the envelope sender is (the bounce domain), with the relay's address; and the From domain.
    assert.equal(byName("bounce.mynewsletter.org", "TXT").value, "v=spf1 ip4:198.51.100.7 ~all");
    assert.equal(byName("mynewsletter.org", "TXT").value, "v=spf1 ip4:198.51.100.7 ~all");
    assert.equal(
      byName("_dmarc.mynewsletter.org", "TXT").value,
      "v=DMARC1; p=none; rua=mailto:dmarc@mynewsletter.org",
    );
    assert.match(byName("_dmarc.mynewsletter.org", "TXT").note, /p=quarantine/);
    // The configured key's own public record, as the signer's loader reads the key.
    const expected = dkimDnsRecord(dkimKey(readFileSync(s1, "utf8"), "s1", s1), "mynewsletter.org");
    assert.equal(byName("s1._domainkey.mynewsletter.org", "TXT").value, expected.value);
    assert.match(expected.value, /^v=DKIM1; k=ed25519; p=[A-Za-z0-9+/]{43}=$/);
    assert.equal(byName("SELECTOR._domainkey.mynewsletter.org", "TXT"), undefined);
    assert.ok(byName("bounce.mynewsletter.org", "MX"), "an MX for the bounce domain");
    for (const rec of json.records) assert.deepEqual(Object.keys(rec), ["type", "name", "value", "note"]);
  });

  test("DKIM: an unreadable key fails with the loader's words; a DKIM_DOMAIN DMARC cannot align fails", async () => {
    await setSetting(store.db, "newsletter.from_address", "editor@mynewsletter.org");
    const check = async (env: Record<string, string>) => {
      const r = await summaInProcess(["--db", store.url, "--json", "doctor"], { ...noDkim, ...env });
      return (JSON.parse(r.stdout).checks as { name: string; status: string; detail: string }[]).find(
        (c) => c.name === "dkim",
      )!;
    };
    const missing = await check({ DKIM_KEYS: `s1:${join(dir, "nowhere.pem")}` });
    assert.equal(missing.status, "fail");
    assert.match(missing.detail, /DKIM_KEYS entry 1/);
    const key = keyFile("s2");
    const foreign = await check({ DKIM_KEYS: `s2:${key}`, DKIM_DOMAIN: "other.example" });
    assert.equal(foreign.status, "fail");
    assert.match(foreign.detail, /not the From domain mynewsletter\.org/);
    // A parent of the From domain aligns (DMARC's relaxed mode); so does the From domain itself.
    await setSetting(store.db, "newsletter.from_address", "editor@news.mynewsletter.org");
    const parent = await check({ DKIM_KEYS: `s2:${key}`, DKIM_DOMAIN: "mynewsletter.org" });
    assert.equal(parent.status, "ok", parent.detail);
    assert.match(parent.detail, /1 key signs as d=mynewsletter\.org: s2 \(ed25519\)/);
  });
});
