import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { lastFetchRun } from "../../src/inbox/index.ts";
import { openStore } from "../../src/store/index.ts";
import { summaInProcess } from "../helpers/cli.ts";
import { REPO_ROOT } from "../helpers/env.ts";
import { tempDir } from "../helpers/temp.ts";

/**
 * `summa serve --fetch-inbox-every`: the schedule runs at start and each source's failure is
 * logged by name. The source here is on 127.0.0.1, which a production fetch refuses (a feed
 * address must not reach the server's own network): the log says so and the server never
 * sees a request.
 */
let feed: Server;
let requests = 0;
before(async () => {
  feed = createServer((_req, res) => {
    requests++;
    res.end("<rss version='2.0'><channel><title>t</title></channel></rss>");
  });
  await new Promise<void>((resolve) => feed.listen(0, "127.0.0.1", resolve));
});
after(() => new Promise<void>((resolve) => feed.close(() => resolve())));

test("serve reads the inbox's sources on a schedule and logs a source's failure by name", async () => {
  const db = join(tempDir(), "summa.db");
  const env = { DATABASE_URL: "", SMTP_URL: "" };
  const { port } = feed.address() as AddressInfo;
  assert.equal((await summaInProcess(["--db", db, "migrate"], env)).code, 0);
  const added = await summaInProcess(
    ["--db", db, "inbox", "source", "add", "feed", "local", "--url", `http://127.0.0.1:${port}/feed.xml`],
    env,
  );
  assert.equal(added.code, 0, added.stderr);

  const child = spawn(
    process.execPath,
    [
      join(REPO_ROOT, "bin/summa.js"),
      "--db",
      db,
      "serve",
      "--port",
      "0",
      "--no-worker",
      "--fetch-inbox-every",
      "60",
    ],
    { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr!.setEncoding("utf8");
  const logged = await new Promise<string>((resolve, reject) => {
    child.stderr!.on("data", (d: string) => {
      stderr += d;
      const line = /summa serve: inbox source local: .*\n/.exec(stderr);
      if (line) resolve(line[0]);
    });
    child.once("exit", (code) => reject(new Error(`summa serve exited with ${code}: ${stderr}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  assert.equal(await exited, 0, stderr);

  assert.match(stderr, /reading the inbox's sources every 60 min/);
  assert.match(logged, /private network.*\(source\.fetch_failed\)/);
  assert.equal(requests, 0);
  // The run is kept for the desk's "last fetch", as the schedule's.
  const store = await openStore(db);
  try {
    const last = await lastFetchRun(store);
    assert.equal(last?.startedBy, "schedule");
    assert.deepEqual(
      last?.report.map((r) => [r.source, r.error?.code]),
      [["local", "source.fetch_failed"]],
    );
  } finally {
    await store.close();
  }
});
