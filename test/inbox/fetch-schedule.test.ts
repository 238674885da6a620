import assert from "node:assert/strict";
import { EventEmitter, once } from "node:events";
import { test } from "node:test";
import type { InboxJobs, SourcesFetchResult, SourcesFetchRun } from "../../src/inbox/index.ts";
import { scheduleInboxFetches } from "../../src/inbox/index.ts";

/** Inbox jobs whose fetches end when the test says: one at a time, as the real ones. */
function heldJobs() {
  const events = new EventEmitter();
  let running: SourcesFetchRun | null = null;
  let asked = 0;
  const jobs = {
    events,
    fetchSourcesSoon(options: { startedBy?: SourcesFetchRun["startedBy"] } = {}) {
      asked++;
      if (running) return null;
      running = { only: null, startedBy: options.startedBy ?? "desk", startedAt: new Date().toISOString() };
      events.emit("started");
      return running;
    },
    fetchRunning: () => running,
  } as unknown as InboxJobs;
  const finish = () => {
    const run = running!;
    running = null;
    const result: SourcesFetchResult = {
      ...run,
      finishedAt: new Date().toISOString(),
      report: [],
      error: null,
    };
    events.emit("fetched", result);
  };
  return { jobs, finish, asked: () => asked, running: () => running };
}

test("the schedule fetches at once, then everyMs after each run ends, never over a run; stop ends it", async () => {
  const held = heldJobs();
  const ended: SourcesFetchResult[] = [];
  const started = once(held.jobs.events, "started");
  const schedule = scheduleInboxFetches(held.jobs, { everyMs: 5, onFetched: (r) => ended.push(r) });
  await started;
  assert.equal(held.asked(), 1, "the first run starts at once");
  assert.equal(held.running()?.startedBy, "schedule", "recorded as the schedule's");
  // However long a run takes, the schedule asks for no other while it runs.
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(held.asked(), 1);
  const next = once(held.jobs.events, "started");
  held.finish();
  await next;
  assert.equal(ended.length, 1);
  assert.equal(held.asked(), 2, "the next run starts everyMs after the first ended");

  // A run the desk started ends the same way and sets the next one after it.
  held.finish();
  const third = once(held.jobs.events, "started");
  await third;
  schedule.stop();
  held.finish();
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(held.asked(), 3, "no run after stop");
  assert.equal(ended.length, 2, "stop also stops listening");
});
