import type { StaffUser } from "../../src/accounts/index.ts";
import type { Entry } from "../../src/domain/entry.ts";
import { createEntry, type EntryInput } from "../../src/entries/index.ts";
import { getEntry, type Store } from "../../src/store/index.ts";

/** An editor for services that take a user; no account row is needed to write entries. */
export const EDITOR: StaffUser = { id: 1, email: "rohin@example.org", name: "Rohin", role: "editor" };

let n = 0;

/** A ready entry written on the desk (the way summarizers hand entries to the editor). */
export async function readyEntry(store: Store, input: EntryInput = {}): Promise<Entry> {
  n++;
  return createEntry(store, EDITOR, {
    title: `Composer paper ${n} ${Date.now().toString(36)}`,
    url: `https://arxiv.org/abs/2101.${String(10000 + n)}`,
    authors: "Ada Lovelace, Alan Turing",
    category: "Learning human intent",
    summarizers: "Richard",
    summary: `Summary of paper ${n}.`,
    opinion: "Worth reading.",
    status: "ready",
    ...input,
  });
}

/** The stored entry (it must exist). */
export async function entryNow(store: Store, id: number): Promise<Entry> {
  const e = await getEntry(store.db, id);
  if (!e) throw new Error(`entry ${id} is gone`);
  return e;
}
