import { SummaError } from "../../domain/errors.ts";
import {
  deleteInboxSource,
  findInboxSourceByName,
  type InboxSourceRow,
  insertInboxSource,
  listInboxSourceRows,
  type Store,
  updateInboxSource,
} from "../../store/index.ts";
import { type InboxSource, type SourceKind, sourceConfigOf } from "./source-config.ts";

/** A stored source as the service hands it out (its config parsed and checked again). */
export function sourceFromRow(row: InboxSourceRow): InboxSource {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(row.config) as Record<string, unknown>;
  } catch {
    throw new SummaError("input.invalid", `inbox source ${row.name}: its stored configuration is not JSON`);
  }
  return {
    id: Number(row.id),
    name: row.name,
    kind: row.kind as SourceKind,
    config: sourceConfigOf(row.kind, raw, `inbox source ${row.name}`),
    enabled: Number(row.enabled ?? 1) === 1,
    etag: row.etag ?? null,
    lastModified: row.last_modified ?? null,
    cursor: row.cursor ?? null,
    lastFetchedAt: row.last_fetched_at ?? null,
    lastStatus: row.last_status ?? null,
    lastError: row.last_error ?? null,
    createdAt: row.created_at,
  };
}

const NAME = /^[A-Za-z0-9][\w.-]{0,63}$/;

/**
 * Adds a source: a unique name (letters, digits, ".", "-", "_"), a kind and that kind's
 * configuration (source-config.ts), checked before anything is written.
 */
export async function addSource(
  store: Store,
  input: { name: string; kind: string; config: Record<string, unknown> },
  now = new Date(),
): Promise<InboxSource> {
  const name = input.name.trim();
  if (!NAME.test(name))
    throw new SummaError(
      "input.invalid",
      `inbox source name "${input.name}": use 1-64 letters, digits, ".", "-" or "_", starting with a letter or digit`,
      { field: "name" },
    );
  const config = sourceConfigOf(input.kind, input.config, `inbox source ${name}`);
  if (await findInboxSourceByName(store.db, name))
    throw new SummaError(
      "conflict",
      `inbox source ${name} exists already (summa inbox source remove ${name} first)`,
      { field: "name" },
    );
  const { kind, ...rest } = config;
  await insertInboxSource(store.db, {
    name,
    kind,
    config: JSON.stringify(rest),
    created_at: now.toISOString(),
  });
  const row = await findInboxSourceByName(store.db, name);
  return sourceFromRow(row!);
}

export async function listSources(store: Store): Promise<InboxSource[]> {
  return (await listInboxSourceRows(store.db)).map(sourceFromRow);
}

export async function removeSource(store: Store, name: string): Promise<void> {
  if (!(await deleteInboxSource(store.db, name.trim())))
    throw new SummaError("not_found", `no inbox source named ${name} (summa inbox source list)`);
}

/** Turns a source on or off: `summa inbox fetch` skips one that is off (unless named). */
export async function setSourceEnabled(store: Store, name: string, enabled: boolean): Promise<InboxSource> {
  const row = await findInboxSourceByName(store.db, name.trim());
  if (!row) throw new SummaError("not_found", `no inbox source named ${name} (summa inbox source list)`);
  await updateInboxSource(store.db, Number(row.id), { enabled: enabled ? 1 : 0 });
  return { ...sourceFromRow(row), enabled };
}
