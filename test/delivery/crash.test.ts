import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
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

const SUBSCRIBERS = 5000;
const KILLS = 5;
const CONCURRENCY = 4;
const LEASE_MS = 1500;

/** `summa worker` as an operator runs it, in its own process. */
function spawnWorker(store: TestStore, smtpUrl: string): { child: ChildProcess; stderr: () => string } {
  const child = spawn(
    process.execPath,
    [
      join(REPO_ROOT, "bin/summa.js"),
      "--db",
      store.url,
      "worker",
      "--concurrency",
      String(CONCURRENCY),
      "--lease-ms",
      String(LEASE_MS),
      "--poll-ms",
      "50",
    ],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, SMTP_URL: smtpUrl, DATABASE_URL: "" },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  child.stderr!.on("data", (d) => {
    stderr += d;
  });
  return { child, stderr: () => stderr };
}

const sqlite = DIALECTS.find((d) => d.name === "sqlite")!;

describe("a worker killed with SIGKILL mid-send, again and again", { skip: sqlite.skip }, () => {
  let store: TestStore;
  let sink: SmtpSink;
  let active: string[];
  let inactive: string[];

  before(async () => {
    store = await sqlite.open();
    sink = await startSmtpSink({ keepRaw: false });
    await configureNewsletter(store);
    const issue = await publishedIssue(store);
    active = await addSubscribers(store, SUBSCRIBERS, { prefix: "crash" });
    inactive = [
      ...(await addSubscribers(store, 20, { prefix: "gone", status: "unsubscribed" })),
      ...(await addSubscribers(store, 20, { prefix: "bounced", status: "suppressed" })),
    ];
    await startSend(store, { issueNumber: issue });
  });

  after(async () => {
    await sink?.close();
    await store?.dispose();
  });

  test(`${SUBSCRIBERS} subscribers, ${KILLS} kills: nobody lost, duplicates only from messages in flight`, async () => {
    let kills = 0;
    for (let k = 0; k < KILLS; k++) {
      const seen = sink.messages.length;
      const { child, stderr } = spawnWorker(store, sink.url);
      const exited = once(child, "exit");
      // A random moment while this worker is sending: after a random number of its messages
      // (so five kills always come before the end, however fast the machine), mid-flight.
      const after = seen + 20 + Math.floor(Math.random() * 600);
      await waitFor(
        () => sink.messages.length >= after || child.exitCode !== null,
        30_000,
        2,
        "the worker to send",
      );
      assert.equal(child.exitCode, null, `the worker exited early: ${stderr()}`);
      child.kill("SIGKILL");
      await exited;
      kills++;
      const p = await sendProgress(store, 7);
      assert.notEqual(p.status, "done", `the send finished before kill ${kills}: kill sooner`);
    }

    const { child, stderr } = spawnWorker(store, sink.url);
    const exited = once(child, "exit");
    await waitFor(
      async () => (await sendProgress(store, 7)).status === "done",
      45_000,
      100,
      "the send to finish",
    );
    child.kill("SIGTERM");
    const [code] = await exited;
    assert.equal(code, 0, `the last worker stops cleanly on SIGTERM: ${stderr()}`);

    const received = sink.messages.length;
    const distinct = sink.counts.size;
    const duplicated = received - distinct;
    const lost = active.filter((a) => !sink.counts.has(a)).length;
    process.stdout.write(
      `# crash test: ${SUBSCRIBERS} subscribers, ${kills} SIGKILLs, ${CONCURRENCY} SMTP connections: ` +
        `sent ${distinct}, duplicated ${duplicated}, lost ${lost} (messages received ${received})\n`,
    );
    assert.equal(lost, 0, "every active subscriber received the issue");
    assert.ok(
      duplicated <= kills * CONCURRENCY,
      `at most one duplicate per kill per connection in flight (${duplicated} > ${kills * CONCURRENCY})`,
    );
    for (const a of inactive) assert.ok(!sink.counts.has(a), `${a} is not active and got nothing`);
    const p = await sendProgress(store, 7);
    assert.equal(p.counts.sent, SUBSCRIBERS);
    assert.equal(p.total, SUBSCRIBERS);
  });
});
