import { listSends } from "../delivery/index.ts";
import { type NumbersBlock, parseNumbersBlocks } from "../domain/numbers-blocks.ts";
import { publicDay } from "../domain/publication.ts";
import { categoryKey } from "../domain/taxonomy.ts";
import {
  getSettings,
  type Store,
  statsCategorySections,
  statsEntryRows,
  statsReferences,
  statsSubscriberTimes,
  statsSummarizerCredits,
} from "../store/index.ts";
import {
  type ContentFigures,
  type ContentReference,
  type ContentRow,
  type Retrospective,
  retrospective,
} from "./content.ts";
import { type SubscriberSeries, subscriberSeries } from "./subscribers.ts";

/** One send's figures, as the numbers list them (delivery/figures.ts computes them). */
export interface SendNumbers {
  issueNumber: number;
  status: string;
  sendAt: string;
  /** Taken by the SMTP server. */
  sent: number;
  failed: number;
  /** Hard and soft: deliveries a bounce came back for. */
  bounced: number;
  bouncedHard: number;
  bouncedSoft: number;
  complaints: number;
  /** Unsubscribes made with a link from this send's emails. */
  unsubscribes: number;
}

/** Every series of the numbers: what `summa stats --json` prints and the pages draw. */
export interface Numbers {
  /** The calendar year asked for (--year), or null for all. */
  year: number | null;
  /** Null when reader figures were not asked for (the public page, unless made public). */
  subscribers: SubscriberSeries | null;
  sends: SendNumbers[] | null;
  retrospective: Retrospective;
  /** The year's content figures when a year was asked for (null when it had no dated issue). */
  yearFigures: ContentFigures | null;
}

export interface NumbersOptions {
  now?: Date;
  /** Include the reader figures (subscribers, sends). */
  readers?: boolean;
  year?: number;
}

async function contentRows(
  store: Store,
  day: string,
): Promise<{ rows: ContentRow[]; refs: ContentReference[] }> {
  const [entries, credits, references, sections] = await Promise.all([
    statsEntryRows(store.db, day),
    statsSummarizerCredits(store.db),
    statsReferences(store.db),
    statsCategorySections(store.db),
  ]);
  const sectionOf = new Map(sections.map((s) => [s.name_key, s.section]));
  const creditsOf = new Map<number, string[]>();
  for (const c of credits) {
    const list = creditsOf.get(c.entry_id);
    if (list) list.push(c.name);
    else creditsOf.set(c.entry_id, [c.name]);
  }
  const rows: ContentRow[] = entries.map((e) => ({
    id: e.id,
    title: e.title,
    titleKey: e.title_key,
    issueNumber: e.issue_number,
    issueDate: e.issue_date,
    highlight: e.highlight === 1,
    category: e.category,
    section: sectionOf.get(categoryKey(e.category)) ?? "",
    venue: e.venue,
    summary: e.summary,
    opinion: e.opinion,
    summarizers: creditsOf.get(e.id) ?? [],
  }));
  return { rows, refs: references.map((r) => ({ entryId: r.entry_id, targetKey: r.target_key })) };
}

/** Each send's figures, oldest first. */
export async function sendNumbers(store: Store): Promise<SendNumbers[]> {
  const sends = await listSends(store);
  return sends
    .map((s) => ({
      issueNumber: s.issueNumber,
      status: s.status,
      sendAt: s.sendAt,
      sent: s.figures.delivered,
      failed: s.figures.failed,
      bounced: s.figures.bouncedHard + s.figures.bouncedSoft,
      bouncedHard: s.figures.bouncedHard,
      bouncedSoft: s.figures.bouncedSoft,
      complaints: s.figures.complaints,
      unsubscribes: s.figures.unsubscribes,
    }))
    .sort((a, b) => a.sendAt.localeCompare(b.sendAt) || a.issueNumber - b.issueNumber);
}

/**
 * The numbers, computed from the database now: the retrospective of the public issues, and
 * with `readers` the weekly subscriber series and each send's figures.
 */
export async function loadNumbers(store: Store, options: NumbersOptions = {}): Promise<Numbers> {
  const now = options.now ?? new Date();
  const year = options.year ?? null;
  const { rows, refs } = await contentRows(store, publicDay(now));
  const retro = retrospective(rows, refs);
  let subscribers: SubscriberSeries | null = null;
  let sends: SendNumbers[] | null = null;
  if (options.readers) {
    const times = await statsSubscriberTimes(store.db);
    subscribers = subscriberSeries(
      times.map((t) => ({
        status: t.status,
        confirmedAt: t.confirmed_at,
        consentAt: t.consent_at,
        unsubscribedAt: t.unsubscribed_at,
        suppressedAt: t.suppressed_at,
        suppressedReason: t.suppressed_reason,
      })),
      { until: now.toISOString(), ...(year === null ? {} : { year }) },
    );
    sends = await sendNumbers(store);
    if (year !== null) sends = sends.filter((s) => s.sendAt.startsWith(String(year)));
  }
  return {
    year,
    subscribers,
    sends,
    retrospective: retro,
    yearFigures: year === null ? null : (retro.byYear.find((f) => f.period === String(year)) ?? null),
  };
}

/** The blocks the editor made public (setting numbers.public_blocks). */
export async function publicNumbersBlocks(store: Store): Promise<NumbersBlock[]> {
  const settings = await getSettings(store.db);
  return parseNumbersBlocks(settings["numbers.public_blocks"]);
}
