import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import { loadConfig } from "../../src/cli/config.ts";
import { SummaError } from "../../src/domain/errors.ts";
import { summa, summaInProcess } from "../helpers/cli.ts";
import { tempDir } from "../helpers/temp.ts";

function configError(env: Record<string, string>): SummaError {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof SummaError, String(err));
    return err;
  }
  assert.fail(`no error for ${JSON.stringify(env)}`);
}

describe("the configuration (environment and global flags)", () => {
  test("defaults, and an empty variable is an unset one", () => {
    const config = loadConfig({ DATABASE_URL: "", SMTP_URL: "", PORT: "", HOST: " " });
    assert.deepEqual(config, {
      database: undefined,
      json: false,
      create: false,
      smtpUrl: undefined,
      leaseMs: 60_000,
      port: 3000,
      host: "127.0.0.1",
      inboundSmtp: undefined,
      inboundTls: undefined,
      dkim: {},
    });
  });

  test("INBOUND_SMTP is host:port (IPv6 in brackets); the TLS files go together", () => {
    const config = loadConfig({
      INBOUND_SMTP: "0.0.0.0:25",
      INBOUND_TLS_KEY: "/etc/summa/key.pem",
      INBOUND_TLS_CERT: "/etc/summa/cert.pem",
    });
    assert.deepEqual(config.inboundSmtp, { host: "0.0.0.0", port: 25 });
    assert.deepEqual(config.inboundTls, { keyFile: "/etc/summa/key.pem", certFile: "/etc/summa/cert.pem" });
    assert.deepEqual(loadConfig({ INBOUND_SMTP: "[::1]:2525" }).inboundSmtp, { host: "::1", port: 2525 });
    for (const bad of ["localhost", "127.0.0.1:", ":25", "127.0.0.1:70000", "::1:25"])
      assert.match(configError({ INBOUND_SMTP: bad }).message, /INBOUND_SMTP must be host:port/, bad);
    assert.match(configError({ INBOUND_TLS_CERT: "c.pem" }).message, /go together/);
  });

  test("values are read and typed; --db wins over DATABASE_URL", () => {
    const config = loadConfig(
      {
        DATABASE_URL: "postgres://somewhere/x",
        SMTP_URL: "smtp://user:pw@127.0.0.1:2525",
        SUMMA_LEASE_MS: "5000",
        PORT: "0",
        HOST: "0.0.0.0",
      },
      { db: "sqlite:here.db", json: true },
    );
    assert.equal(config.database, "sqlite:here.db");
    assert.equal(config.json, true);
    assert.equal(config.smtpUrl, "smtp://user:pw@127.0.0.1:2525");
    assert.equal(config.leaseMs, 5000);
    assert.equal(config.port, 0);
    assert.equal(config.host, "0.0.0.0");
    assert.deepEqual(loadConfig({ DKIM_KEYS: "s1:/keys/s1.pem", DKIM_DOMAIN: " " }).dkim, {
      DKIM_KEYS: "s1:/keys/s1.pem",
    });
    assert.equal(loadConfig({ DATABASE_URL: "data/x.db" }).database, "data/x.db");
  });

  test("a bad value names the variable and the value", () => {
    for (const [env, message] of [
      [{ SUMMA_LEASE_MS: "abc" }, /SUMMA_LEASE_MS must be a whole number from 1 to \d+, got "abc"/],
      [{ SUMMA_LEASE_MS: "0" }, /SUMMA_LEASE_MS .* got "0"/],
      [{ SUMMA_LEASE_MS: "1.5" }, /SUMMA_LEASE_MS .* got "1.5"/],
      [{ PORT: "70000" }, /PORT must be a whole number from 0 to 65535, got "70000"/],
      [
        { SMTP_URL: "http://mail.example.org" },
        /SMTP_URL must be smtp:\/\/.*got "http:\/\/mail\.example\.org"/,
      ],
    ] as const) {
      const err = configError(env);
      assert.equal(err.code, "config.invalid");
      assert.match(err.message, message);
    }
    // A password in a bad URL is not repeated back.
    assert.doesNotMatch(configError({ SMTP_URL: "smtp:/user:secret@x" }).message, /secret/);
  });

  test("every problem is listed at once", () => {
    const err = configError({ SUMMA_LEASE_MS: "soon", PORT: "-1" });
    assert.match(err.message, /SUMMA_LEASE_MS .* got "soon"/);
    assert.match(err.message, /PORT .* got "-1"/);
    assert.equal((err.details.problems as string[]).length, 2);
  });

  test("summa stops before running a command, with exit code 2 (a configuration error), with --json too", async () => {
    const db = join(tempDir("summa-config-"), "summa.db");
    const r = await summaInProcess(["--db", db, "--create", "stats"], { SUMMA_LEASE_MS: "abc" });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /^summa: SUMMA_LEASE_MS must be a whole number from 1 to \d+, got "abc"\n$/);
    const json = await summaInProcess(["--db", db, "--json", "--create", "stats"], { SUMMA_LEASE_MS: "abc" });
    assert.equal(json.code, 2);
    assert.equal(JSON.parse(json.stderr).error.code, "config.invalid");
    // Help needs no configuration.
    assert.equal((await summaInProcess(["--help"], { SUMMA_LEASE_MS: "abc" })).code, 0);
  });

  test("a worker started with a bad SUMMA_LEASE_MS exits with code 2 at once (a real process)", async () => {
    const db = join(tempDir("summa-config-"), "summa.db");
    const r = await summa(["--db", db, "--create", "worker"], { SUMMA_LEASE_MS: "abc" });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /SUMMA_LEASE_MS .* got "abc"/);
  });
});
