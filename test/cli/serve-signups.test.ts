import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { summaInProcess } from "../helpers/cli.ts";
import { REPO_ROOT } from "../helpers/env.ts";
import { tempDir } from "../helpers/temp.ts";
import { type Mailbox, startMailbox } from "../subscribers/helpers.ts";

describe("summa serve without newsletter.site_url, then with it", () => {
  let db: string;
  let mailbox: Mailbox;
  let child: ReturnType<typeof spawn>;
  let stderr = "";
  let url = "";

  before(async () => {
    db = join(tempDir(), "summa.db");
    mailbox = await startMailbox();
    child = spawn(
      process.execPath,
      [join(REPO_ROOT, "bin/summa.js"), "--db", db, "serve", "--port", "0", "--no-worker"],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, DATABASE_URL: "", SMTP_URL: mailbox.url },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (d: string) => {
      stderr += d;
    });
    child.stdout!.setEncoding("utf8");
    url = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout!.on("data", (d: string) => {
        out += d;
        const m = / at (http:\/\/[^/\s]+)\//.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once("exit", (code) => reject(new Error(`summa serve exited with ${code}: ${stderr}`)));
    });
  });
  after(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    await mailbox?.close();
  });

  const signUp = (email: string) =>
    fetch(`${url}/subscribe`, {
      method: "POST",
      body: new URLSearchParams({ email }),
      headers: { "content-type": "application/x-www-form-urlencoded" },
      redirect: "manual",
    });

  test("it starts, says how to set the address, and refuses sign-ups with 503 until then", async () => {
    assert.match(stderr, /newsletter\.site_url is not set: sign-ups are refused \(503\)/);
    assert.match(stderr, /summa settings set newsletter\.site_url https:\/\//);
    assert.equal((await fetch(`${url}/`)).status, 200, "the site itself works");
    const res = await signUp("early@example.org");
    assert.equal(res.status, 503);
    assert.match(await res.text(), /newsletter\.site_url is not set/);
  });

  test("once set, a sign-up is answered and its email sent by serve's own mailer, links on the address", async () => {
    const set = await summaInProcess([
      "--db",
      db,
      "settings",
      "set",
      "newsletter.site_url",
      "https://news.example.org",
    ]);
    assert.equal(set.code, 0, set.stderr);
    const res = await signUp("reader@example.org");
    assert.equal(res.status, 303);
    const got = await mailbox.next();
    assert.deepEqual(got.envelopeTo, ["reader@example.org"]);
    assert.match(got.raw.replace(/=\r\n/g, ""), /https:\/\/news\.example\.org\/subscribe\/confirm\?t=3D/);
    assert.doesNotMatch(got.raw, /127\.0\.0\.1/);
  });
});
