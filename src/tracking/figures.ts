import { type SendEngagementRow, type Store, sendEngagementRow, trackedLinkRows } from "../store/index.ts";

/** Said wherever opens are shown: an open pixel counts what mail privacy proxies fetch, not readers. */
export const OPENS_CAVEAT = "unreliable: mail privacy proxies open every message";

/**
 * A send's engagement, only for what was on when it went out: clicks (total, and readers who
 * clicked at least once) and opens (labelled unreliable wherever they are shown). Rates are of
 * delivered messages (null before any).
 */
export interface EngagementFigures {
  clicks?: { clicks: number; clickers: number; rate: number | null };
  opens?: { opens: number; openers: number; rate: number | null; unreliable: true; note: string };
}

/** The figures from a send's row (undefined: never tracked, or nothing on). */
export function engagementFigures(
  row: SendEngagementRow | undefined,
  delivered: number,
): EngagementFigures | undefined {
  if (!row || (!row.clicksOn && !row.opensOn)) return undefined;
  const rate = (n: number) => (delivered > 0 ? n / delivered : null);
  return {
    ...(row.clicksOn
      ? { clicks: { clicks: row.clicks, clickers: row.clickers, rate: rate(row.clickers) } }
      : {}),
    ...(row.opensOn
      ? {
          opens: {
            opens: row.opens,
            openers: row.openers,
            rate: rate(row.openers),
            unreliable: true as const,
            note: OPENS_CAVEAT,
          },
        }
      : {}),
  };
}

/** The send's engagement row, for its figures. */
export function loadSendEngagement(store: Store, sendId: number): Promise<SendEngagementRow | undefined> {
  return sendEngagementRow(store.db, sendId);
}

/** An issue's clicks per link and per entry (null: the intro). */
export interface IssueClicks {
  links: { url: string; entryId: number | null; clicks: number; clickers: number }[];
  entries: { entryId: number | null; clicks: number }[];
}

export async function issueClicks(store: Store, issueNumber: number): Promise<IssueClicks> {
  const links = await trackedLinkRows(store.db, issueNumber);
  const byEntry = new Map<number | null, number>();
  for (const l of links) byEntry.set(l.entryId, (byEntry.get(l.entryId) ?? 0) + l.clicks);
  return {
    links: links.map(({ url, entryId, clicks, clickers }) => ({ url, entryId, clicks, clickers })),
    entries: [...byEntry].map(([entryId, clicks]) => ({ entryId, clicks })),
  };
}
