import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, test } from "node:test";
import { summaInProcess } from "../helpers/cli.ts";
import { REPO_ROOT } from "../helpers/env.ts";
import { tempDir } from "../helpers/temp.ts";
import { deliverTo, unsubscribeRequest } from "../inbound/helpers.ts";

/**
 * Starts `summa ARGS` and waits for its "inbound SMTP on HOST:PORT" line; returns the port,
 * what it wrote, and a stop() that sends SIGTERM and resolves with the exit code.
 */
async function startSumma(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [join(REPO_ROOT, "bin/summa.js"), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: "", SMTP_URL: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8");
  const port = await new Promise<number>((resolve, reject) => {
    child.stderr.on("data", (d: string) => {
      stderr += d;
      const m = /inbound SMTP on 127\.0\.0\.1:(\d+)/.exec(stderr);
      if (m) resolve(Number(m[1]));
    });
    child.once("exit", (code) => reject(new Error(`summa exited with ${code}: ${stderr}`)));
  });
  return {
    port,
    stderr: () => stderr,
    stop: () =>
      new Promise<number | null>((resolve) => {
        child.once("exit", (code) => resolve(code));
        child.kill("SIGTERM");
      }),
  };
}

describe("summa inbound, and summa serve with INBOUND_SMTP", () => {
  test("summa inbound takes mail for its addresses only, logs what it did, and stops on SIGTERM", async () => {
    const db = join(tempDir(), "summa.db");
    const set = await summaInProcess(
      ["--db", db, "--create", "settings", "set", "mail.bounce_address", "bounces@bounce.example.org"],
      {},
    );
    assert.equal(set.code, 0, set.stderr);
    const running = await startSumma(["--db", db, "inbound", "--listen", "127.0.0.1:0"], {});
    try {
      assert.match(running.stderr(), /bounces to bounces@bounce\.example\.org/);
      assert.match(running.stderr(), /unsubscribe requests to bounces\+unsubscribe@bounce\.example\.org/);
      assert.equal((await deliverTo(running.port, "someone@example.net", "Subject: x\n\nx\n")).code, 550);
      const to = "bounces+unsubscribe@bounce.example.org";
      assert.equal(
        (await deliverTo(running.port, to, unsubscribeRequest(to, "unsubscribe nonsense"))).code,
        250,
      );
      assert.match(
        running.stderr(),
        /summa inbound: inbound: unsubscribe request ignored: its token is not genuine/,
      );
    } finally {
      assert.equal(await running.stop(), 0);
    }
  });

  test("summa serve runs the listener when INBOUND_SMTP is set", async () => {
    const db = join(tempDir(), "summa.db");
    const running = await startSumma(["--db", db, "serve", "--port", "0", "--no-worker"], {
      INBOUND_SMTP: "127.0.0.1:0",
    });
    try {
      // No bounce address yet: only the unsubscribe address (from_address+unsubscribe) is taken.
      assert.match(running.stderr(), /no bounces \(mail\.bounce_address is not set\)/);
      assert.equal(
        (await deliverTo(running.port, "bounces@bounce.example.org", "Subject: x\n\nx\n")).code,
        550,
      );
      const to = "newsletter+unsubscribe@example.org";
      assert.equal((await deliverTo(running.port, to, unsubscribeRequest(to, "hello"))).code, 250);
    } finally {
      assert.equal(await running.stop(), 0);
    }
  });

  test("with INBOUND_TLS_KEY and INBOUND_TLS_CERT it offers STARTTLS; without, it does not", async (t) => {
    const dir = tempDir();
    const key = join(dir, "key.pem");
    const cert = join(dir, "cert.pem");
    const made = spawnSync("openssl", [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "2",
      "-subj",
      "/CN=127.0.0.1",
      "-keyout",
      key,
      "-out",
      cert,
    ]);
    if (made.error || made.status !== 0) return t.skip("openssl cannot make a test certificate here");
    const db = join(dir, "summa.db");
    const to = "newsletter+unsubscribe@example.org";
    const message = unsubscribeRequest(to, "hello");
    const plain = await startSumma(["--db", db, "--create", "inbound", "--listen", "127.0.0.1:0"], {});
    try {
      const refused = await deliverTo(plain.port, to, message, "", { startTls: true });
      assert.notEqual(refused.code, 250, "no STARTTLS offered without a certificate");
    } finally {
      assert.equal(await plain.stop(), 0);
    }
    const tls = await startSumma(["--db", db, "inbound", "--listen", "127.0.0.1:0"], {
      INBOUND_TLS_KEY: key,
      INBOUND_TLS_CERT: cert,
    });
    try {
      assert.match(tls.stderr(), /with STARTTLS/);
      assert.equal((await deliverTo(tls.port, to, message, "", { startTls: true })).code, 250);
    } finally {
      assert.equal(await tls.stop(), 0);
    }
  });

  test("a bad --listen or INBOUND_SMTP is refused before anything starts", async () => {
    const db = join(tempDir(), "summa.db");
    const flag = await summaInProcess(["--db", db, "--create", "inbound", "--listen", "nowhere"]);
    assert.equal(flag.code, 1);
    assert.match(flag.stderr, /--listen must be host:port/);
    const env = await summaInProcess(["--db", db, "inbound"], { INBOUND_SMTP: "localhost" });
    assert.equal(env.code, 2);
    assert.match(env.stderr, /INBOUND_SMTP must be host:port .* got "localhost"/);
    const tls = await summaInProcess(["--db", db, "inbound"], { INBOUND_TLS_KEY: "key.pem" });
    assert.equal(tls.code, 2);
    assert.match(tls.stderr, /INBOUND_TLS_KEY and INBOUND_TLS_CERT go together/);
  });
});
