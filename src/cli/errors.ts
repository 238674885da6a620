import { SummaError } from "../domain/errors.ts";
import type { CliIo } from "./io.ts";

/**
 * Exit codes: 1 for bad input or data, 2 for usage and configuration, 3 for a bug, 75
 * (EX_TEMPFAIL, sysexits.h) for "busy, try again later": another import is running, or the
 * database stayed locked.
 */
export function exitCodeFor(err: unknown): number {
  if (!(err instanceof SummaError)) return 3;
  if (err.code === "import.busy" || err.code === "store.busy") return 75;
  return err.code === "config.invalid" ||
    err.code === "config.incomplete" ||
    err.code === "config.missing_database"
    ? 2
    : 1;
}

export function reportError(err: unknown, json: boolean, io: Pick<CliIo, "stderr">): void {
  if (json) {
    const body =
      err instanceof SummaError
        ? { error: { code: err.code, message: err.message, ...err.details } }
        : { error: { code: "internal", message: err instanceof Error ? err.message : String(err) } };
    io.stderr.write(`${JSON.stringify(body)}\n`);
    return;
  }
  if (err instanceof SummaError) io.stderr.write(`summa: ${err.message}\n`);
  else
    io.stderr.write(
      `summa: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
}
