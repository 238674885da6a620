import type { SmtpFailure } from "./transport.ts";

/**
 * What to do after SMTP refused a message or the connection failed. 5xx is the server saying
 * "never": failed for good. 4xx ("try again later": greylisting, a full queue, a rate limit)
 * and no reply at all (connection refused, reset, timed out) are retried with exponential
 * backoff, until the attempts run out.
 */
export interface RetryPolicy {
  /** The first retry's delay; each later one is `factor` times longer... */
  baseDelayMs: number;
  factor: number;
  /** ...up to this. */
  maxDelayMs: number;
  /** Attempts in all (the first included); the last failure is final. */
  maxAttempts: number;
}

/** 30 s, 2 min, 8 min, 32 min, then hourly: 8 attempts span about four hours. */
export const DEFAULT_RETRY: RetryPolicy = {
  baseDelayMs: 30_000,
  factor: 4,
  maxDelayMs: 60 * 60_000,
  maxAttempts: 8,
};

/** The delay before attempt number `attempt + 1`, after `attempt` attempts (1-based) failed. */
export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * policy.factor ** Math.max(0, attempt - 1));
}

export type FailureDecision = { retry: true; delayMs: number } | { retry: false };

/**
 * Retry or give up, after the `attempt`-th attempt (1-based) failed with `failure`.
 * Only a 5xx reply is permanent; anything else may be a passing problem.
 */
export function decideFailure(policy: RetryPolicy, failure: SmtpFailure, attempt: number): FailureDecision {
  const permanent = failure.code !== undefined && failure.code >= 500 && failure.code < 600;
  if (permanent || attempt >= policy.maxAttempts) return { retry: false };
  return { retry: true, delayMs: backoffDelay(policy, attempt) };
}

/** The reply as recorded: the server's words, or the connection error, on one line. */
export function describeFailure(failure: SmtpFailure): string {
  const text = failure.message.replace(/\s+/g, " ").trim();
  return failure.code !== undefined && !text.startsWith(String(failure.code))
    ? `${failure.code} ${text}`
    : text;
}
