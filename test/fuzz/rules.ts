import { SummaError } from "../../src/domain/errors.ts";

/**
 * The rules every fuzzed input is held to, whatever the target:
 * - it finishes within PER_INPUT_LIMIT_MS;
 * - it succeeds, or throws a SummaError with a code and a message (naming the input's file,
 *   for targets that read one): the project's clean error, which each face maps to an exit
 *   code or an HTTP status;
 * - anything else (a TypeError, a stack overflow, an API answer of 500) is a failure.
 * Failures that other parts of issue 13 fix are listed in PENDING, so the suite passes while
 * those parts are merged; the lead removes each entry once its fix is in.
 */
export const PER_INPUT_LIMIT_MS = 1000;

/** What went wrong with one input. */
export type FailureKind = "crash" | "unclean-error" | "slow";

/** Thrown by a target whose outcome is not an exception but is still wrong (an API's 500). */
export class UncleanOutcome extends Error {
  constructor(
    message: string,
    readonly details = "",
  ) {
    super(message);
    this.name = "UncleanOutcome";
  }
}

export interface Verdict {
  kind: FailureKind;
  /** One line: the error's class and message, or the time taken. */
  summary: string;
  /** The stack, or the server's log, for the report. */
  details: string;
}

/** Judges one finished input: null when it obeyed the rules. */
export function judge(thrown: unknown, threw: boolean, ms: number, mustName?: string): Verdict | null {
  if (threw) {
    if (thrown instanceof SummaError) {
      if (!thrown.code || !thrown.message.trim())
        return {
          kind: "unclean-error",
          summary: `SummaError without a code or message`,
          details: thrown.stack ?? "",
        };
      if (mustName && !thrown.message.includes(mustName))
        return {
          kind: "unclean-error",
          summary: `${thrown.code}: the message does not name ${mustName}: ${thrown.message.slice(0, 300)}`,
          details: thrown.stack ?? "",
        };
    } else {
      const err = thrown instanceof Error ? thrown : new Error(String(thrown));
      const kind = err instanceof UncleanOutcome ? "unclean-error" : "crash";
      return {
        kind,
        summary: `${err.name}: ${err.message.slice(0, 300)}`,
        details: `${err instanceof UncleanOutcome ? err.details : ""}\n${err.stack ?? ""}`,
      };
    }
  }
  if (ms > PER_INPUT_LIMIT_MS)
    return {
      kind: "slow",
      summary: `took ${Math.round(ms)} ms (limit ${PER_INPUT_LIMIT_MS} ms)`,
      details: "",
    };
  return null;
}

/**
 * A failure another part of issue 13 fixes. `area` names that part; `target` and `matches`
 * (tested on "summary\ndetails") say exactly which failures it covers, so a new failure in
 * the same code is still reported.
 */
export interface PendingFailure {
  area: string;
  target: RegExp;
  kind: FailureKind;
  matches: RegExp;
  /** What the input must look like too, when the failure alone does not say which cause it is. */
  input?: (input: Uint8Array) => boolean;
}

/**
 * PENDING: failures left to the other parts of issue 13 (each fixed and tested there).
 * Remove an entry when its fix is merged; the test prints entries that matched nothing.
 */
export const PENDING: readonly PendingFailure[] = [];

export function pendingFor(target: string, verdict: Verdict, input: Uint8Array): PendingFailure | undefined {
  const text = `${verdict.summary}\n${verdict.details}`;
  return PENDING.find(
    (p) =>
      p.kind === verdict.kind &&
      p.target.test(target) &&
      p.matches.test(text) &&
      (!p.input || p.input(input)),
  );
}
