/**
 * ISO 8601 weeks in UTC: a week starts on Monday and belongs to the year of its Thursday, so
 * 2020-12-31 is in 2020-W53 and 2021-01-03 too. Pure functions over ISO date strings.
 */

const DAY_MS = 86_400_000;

/** Monday 00:00 UTC of the week holding `ms` (epoch milliseconds). */
function mondayOf(ms: number): number {
  const day = Math.floor(ms / DAY_MS);
  // 1970-01-01 was a Thursday: (day + 3) % 7 is 0 on Mondays.
  return (day - ((((day + 3) % 7) + 7) % 7)) * DAY_MS;
}

/** The ISO week of a time: "2024-W23". Undefined for a string that is no time. */
export function isoWeek(iso: string): string | undefined {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return undefined;
  return weekOfMonday(mondayOf(ms));
}

function weekOfMonday(monday: number): string {
  const thursday = new Date(monday + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const jan4 = Date.UTC(year, 0, 4);
  const week = Math.round((monday - mondayOf(jan4)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/** The Monday a week starts on, "YYYY-MM-DD". */
export function weekStart(week: string): string {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!m) throw new Error(`not an ISO week: ${week}`);
  const monday = mondayOf(Date.UTC(Number(m[1]), 0, 4)) + (Number(m[2]) - 1) * 7 * DAY_MS;
  return new Date(monday).toISOString().slice(0, 10);
}

/** The year an ISO week belongs to. */
export function weekYear(week: string): number {
  return Number(week.slice(0, 4));
}

/** Every week from `first` to `last`, both included, in order (none when last is before first). */
export function weeksBetween(first: string, last: string): string[] {
  const out: string[] = [];
  const end = Date.parse(`${weekStart(last)}T00:00:00Z`);
  for (let t = Date.parse(`${weekStart(first)}T00:00:00Z`); t <= end; t += 7 * DAY_MS)
    out.push(weekOfMonday(t));
  return out;
}
