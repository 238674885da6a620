import type { SubscriberStatus } from "../domain/subscriber-input.ts";
import { isoWeek, weekStart, weeksBetween, weekYear } from "./weeks.ts";

/** What the weekly figures read from one subscriber's row. */
export interface SubscriberTimes {
  status: SubscriberStatus;
  confirmedAt: string | null;
  consentAt: string | null;
  unsubscribedAt: string | null;
  suppressedAt: string | null;
  suppressedReason: string;
}

/** One ISO week (UTC) of the list: who joined, who left and why, and the list's size at its end. */
export interface SubscriberWeek {
  /** "2024-W23". */
  week: string;
  /** Its Monday, "2024-06-03". */
  start: string;
  confirmed: number;
  unsubscribed: number;
  /** Suppressed for bounces (hard, three soft in a row, Mailchimp's "cleaned"). */
  bounced: number;
  /** Suppressed for a spam complaint. */
  complained: number;
  /** Subscribers on the list at the end of the week (dated joins less dated departures so far). */
  net: number;
}

export interface SubscriberFlows {
  confirmed: number;
  unsubscribed: number;
  bounced: number;
  complained: number;
}

/**
 * The weekly series of the list. Each subscriber counts from where its row stands now:
 * - it joined at its confirmation (confirmed_at, else consent_at: an imported opt-in time);
 *   a pending address never joined and is left out;
 * - it left if it is unsubscribed (at unsubscribed_at) or suppressed (at suppressed_at:
 *   "complained" when the reason is a complaint, else "bounced").
 * A reader who left and came back counts once, as on the list. Times that are missing (rows
 * from before the times were kept) are counted in `undated`, so that
 * `totals = sum of the weeks + undated` and `totals.net` is the list's size now (active and paused).
 */
export interface SubscriberSeries {
  weeks: SubscriberWeek[];
  totals: SubscriberFlows & { net: number };
  undated: SubscriberFlows;
}

const zero = (): SubscriberFlows => ({ confirmed: 0, unsubscribed: 0, bounced: 0, complained: 0 });

/** How a departed row left, or null while it is on the list. */
function departure(row: SubscriberTimes): { kind: keyof SubscriberFlows; at: string | null } | null {
  if (row.status === "unsubscribed") return { kind: "unsubscribed", at: row.unsubscribedAt };
  if (row.status === "suppressed")
    return {
      kind: /^complaint/i.test(row.suppressedReason) ? "complained" : "bounced",
      at: row.suppressedAt,
    };
  return null;
}

/**
 * The series from the rows. Weeks run without gaps from the first dated event to `until`'s
 * week (default: the last event's), so a chart's x axis is time. With `year`, only that ISO
 * year's weeks are kept (the net still counts everyone before them).
 */
export function subscriberSeries(
  rows: readonly SubscriberTimes[],
  options: { until?: string; year?: number } = {},
): SubscriberSeries {
  const byWeek = new Map<string, SubscriberFlows>();
  const undated = zero();
  const totals = { ...zero(), net: 0 };
  const add = (kind: keyof SubscriberFlows, at: string | null) => {
    totals[kind]++;
    const week = at ? isoWeek(at) : undefined;
    if (!week) {
      undated[kind]++;
      return;
    }
    const flows = byWeek.get(week) ?? zero();
    flows[kind]++;
    byWeek.set(week, flows);
  };
  for (const row of rows) {
    if (row.status === "pending") continue;
    add("confirmed", row.confirmedAt ?? row.consentAt);
    const left = departure(row);
    if (left) add(left.kind, left.at);
  }
  totals.net = totals.confirmed - totals.unsubscribed - totals.bounced - totals.complained;

  const dated = [...byWeek.keys()].sort();
  const last = options.until ? isoWeek(options.until) : dated[dated.length - 1];
  const weeks: SubscriberWeek[] = [];
  if (dated.length && last) {
    let net = 0;
    // Week keys sort as text; the series runs to `until` or the last event, whichever is later.
    const end = [last, dated[dated.length - 1]!].sort()[1]!;
    for (const week of weeksBetween(dated[0]!, end)) {
      const f = byWeek.get(week) ?? zero();
      net += f.confirmed - f.unsubscribed - f.bounced - f.complained;
      weeks.push({ week, start: weekStart(week), ...f, net });
    }
  }
  return {
    weeks: options.year === undefined ? weeks : weeks.filter((w) => weekYear(w.week) === options.year),
    totals,
    undated,
  };
}
