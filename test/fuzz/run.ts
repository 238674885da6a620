import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createApiToken, createUser } from "../../src/accounts/index.ts";
import { webhookSecret } from "../../src/bounces/index.ts";
import { createEntry, importFrom } from "../../src/entries/index.ts";
import { loadTaxonomy } from "../../src/issues/index.ts";
import { loadNewsletter } from "../../src/newsletter/index.ts";
import { openStore } from "../../src/store/index.ts";
import { createApp } from "../../src/web/index.ts";
import { testPasswords } from "../helpers/web.ts";
import type { MutationLimits } from "./mutators.ts";
import { Random } from "./random.ts";
import {
  type FailureKind,
  judge,
  PENDING,
  PER_INPUT_LIMIT_MS,
  type PendingFailure,
  pendingFor,
} from "./rules.ts";
import { buildSeeds, SAMPLE_SHEET } from "./seeds.ts";
import { type FuzzEnv, type FuzzTarget, TARGETS } from "./targets.ts";
import { startWatchdog } from "./watchdog.ts";

export interface FuzzOptions {
  seed: number;
  /** Inputs in all, shared among the targets by weight (each gets at least its seeds). */
  inputs: number;
  limits: MutationLimits;
  /** Where failing inputs are saved (and the run's scratch files go). */
  dir: string;
  /** Only these targets (all when absent). */
  only?: string[];
  /** Only this input of each target (to reproduce one failure). */
  index?: number;
  /** Save every input run (with `index`: the one input to look at), not only failing ones. */
  saveAll?: boolean;
  /** How long one input may run before the watchdog ends the process. */
  hangMs?: number;
  log?: (line: string) => void;
}

export interface FuzzFailure {
  target: string;
  index: number;
  kind: FailureKind;
  summary: string;
  details: string;
  ms: number;
  bytes: number;
  /** Where the input was saved. */
  saved: string;
  /** The PENDING entry that covers it, if any. */
  pending?: PendingFailure;
}

export interface TargetStats {
  target: string;
  inputs: number;
  ms: number;
  slowest: { index: number; ms: number; bytes: number };
  cleanErrors: number;
}

export interface FuzzReport {
  seed: number;
  inputs: number;
  ms: number;
  targets: TargetStats[];
  failures: FuzzFailure[];
  /** How many failures each PENDING entry covered. */
  pendingHits: Map<PendingFailure, number>;
  realDataSkipped: string | null;
  /** The exact command that reproduces one failing input. */
  reproduce: (f: FuzzFailure) => string;
}

/** One temporary SQLite store with the example sheet, a user with an API token, the app. */
async function openEnv(dir: string): Promise<FuzzEnv & { close(): Promise<void> }> {
  const store = await openStore(join(dir, "fuzz.db"));
  await importFrom(store, SAMPLE_SHEET);
  const sheetStore = await openStore(":memory:");
  await importFrom(sheetStore, SAMPLE_SHEET);
  const user = await createUser(
    store,
    { email: "fuzz@example.org", name: "Rohin", role: "admin", password: "fuzzing is fun 1" },
    testPasswords,
  );
  const entry = await createEntry(store, user, {
    title: "An entry the fuzzer edits",
    category: "Interpretability",
  });
  const app = createApp(store, testPasswords);
  return {
    dir,
    store,
    sheetStore,
    app,
    apiToken: await createApiToken(store, user, "fuzz"),
    webhookSecret: await webhookSecret(store),
    taxonomy: await loadTaxonomy(store),
    newsletter: await loadNewsletter(store),
    seeds: await buildSeeds(store, app, dir),
    entryId: entry.id,
    close: async () => {
      await store.close();
      await sheetStore.close();
    },
  };
}

/** The input `index` of `target`: its seeds as they are first, then seeds with 1-4 mutations. */
export function makeInput(
  target: FuzzTarget,
  seeds: Uint8Array[],
  seed: number,
  index: number,
  limits: MutationLimits,
) {
  if (index < seeds.length) return seeds[index]!;
  const rng = Random.forInput(seed, target.name, index);
  let input = rng.pick(seeds);
  const ctx = { rng, limits, seeds, dictionary: target.dictionary, nesting: target.nesting };
  for (let n = rng.between(1, 4); n > 0; n--) input = rng.pick(target.mutators)(input, ctx);
  return input.length > limits.maxBytes ? input.subarray(0, limits.maxBytes) : input;
}

/** Runs every target's share of inputs under the rules; never throws for a failing input. */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const { seed, limits, dir, log = () => {} } = options;
  mkdirSync(dir, { recursive: true });
  const failed = join(dir, "failures");
  const work = join(dir, "work");
  mkdirSync(work, { recursive: true });
  const env = await openEnv(work);
  const targets = TARGETS.filter((t) => !options.only || options.only.includes(t.name));
  const weights = targets.reduce((n, t) => n + t.weight, 0);
  const watchdog = startWatchdog(options.hangMs ?? 20_000, dir, limits.maxBytes * 2);
  const report: FuzzReport = {
    seed,
    inputs: 0,
    ms: 0,
    targets: [],
    failures: [],
    pendingHits: new Map(PENDING.map((p) => [p, 0])),
    realDataSkipped: env.seeds.realDataSkipped,
    reproduce: (f) =>
      `npm run bench:fuzz -- --seed ${seed} --target ${f.target} --index ${f.index}` +
      ` --max-bytes ${limits.maxBytes} --max-repeat ${limits.maxRepeat} --max-depth ${limits.maxDepth}`,
  };
  const started = performance.now();
  try {
    for (const target of targets) {
      const seeds = target.seeds(env);
      const count = Math.max(seeds.length, Math.round((options.inputs * target.weight) / weights));
      const stats: TargetStats = {
        target: target.name,
        inputs: 0,
        ms: 0,
        slowest: { index: -1, ms: 0, bytes: 0 },
        cleanErrors: 0,
      };
      // Untimed: the first call loads what a process loads once (exceljs, prepared statements).
      await target.run(env, seeds[0]!, 0).catch(() => undefined);
      const indexes =
        options.index === undefined ? Array.from({ length: count }, (_, i) => i) : [options.index];
      for (const index of indexes) {
        const input = makeInput(target, seeds, seed, index, limits);
        const label = `${target.name}-${index}`;
        if (options.saveAll) {
          mkdirSync(join(dir, "inputs"), { recursive: true });
          writeFileSync(join(dir, "inputs", `${label}.${target.ext}`), input);
        }
        watchdog.begin(label, input);
        let thrown: unknown;
        let threw = false;
        let refused = false;
        const t0 = performance.now();
        try {
          refused = (await target.run(env, input, index)) === "refused";
        } catch (err) {
          thrown = err;
          threw = true;
        }
        const ms = performance.now() - t0;
        watchdog.end();
        stats.inputs++;
        stats.ms += ms;
        if (threw || refused) stats.cleanErrors++;
        if (ms > stats.slowest.ms) stats.slowest = { index, ms, bytes: input.length };
        let verdict = judge(thrown, threw, ms, target.mustName);
        if (verdict?.kind === "slow") {
          // Timed once more before it counts: on a shared machine a pause (another process, a
          // full GC) can stretch one call; slow code is slow every time.
          const t1 = performance.now();
          await target.run(env, input, index).catch(() => undefined);
          const again = performance.now() - t1;
          if (again <= PER_INPUT_LIMIT_MS) verdict = null;
          else
            verdict.summary = `took ${Math.round(ms)} ms, then ${Math.round(again)} ms (limit ${PER_INPUT_LIMIT_MS} ms)`;
        }
        if (!verdict) continue;
        if (verdict.kind !== "slow") stats.cleanErrors--;
        mkdirSync(failed, { recursive: true });
        const saved = join(failed, `${label}.${target.ext}`);
        writeFileSync(saved, input);
        const pending = pendingFor(target.name, verdict, input);
        if (pending) report.pendingHits.set(pending, (report.pendingHits.get(pending) ?? 0) + 1);
        const failure: FuzzFailure = {
          target: target.name,
          index,
          ...verdict,
          ms,
          bytes: input.length,
          saved,
          pending,
        };
        writeFileSync(
          `${saved}.error.txt`,
          `${failure.summary}\n\n${failure.details}\n\n${report.reproduce(failure)}\n`,
        );
        report.failures.push(failure);
        log(`${pending ? "PENDING " : "FAIL "}${label} ${verdict.kind}: ${verdict.summary}`);
      }
      report.targets.push(stats);
      report.inputs += stats.inputs;
      log(
        `${target.name}: ${stats.inputs} inputs in ${Math.round(stats.ms)} ms, slowest #${stats.slowest.index} ${Math.round(stats.slowest.ms)} ms (${stats.slowest.bytes} bytes)`,
      );
    }
  } finally {
    report.ms = performance.now() - started;
    await watchdog.stop();
    await env.close();
  }
  return report;
}

/** The report as lines: per target, the inputs, time and slowest input; PENDING entries and their hits. */
export function describeReport(report: FuzzReport): string {
  const lines = [
    `fuzz: seed ${report.seed}, ${report.inputs} inputs in ${(report.ms / 1000).toFixed(1)} s`,
    ...report.targets.map(
      (t) =>
        `  ${t.target.padEnd(15)} ${String(t.inputs).padStart(5)} inputs ${String(Math.round(t.ms)).padStart(6)} ms, ` +
        `${t.cleanErrors} clean errors, slowest #${t.slowest.index}: ${Math.round(t.slowest.ms)} ms (${t.slowest.bytes} bytes)`,
    ),
  ];
  for (const [p, n] of report.pendingHits)
    lines.push(
      `  PENDING [${p.area}] ${p.target} ${p.kind} ${p.matches}: ${n} input${n === 1 ? "" : "s"}${n === 0 ? " (fixed? remove the entry)" : ""}`,
    );
  if (report.realDataSkipped) lines.push(`  note: ${report.realDataSkipped}`);
  return lines.join("\n");
}
