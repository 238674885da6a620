import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { sendProgress, startSend } from "../../src/delivery/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { REPO_ROOT } from "../helpers/env.ts";
import {
  addSubscribers,
  configureNewsletter,
  publishedIssue,
  type SmtpSink,
  startSmtpSink,
  waitFor,
} from "./helpers.ts";

const SUBSCRIBERS = 2000;

/** A `summa worker --json` process; resolves its stats when it stops. */
function worker(store: TestStore, smtpUrl: string) {
  const child = spawn(
    process.execPath,
    [
      join(REPO_ROOT, "bin/summa.js"),
      "--db",
      store.url,
      "--json",
      "worker",
      "--batch",
      "50",
      "--poll-ms",
      "20",
    ],
    { cwd: REPO_ROOT, env: { ...process.env, SMTP_URL: smtpUrl, DATABASE_URL: "" } },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => {
    stdout += d;
  });
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  const exited = once(child, "exit");
  return {
    child,
    stderr: () => stderr,
    async stop(): Promise<{ sent: number }> {
      child.kill("SIGTERM");
      const [code] = await exited;
      assert.equal(code, 0, stderr);
      return JSON.parse(stdout) as { sent: number };
    },
  };
}

for (const dialect of DIALECTS) {
  describe(`two worker processes sending one issue at once (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let sink: SmtpSink;

    before(async () => {
      store = await dialect.open();
      sink = await startSmtpSink({ keepRaw: false });
      await configureNewsletter(store);
      await publishedIssue(store);
    });
    after(async () => {
      await sink?.close();
      await store?.dispose();
    });

    test(`${SUBSCRIBERS} subscribers: each receives it exactly once, and both workers share the work`, async () => {
      const readers = await addSubscribers(store, SUBSCRIBERS);
      const a = worker(store, sink.url);
      const b = worker(store, sink.url);
      // Both are polling before the send exists, so they compete from the first row.
      await waitFor(() => a.stderr().includes("sending through") || a.child.exitCode !== null, 30_000);
      await waitFor(() => b.stderr().includes("sending through") || b.child.exitCode !== null, 30_000);
      assert.equal(a.child.exitCode, null, a.stderr());
      assert.equal(b.child.exitCode, null, b.stderr());
      await startSend(store, { issueNumber: 7 });
      await waitFor(async () => (await sendProgress(store, 7)).status === "done", 60_000, 50, "the send");
      const [statsA, statsB] = await Promise.all([a.stop(), b.stop()]);

      const twice = [...sink.counts].filter(([, n]) => n > 1);
      assert.deepEqual(twice, [], "no subscriber receives it twice");
      assert.equal(sink.counts.size, SUBSCRIBERS);
      assert.deepEqual([...sink.counts.keys()].sort(), [...readers].sort());
      assert.equal(statsA.sent + statsB.sent, SUBSCRIBERS);
      process.stdout.write(`# ${dialect.name}: worker A sent ${statsA.sent}, worker B sent ${statsB.sent}\n`);
      assert.ok(statsA.sent > 0 && statsB.sent > 0, "both workers sent a share");
      const claimedBy = await store.db
        .selectFrom("deliveries")
        .select("claimed_by")
        .where("claimed_by", "is not", null)
        .execute();
      assert.equal(claimedBy.length, 0, "no row is left claimed");
    });
  });
}
