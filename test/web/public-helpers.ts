import assert from "node:assert/strict";
import type { EntryStatus } from "../../src/domain/entry.ts";
import { titleKey } from "../../src/domain/keys.ts";
import { findByTitleKey, type IssueStatus, updateEntryColumns } from "../../src/store/index.ts";
import type { TestStore } from "../helpers/dialects.ts";
import { importRecords, type RecordRow } from "../helpers/import.ts";

export type Row = RecordRow & { title: string; email: string };

/** Imports rows through the real importer; the category defaults to one in the taxonomy. */
export async function importRows(store: TestStore, rows: Row[]): Promise<void> {
  await importRecords(
    store,
    rows.map((r) => ({ category: "Learning human intent", ...r })),
  );
}

/** The id of the entry with this title (and issue label, when the title is not unique). */
export async function entryId(store: TestStore, title: string, issueLabel?: string): Promise<number> {
  const found = (await findByTitleKey(store.db, titleKey(title))).filter(
    (e) => issueLabel === undefined || e.issueLabel === issueLabel,
  );
  assert.equal(found.length, 1, `one entry titled ${title} ${issueLabel ?? ""}`);
  return found[0]!.id;
}

export async function setEntryStatus(store: TestStore, id: number, status: EntryStatus): Promise<void> {
  await updateEntryColumns(store.db, id, { status }, new Date().toISOString());
}

/** Imported issues are published; the desk's composer makes drafts. Tests flip the column directly. */
export async function setIssueStatus(store: TestStore, number: number, status: IssueStatus): Promise<void> {
  await store.db.updateTable("issues").set({ status }).where("number", "=", number).execute();
}

/** Asserts what every public HTML page must be: one h1, and a label for every visible input. */
export function assertAccessible(html: string): void {
  assert.equal((html.match(/<h1[\s>]/g) ?? []).length, 1, "exactly one <h1>");
  for (const input of html.match(/<(?:input|select|textarea)\b[^>]*>/g) ?? []) {
    if (/type="hidden"/.test(input)) continue;
    const id = /\sid="([^"]+)"/.exec(input)?.[1];
    assert.ok(id, `an input without an id: ${input}`);
    assert.ok(html.includes(`<label for="${id}"`), `no label for #${id}`);
  }
}

/** The <li> items of the first list with this class. */
export function listItems(html: string, cls: string): string[] {
  const list = new RegExp(`<(?:ol|ul) class="${cls}">([\\s\\S]*?)</(?:ol|ul)>`).exec(html);
  assert.ok(list, `no list .${cls}`);
  return list[1]!.match(/<li>[\s\S]*?<\/li>/g) ?? [];
}

/** The section of a page between an element with this id and the end of its <section>. */
export function sectionById(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  assert.ok(start >= 0, `no #${id}`);
  return html.slice(start, html.indexOf("</section>", start));
}
