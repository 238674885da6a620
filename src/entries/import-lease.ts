import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Kysely } from "kysely";
import { SummaError } from "../domain/errors.ts";
import {
  type Database,
  deleteStagedRows,
  failedImportIds,
  type ImportRow,
  insertImport,
  moveImport,
  renewImport,
  stagingImports,
} from "../store/index.ts";

/**
 * One sheet import at a time, across processes and machines: the running import holds a lease
 * (its `imports` row in state "staging", with a holder and a heartbeat renewed every third of
 * the lease). A second import is refused with import.busy while the lease is fresh. A crashed
 * import's lease is taken over once its heartbeat is older than the lease, or at once when its
 * holder was a process on this machine that no longer exists (kill -9, then run it again).
 */
export interface ImportLease {
  readonly id: number;
  /** Throws import.busy when the lease was lost (taken over after a stall): stop writing. */
  check(): void;
  /** Stops the heartbeat (the import's state changes by publish or fail). */
  stop(): void;
}

/** How long a lease lasts without a heartbeat. */
export const IMPORT_LEASE_MS = 30_000;

export interface LeaseOptions {
  leaseMs?: number;
  /** Who holds it: "host:pid:random" by default. */
  holder?: string;
}

export async function acquireImportLease(
  db: Kysely<Database>,
  file: string,
  options: LeaseOptions = {},
): Promise<ImportLease> {
  const leaseMs = options.leaseMs ?? IMPORT_LEASE_MS;
  const holder = options.holder ?? `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  const now = new Date();
  for (const running of await stagingImports(db)) {
    if (!isStale(running, now, leaseMs)) throw busy(running);
    // Taken over only if nobody renewed it since we looked (two re-runs: one wins).
    await moveImport(db, running.id, {
      from: "staging",
      to: "failed",
      now: now.toISOString(),
      heartbeat: running.heartbeat,
    });
  }
  let id: number;
  try {
    id = await insertImport(db, { file, holder, now: now.toISOString() });
  } catch (err) {
    // The unique index on staging imports: another import started between our look and our insert.
    const [running] = await stagingImports(db);
    if (running) throw busy(running);
    throw err;
  }
  let lost = false;
  const timer = setInterval(
    () => {
      renewImport(db, id, new Date().toISOString()).then(
        (ok) => {
          if (!ok) lost = true;
        },
        // A renewal that could not be written (the database busy for a moment) is tried again
        // at the next tick; the lease lasts three of them.
        () => undefined,
      );
    },
    Math.max(10, Math.floor(leaseMs / 3)),
  );
  timer.unref();
  return {
    id,
    check() {
      if (lost)
        throw new SummaError(
          "import.busy",
          `${file}: this import stalled for longer than its lease (${leaseMs} ms) and another one took over; nothing was imported`,
        );
    },
    stop: () => clearInterval(timer),
  };
}

function busy(running: ImportRow): SummaError {
  return new SummaError(
    "import.busy",
    `Another import is running (${running.file || "a sheet"}, started ${running.started_at}); try again when it has finished`,
    { importId: running.id, startedAt: running.started_at },
  );
}

function isStale(row: ImportRow, now: Date, leaseMs: number): boolean {
  if (now.getTime() - Date.parse(row.heartbeat) > leaseMs) return true;
  const [host, pid] = row.holder.split(":");
  return host === hostname() && pid !== undefined && !processExists(Number(pid));
}

function processExists(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return true;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Rows deleted per transaction when cleaning up: short, so the site's writes get their turn. */
const CLEANUP_BATCH = 500;

/**
 * Removes what failed or crashed imports staged (never visible to readers), in short
 * transactions; run under a lease, before staging anything (a stale staged row would collide
 * with the new import's). Returns how many rows were removed.
 */
export async function cleanUpFailedImports(db: Kysely<Database>): Promise<number> {
  let removed = 0;
  for (const id of await failedImportIds(db)) {
    for (;;) {
      const n = await db.transaction().execute((trx) => deleteStagedRows(trx, id, CLEANUP_BATCH));
      removed += n;
      if (n === 0) break;
      await yieldTurn();
    }
  }
  return removed;
}

/** Lets other work (requests, other connections' writes) run between two short transactions. */
export function yieldTurn(ms = 0): Promise<void> {
  return new Promise((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve)));
}
