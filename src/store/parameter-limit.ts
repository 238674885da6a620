import type { Kysely } from "kysely";
import type { Database } from "./schema.ts";

/**
 * How many values one `IN (...)` may carry on a connection: its dialect's maxParameters, less
 * room for the statement's other parameters. A list built from user data (90,000 distinct
 * <@references@> in one summary) would otherwise fail "too many SQL variables" on SQLite or
 * exceed PostgreSQL's 65,535 bound parameters.
 *
 * Known by the connection's adapter, which a transaction shares with its database; a store
 * registers it when it opens (connect.ts). A connection nobody registered gets the smallest
 * limit of the two databases.
 */
const limits = new WeakMap<object, number>();
const FALLBACK = 32_000;
/** Parameters a statement may need besides its IN list (other conditions, LIMIT). */
const OTHER_PARAMETERS = 100;

export function registerParameterLimit(db: Kysely<Database>, maxParameters: number): void {
  limits.set(db.getExecutor().adapter, maxParameters);
}

/** Values one IN list may carry on this connection. */
export function inListLimit(db: Kysely<Database>): number {
  return (limits.get(db.getExecutor().adapter) ?? FALLBACK) - OTHER_PARAMETERS;
}

/**
 * Runs `select` once per batch of `values` that fits one statement, and concatenates the rows
 * (in batch order). One query when they fit, as before.
 */
export async function selectInBatches<V, R>(
  db: Kysely<Database>,
  values: readonly V[],
  select: (batch: V[]) => Promise<R[]>,
): Promise<R[]> {
  if (values.length === 0) return [];
  const size = inListLimit(db);
  if (values.length <= size) return select([...values]);
  const out: R[] = [];
  for (let i = 0; i < values.length; i += size)
    for (const r of await select(values.slice(i, i + size))) out.push(r);
  return out;
}
