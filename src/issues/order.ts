import { SummaError } from "../domain/errors.ts";
import { type IssueEntry, isSummarized } from "../domain/issue.ts";
import { categoryKey } from "../domain/taxonomy.ts";
import { inTransaction, type Store, setIssueOrder } from "../store/index.ts";
import { draftIssue } from "./compose.ts";
import { loadComposedIssue } from "./load.ts";

/**
 * The editor's order inside a draft issue. Layout puts summarized entries before link-only
 * ones and sorts highlights by category first, so the editor's order only decides among
 * entries that share all three: highlight or not, category, summarized or not. Such a run is
 * what "move up / down" moves within.
 */

/** Which run of the layout an entry belongs to (see above). */
export function orderGroup(e: IssueEntry): string {
  return `${e.highlight ? "h" : "s"}|${categoryKey(e.category)}|${isSummarized(e) ? "summary" : "link"}`;
}

/** An issue's entries in the order the layout shows them: highlights, then sections in order. */
export async function entriesInLayoutOrder(store: Store, number: number): Promise<IssueEntry[]> {
  const composed = await loadComposedIssue(store, number);
  return [
    ...composed.highlights,
    ...composed.sections.flatMap((s) => s.categories.flatMap((c) => c.entries)),
  ];
}

/**
 * Moves an entry one place up or down among the entries it is ordered with. Returns false
 * (and changes nothing) when it is already first or last there. Every entry of the issue
 * then has an explicit position, in the order shown, so nothing else moves.
 */
export async function moveEntryInIssue(
  store: Store,
  number: number,
  entryId: number,
  direction: "up" | "down",
): Promise<boolean> {
  return inTransaction(store, async (tx) => {
    await draftIssue(tx, number);
    const entries = await entriesInLayoutOrder(tx, number);
    const at = entries.findIndex((e) => e.id === entryId);
    if (at < 0) throw new SummaError("not_found", `Entry #${entryId} is not in issue #${number}`);
    const other = direction === "up" ? at - 1 : at + 1;
    const neighbour = entries[other];
    if (!neighbour || orderGroup(neighbour) !== orderGroup(entries[at]!)) return false;
    [entries[at], entries[other]] = [neighbour, entries[at]!];
    await setIssueOrder(
      tx.db,
      number,
      entries.map((e) => e.id),
    );
    return true;
  });
}

/**
 * The editor's order for a draft issue, as `summa issue order` takes it: the listed entries
 * first to last (each stays in its subsection), the others back to the sheet's order.
 */
export async function reorderIssueEntries(store: Store, number: number, entryIds: number[]): Promise<void> {
  const seen = new Set<number>();
  for (const id of entryIds) {
    if (seen.has(id)) throw new SummaError("input.invalid", `Entry #${id} is listed twice`);
    seen.add(id);
  }
  await inTransaction(store, async (tx) => {
    await draftIssue(tx, number);
    const foreign = await setIssueOrder(tx.db, number, entryIds);
    if (foreign.length)
      throw new SummaError("not_found", `Not in issue #${number}: entries #${foreign.join(", #")}`);
  });
}

/** For each entry of an issue, whether it can move up and down (what the composer offers). */
export function movability(entries: readonly IssueEntry[]): Map<number, { up: boolean; down: boolean }> {
  const out = new Map<number, { up: boolean; down: boolean }>();
  entries.forEach((e, i) => {
    const group = orderGroup(e);
    const before = entries[i - 1];
    const after = entries[i + 1];
    out.set(e.id, {
      up: before !== undefined && orderGroup(before) === group,
      down: after !== undefined && orderGroup(after) === group,
    });
  });
  return out;
}

/** Where an entry stands after `placeEntryInIssue`: its place in its run, 1-based, and the run. */
export interface EntryPlacement {
  title: string;
  position: number;
  /** The run's entries in their new order (the list the composer shows the entry in). */
  run: number[];
  moved: boolean;
}

/**
 * Puts an entry at `position` (1-based) among the entries it is ordered with (its run, see
 * orderGroup), what a drag and drop or a keyboard move in the composer asks for. A position
 * outside the run is refused with input.invalid naming the run's size: an entry never leaves
 * its subsection, since the layout would put it back.
 */
export async function placeEntryInIssue(
  store: Store,
  number: number,
  entryId: number,
  position: number,
): Promise<EntryPlacement> {
  return inTransaction(store, async (tx) => {
    await draftIssue(tx, number);
    const entries = await entriesInLayoutOrder(tx, number);
    const entry = entries.find((e) => e.id === entryId);
    if (!entry) throw new SummaError("not_found", `Entry #${entryId} is not in issue #${number}`);
    const group = orderGroup(entry);
    const slots = entries.flatMap((e, i) => (orderGroup(e) === group ? [i] : []));
    const run = slots.map((i) => entries[i]!);
    if (!Number.isInteger(position) || position < 1 || position > run.length)
      throw new SummaError(
        "input.invalid",
        `position: "${entry.title}" can move to 1 to ${run.length} among the ${run.length} ${
          run.length === 1 ? "entry" : "entries"
        } of its subsection (${entry.highlight ? "Highlights, " : ""}${entry.category}${
          isSummarized(entry) ? "" : ", listed as links"
        }), not ${position}`,
        { field: "position", min: 1, max: run.length },
      );
    const from = run.indexOf(entry);
    const moved = from !== position - 1;
    if (moved) {
      run.splice(from, 1);
      run.splice(position - 1, 0, entry);
      slots.forEach((slot, k) => {
        entries[slot] = run[k]!;
      });
      await setIssueOrder(
        tx.db,
        number,
        entries.map((e) => e.id),
      );
    }
    return { title: entry.title, position, run: run.map((e) => e.id), moved };
  });
}
