/**
 * CPU seconds used by processes of this machine, read from /proc (Linux), to split a
 * benchmark's cost between its parts: this process, a child such as the SMTP sink, and a local
 * database server's processes. Elsewhere (no /proc) every reading is null.
 */
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/**
 * utime + stime of one process in seconds (null when it cannot be read); with `reaped`, plus
 * cutime + cstime: the time of its children that have exited and been waited for.
 */
function processSeconds(pid: number | string, reaped = false): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const f = stat
      .slice(stat.lastIndexOf(")") + 2)
      .split(" ")
      .map(Number);
    const own = f[11]! + f[12]!;
    return (reaped ? own + f[13]! + f[14]! : own) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/**
 * Summed CPU seconds of every process whose command name is `name` (e.g. "postgres"), with
 * their exited children's: a PostgreSQL backend that ends (an idle pool connection closing)
 * moves its time into the postmaster's children total instead of vanishing from the sum.
 */
function namedSeconds(name: string): number | null {
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((p) => /^\d+$/.test(p));
  } catch {
    return null;
  }
  let total = 0;
  for (const pid of pids) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, "utf8").trim() !== name) continue;
    } catch {
      continue;
    }
    total += processSeconds(pid, true) ?? 0;
  }
  return total;
}

export interface CpuSplit {
  /** This process (sender, worker, database client). */
  self: number;
  /** The child named by pid (the SMTP sink). */
  child: number | null;
  /** Processes named "postgres" (a local PostgreSQL server); 0 when there are none. */
  postgres: number | null;
}

/** Starts counting; the returned function gives the CPU seconds each part used since. */
export function cpuMeter(childPid: number | undefined): () => CpuSplit {
  const self0 = process.cpuUsage();
  const child0 = childPid ? processSeconds(childPid) : null;
  const pg0 = namedSeconds("postgres");
  return () => {
    const self = process.cpuUsage(self0);
    const child1 = childPid ? processSeconds(childPid) : null;
    const pg1 = namedSeconds("postgres");
    return {
      self: (self.user + self.system) / 1e6,
      child: child0 !== null && child1 !== null ? child1 - child0 : null,
      postgres: pg0 !== null && pg1 !== null ? pg1 - pg0 : null,
    };
  };
}
