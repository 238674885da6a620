import { SummaError } from "../domain/errors.ts";
import { validateEmail } from "../domain/subscriber-input.ts";
import {
  findSubscribersByEmail,
  listTesterRows,
  type Store,
  type SubscriberRow,
  type SubscriberStatus,
  setTesterFlag,
} from "../store/index.ts";

/**
 * The test list: subscribers marked as testers. `summa send N --test` sends each of them a test
 * copy (no send, no deliveries), and a send whose audience is testers alone is a trial that
 * needs neither a postal address nor an https site (delivery/compliance.ts).
 */

/** Testers with these statuses get test copies; pending, unsubscribed and suppressed ones do not. */
export const TEST_COPY_STATUSES: readonly SubscriberStatus[] = ["active", "paused"];

/** The most addresses one `tester add|remove` takes: a test list, not a mailing list. */
export const MAX_TESTER_CHANGE = 500;

/** What `tester add|remove` did: the addresses changed, and those that already were as asked. */
export interface TesterChange {
  changed: string[];
  unchanged: string[];
}

/**
 * Marks (or unmarks) known subscribers as testers, all or none: an address that is not a
 * subscriber fails the whole change, naming every such address and how to add one. Only the
 * operator's own addresses belong here, so a tester must be a subscriber first (with its
 * consent, status and edition), and a test copy is exactly what that subscriber would get.
 */
export async function changeTesters(
  store: Store,
  emails: readonly string[],
  tester: boolean,
): Promise<TesterChange> {
  const wanted = [...new Set(emails.map((e) => validateEmail(e)))];
  if (wanted.length === 0) throw new SummaError("input.invalid", "Name at least one address");
  if (wanted.length > MAX_TESTER_CHANGE)
    throw new SummaError(
      "input.invalid",
      `At most ${MAX_TESTER_CHANGE} addresses at a time (got ${wanted.length})`,
    );
  return store.db.transaction().execute(async (trx) => {
    const rows = await findSubscribersByEmail(trx, wanted);
    const known = new Map(rows.map((r) => [r.email, r]));
    const unknown = wanted.filter((e) => !known.has(e));
    if (unknown.length)
      throw new SummaError(
        "not_found",
        `Not a subscriber: ${unknown.join(", ")}. Add an address first with: summa subscribers add EMAIL (it is then on the list as active; --status paused keeps it off real sends)`,
        { emails: unknown },
      );
    const flag = tester ? 1 : 0;
    const toChange = wanted.map((e) => known.get(e)!).filter((r) => r.tester !== flag);
    await setTesterFlag(
      trx,
      toChange.map((r) => r.id),
      tester,
    );
    const changed = new Set(toChange.map((r) => r.email));
    return { changed: [...changed], unchanged: wanted.filter((e) => !changed.has(e)) };
  });
}

/** The test list, in id order, every status (the list shows who would get a copy). */
export function listTesters(store: Store): Promise<SubscriberRow[]> {
  return listTesterRows(store.db);
}

/** Whether a tester gets test copies now (active or paused: subscribed, reachable). */
export function getsTestCopies(row: Pick<SubscriberRow, "status">): boolean {
  return TEST_COPY_STATUSES.includes(row.status);
}
