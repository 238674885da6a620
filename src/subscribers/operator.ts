import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { stringify } from "csv-stringify/sync";
import { SummaError } from "../domain/errors.ts";
import { validateEmail, validateName } from "../domain/subscriber-input.ts";
import { EXPORT_COLUMNS, exportRow } from "../formats/subscribers-csv.ts";
import {
  countSubscribersByStatus,
  type Edition,
  findSubscriber,
  insertSubscribers,
  insertUnsubscribeEvent,
  inTransaction,
  listSubscribers,
  type Store,
  type SubscriberChanges,
  type SubscriberRow,
  type SubscriberStatus,
  updateSubscriber,
} from "../store/index.ts";

/** The operator's side of the list (`summa subscribers ...`): add, list, export. */

export const SUBSCRIBER_STATUSES: readonly SubscriberStatus[] = [
  "active",
  "pending",
  "paused",
  "unsubscribed",
  "suppressed",
];

export interface AddSubscriberInput {
  email: string;
  /** Where the address came from, for the editor's numbers ("cli" unless said). */
  source?: string;
  name?: string;
  status?: SubscriberStatus;
  edition?: Edition;
}

/** The statuses from which becoming "unsubscribed" is an unsubscribe (as the reader's own link). */
const UNSUBSCRIBED_FROM: readonly SubscriberStatus[] = ["active", "paused", "pending"];

/** The fields a status brings with it: when consent, unsubscribing or suppression happened. */
function statusFields(
  row: SubscriberRow | undefined,
  status: SubscriberStatus,
  now: string,
): SubscriberChanges {
  const changes: SubscriberChanges = { status };
  if (status === "active" && !row?.consent_at) changes.consent_at = now;
  if (status === "unsubscribed" && row?.status !== "unsubscribed") changes.unsubscribed_at = now;
  if (status === "suppressed" && row?.status !== "suppressed") {
    changes.suppressed_reason = "suppressed by the operator";
    changes.suppressed_at = now;
  }
  // Lifting a suppression starts the bounce count afresh.
  if (status !== "suppressed" && row?.status === "suppressed") {
    changes.suppressed_reason = "";
    changes.suppressed_at = null;
    changes.soft_bounces = 0;
  }
  return changes;
}

/**
 * Adds an address the operator vouches for (default: active, consent now), or changes a known
 * one: its status (this is how a suppression is lifted), and its name and edition when given.
 * No confirmation email, no blocked-domain check: those guard the anonymous form.
 */
export async function addSubscriber(
  store: Store,
  input: AddSubscriberInput,
  now = new Date(),
): Promise<{ subscriber: SubscriberRow; added: boolean }> {
  const email = validateEmail(input.email);
  const name = input.name === undefined ? undefined : validateName(input.name);
  const status = input.status ?? "active";
  const at = now.toISOString();
  const existing = await findSubscriber(store.db, email);
  if (existing) {
    const changes: SubscriberChanges = {
      ...(status !== existing.status ? statusFields(existing, status, at) : {}),
      ...(name !== undefined ? { name } : {}),
      ...(input.edition ? { edition: input.edition } : {}),
      updated_at: at,
    };
    await inTransaction(store, async (tx) => {
      await updateSubscriber(tx.db, existing.id, changes);
      // The operator's unsubscribes are counted too (for no send): the history is every one.
      if (status === "unsubscribed" && UNSUBSCRIBED_FROM.includes(existing.status))
        await insertUnsubscribeEvent(tx.db, { subscriberId: existing.id, sendId: null, at, via: "operator" });
    });
  } else {
    await insertSubscribers(store.db, [
      {
        ...statusFields(undefined, status, at),
        email,
        name: name ?? "",
        status,
        edition: input.edition ?? "full",
        source: input.source ?? "cli",
        created_at: at,
        updated_at: at,
      },
    ]);
  }
  const subscriber = await findSubscriber(store.db, email);
  if (!subscriber) throw new SummaError("not_found", `${email} could not be saved`);
  return { subscriber, added: !existing };
}

const PAGE = 1000;

/** Every subscriber (of one status), in id order, a page at a time: bounded memory on big lists. */
export async function* eachSubscriber(store: Store, status?: SubscriberStatus): AsyncIterable<SubscriberRow> {
  let afterId: number | undefined;
  for (;;) {
    const page = await listSubscribers(store.db, { status, afterId, limit: PAGE });
    yield* page;
    if (page.length < PAGE) return;
    afterId = page[page.length - 1]!.id;
  }
}

/** How many subscribers have each status (all five, zeros included). */
export async function subscriberCounts(store: Store): Promise<Record<SubscriberStatus, number>> {
  const counts = await countSubscribersByStatus(store.db);
  return Object.fromEntries(SUBSCRIBER_STATUSES.map((s) => [s, counts[s] ?? 0])) as Record<
    SubscriberStatus,
    number
  >;
}

/**
 * The list as CSV lines (EXPORT_COLUMNS, the header first), a page of rows at a time: what
 * `summa subscribers export` writes to a file and the desk streams as a download.
 */
export async function* subscriberCsvLines(
  store: Store,
  options: { status?: SubscriberStatus } = {},
): AsyncIterable<string> {
  yield stringify([[...EXPORT_COLUMNS]]);
  for await (const row of eachSubscriber(store, options.status)) yield stringify([exportRow(row)]);
}

/**
 * Writes the list as CSV (EXPORT_COLUMNS), which `importSubscribers` reads back to the same
 * rows. Returns how many were written. Cells are written as they are: see the README on
 * opening exports with formulas disabled.
 */
export async function exportSubscribers(
  store: Store,
  file: string,
  options: { status?: SubscriberStatus } = {},
): Promise<number> {
  const out = createWriteStream(file);
  const failed = new Promise<never>((_, reject) => out.once("error", reject));
  failed.catch(() => {});
  let count = -1; // the header line is not a subscriber
  const put = async (chunk: string) => {
    if (!out.write(chunk)) await Promise.race([once(out, "drain"), failed]);
  };
  try {
    for await (const line of subscriberCsvLines(store, options)) {
      await put(line);
      count++;
    }
  } finally {
    out.end();
  }
  await Promise.race([once(out, "finish"), failed]);
  return count;
}
