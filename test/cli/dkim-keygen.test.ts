import assert from "node:assert/strict";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { dkimDnsRecord, loadDkimKeys } from "../../src/mail/index.ts";
import { summaInProcess } from "../helpers/cli.ts";
import { tempDir } from "../helpers/temp.ts";

describe("summa dkim keygen", () => {
  const dir = tempDir("summa-keygen-");

  test("writes an RSA-2048 key (mode 0600) that DKIM_KEYS loads, and prints its record", async () => {
    const out = join(dir, "s2024.pem");
    const r = await summaInProcess([
      "dkim",
      "keygen",
      "--selector",
      "s2024",
      "--out",
      out,
      "--domain",
      "news.example.org",
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(statSync(out).mode & 0o777, 0o600);
    const [key] = loadDkimKeys({ DKIM_KEYS: `s2024:${out}` }).keys;
    assert.equal(key?.algorithm, "rsa-sha256");
    assert.equal(key?.privateKey.asymmetricKeyDetails?.modulusLength, 2048);
    const record = dkimDnsRecord(key!, "news.example.org");
    assert.ok(
      r.stdout.includes(`name:  s2024._domainkey.news.example.org\n  value: ${record.value}\n`),
      r.stdout,
    );
    assert.ok(r.stdout.includes(record.zoneLine));
    assert.ok(r.stdout.includes(`DKIM_KEYS=s2024:${out}`));
  });

  test("Ed25519 with --json, the domain from DKIM_DOMAIN", async () => {
    const out = join(dir, "ed.pem");
    const r = await summaInProcess(
      ["--json", "dkim", "keygen", "--selector", "ed1", "--type", "ed25519", "--out", out],
      {
        DKIM_DOMAIN: "news.example.org",
      },
    );
    assert.equal(r.code, 0, r.stderr);
    const printed = JSON.parse(r.stdout);
    const [key] = loadDkimKeys({ DKIM_KEYS: `ed1:${out}` }).keys;
    assert.equal(key?.algorithm, "ed25519-sha256");
    assert.deepEqual(printed, {
      selector: "ed1",
      type: "ed25519",
      file: out,
      domain: "news.example.org",
      record: dkimDnsRecord(key!, "news.example.org"),
    });
  });

  test("never replaces an existing file; a bad selector is refused", async () => {
    const out = join(dir, "in-use.pem");
    writeFileSync(out, "the key in use");
    const r = await summaInProcess(["dkim", "keygen", "--selector", "s1", "--out", out]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /in-use\.pem already exists: summa dkim keygen never replaces a key file/);
    assert.equal(readFileSync(out, "utf8"), "the key in use");
    const bad = await summaInProcess(["dkim", "keygen", "--selector", "s_1", "--out", join(dir, "x.pem")]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /"s_1" is not a DKIM selector/);
  });
});
