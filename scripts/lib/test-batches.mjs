import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * Which test files share a process. A file whose tests take at least TARGET_SECONDS runs alone;
 * shorter ones are packed, longest first, into the first group they fit in (first-fit
 * decreasing), so each group takes about TARGET_SECONDS. Groups come out longest first, so the
 * long ones start early and the short ones fill the end, instead of a long file starting last.
 * A file with no recorded duration counts as UNKNOWN_SECONDS.
 *
 * @param {string[]} files test files (paths relative to the repo)
 * @param {Record<string, number>} seconds recorded duration of each file's tests
 * @returns {string[][]} groups of files, each run in one process, in the order to start them
 */
export function packTestFiles(
  files,
  seconds,
  { targetSeconds = TARGET_SECONDS, unknownSeconds = UNKNOWN_SECONDS } = {},
) {
  const cost = (f) => seconds[f] ?? unknownSeconds;
  const ordered = [...files].sort((a, b) => cost(b) - cost(a) || a.localeCompare(b));
  const groups = [];
  for (const file of ordered) {
    const c = cost(file);
    const group =
      c < targetSeconds ? groups.find((g) => g.shared && g.seconds + c <= targetSeconds) : undefined;
    if (group) {
      group.files.push(file);
      group.seconds += c;
    } else {
      groups.push({ files: [file], seconds: c, shared: c < targetSeconds });
    }
  }
  return groups.sort((a, b) => b.seconds - a.seconds).map((g) => g.files);
}

// A process costs about 2 s of CPU before its first test (node, tsx, loading Summa). At 10 s a
// group, 77 processes ran; at 30 s, 35 do, and the suite took 401 s instead of 461 s (540 s of CPU
// instead of 666 s), measured back to back on a 2-core machine. 30 s is still about a twelfth of
// a lane, so the groups even out at the end.
export const TARGET_SECONDS = 30;
// A new file may start servers or databases: assume it is mid-sized rather than free.
export const UNKNOWN_SECONDS = 3;

// The longest file (the real sheet on both databases) takes about 30 s of a CI run; twice that
// leaves room for a noisy machine. A suite that needs more is split or made faster: one file
// over a minute is how CI creeps past 10 minutes.
export const FILE_BUDGET_SECONDS = 60;

/**
 * The files whose tests took longer than the budget in this run.
 *
 * @param {Record<string, number>} seconds each file's measured test time
 * @returns {{ file: string, took: number, budget: number }[]}
 */
export function overBudget(seconds, budget = FILE_BUDGET_SECONDS) {
  return Object.entries(seconds)
    .filter(([, took]) => took > budget)
    .map(([file, took]) => ({ file, took, budget }));
}

/**
 * Every test/**\/*.test.ts under the repo `root`, as paths relative to it (Node 20 has no glob).
 *
 * @param {string} root
 * @returns {string[]}
 */
export function findTestFiles(root, dir = join(root, "test")) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return findTestFiles(root, path);
    return name.endsWith(".test.ts") ? [relative(root, path)] : [];
  });
}
