import type { SendAftermath } from "../store/index.ts";
import type { EngagementFigures } from "../tracking/index.ts";

/**
 * A send's figures: what was delivered and what came back (bounces, complaints, unsubscribes),
 * as counts and as rates of the delivered, with the warnings a sender's reputation calls for.
 *
 * Thresholds (rates of delivered messages):
 * - complaints: a warning above 0.1%, an alarm at 0.3%: Gmail's and Yahoo's 2024 bulk-sender
 *   rules ask senders to stay below 0.1% and treat 0.3% as the line past which mail is refused.
 * - hard bounces: a warning at 2%, an alarm at 5%: a list that bounces more than 2% has stale
 *   addresses; at 5% Amazon SES puts an account under review and mailbox providers slow it down.
 * - soft bounces: a warning at 5% (a provider deferring or throttling the sender).
 */
export interface SendFigures {
  /** Taken by the SMTP server ("sent" deliveries). */
  delivered: number;
  /** Refused by the SMTP server for good (5xx, or out of retries). */
  failed: number;
  bouncedHard: number;
  bouncedSoft: number;
  complaints: number;
  unsubscribes: number;
  /** Each figure over delivered, a fraction (0.001 is 0.1%); null before anything was delivered. */
  rates: {
    failed: number | null;
    bouncedHard: number | null;
    bouncedSoft: number | null;
    complaints: number | null;
    unsubscribes: number | null;
  };
  /** What needs the sender's attention, worst first. */
  alerts: SendAlert[];
  /** Clicks and opens (opens labelled unreliable), only what tracking counted for this send (src/tracking). */
  engagement?: EngagementFigures;
}

export interface SendAlert {
  level: "warning" | "alarm";
  figure: "complaints" | "bouncedHard" | "bouncedSoft";
  /** One sentence for a person: the rate and the threshold it passed. */
  message: string;
}

/** The thresholds, as fractions of delivered: [warning above or at, alarm at]. */
export const SEND_THRESHOLDS = {
  complaints: { warning: 0.001, alarm: 0.003, warnAbove: true },
  bouncedHard: { warning: 0.02, alarm: 0.05, warnAbove: false },
  bouncedSoft: { warning: 0.05, alarm: Number.POSITIVE_INFINITY, warnAbove: false },
} as const;

const NAMES: Record<SendAlert["figure"], string> = {
  complaints: "Complaints",
  bouncedHard: "Hard bounces",
  bouncedSoft: "Soft bounces",
};

/** "0.25%": a rate as a percentage with enough digits for the thresholds. */
export function formatRate(rate: number | null): string {
  if (rate === null) return "-";
  const pct = rate * 100;
  return `${pct < 1 && pct > 0 ? pct.toFixed(2) : pct.toFixed(1)}%`;
}

/** The figures of a send from its delivery counts and its aftermath. */
export function sendFigures(
  delivered: number,
  failed: number,
  after: SendAftermath,
  engagement?: EngagementFigures,
): SendFigures {
  const rate = (n: number) => (delivered > 0 ? n / delivered : null);
  const rates = {
    failed: rate(failed),
    bouncedHard: rate(after.hard),
    bouncedSoft: rate(after.soft),
    complaints: rate(after.complaints),
    unsubscribes: rate(after.unsubscribes),
  };
  const alerts: SendAlert[] = [];
  for (const figure of ["complaints", "bouncedHard", "bouncedSoft"] as const) {
    const r = rates[figure];
    if (r === null) continue;
    const t = SEND_THRESHOLDS[figure];
    const level = r >= t.alarm ? "alarm" : (t.warnAbove ? r > t.warning : r >= t.warning) ? "warning" : null;
    if (!level) continue;
    const limit = level === "alarm" ? t.alarm : t.warning;
    alerts.push({
      level,
      figure,
      message: `${NAMES[figure]}: ${formatRate(r)} of delivered (${level} ${level === "warning" && t.warnAbove ? "above" : "at"} ${formatRate(limit)})`,
    });
  }
  alerts.sort((a, b) => (a.level === b.level ? 0 : a.level === "alarm" ? -1 : 1));
  return {
    delivered,
    failed,
    bouncedHard: after.hard,
    bouncedSoft: after.soft,
    complaints: after.complaints,
    unsubscribes: after.unsubscribes,
    rates,
    alerts,
    ...(engagement ? { engagement } : {}),
  };
}
