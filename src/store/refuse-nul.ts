import type { CompiledQuery, DatabaseConnection, Dialect, Driver } from "kysely";
import { hasNul, nulRefused } from "../domain/nul.ts";

/**
 * The last net under every path that writes or reads text: a statement whose parameters hold a
 * NUL is refused with input.malformed before it reaches the database. PostgreSQL would fail it
 * with "invalid byte sequence" (a 500, an exit 3) and SQLite would store it; the faces and
 * importers refuse a NUL first, naming where it was, and this keeps any path they miss from
 * answering differently on the two databases.
 *
 * The check is on the compiled parameters, so it sees every statement: builder queries, raw
 * `sql` and the precompiled bulk INSERTs (which skip Kysely's plugins).
 */
export function refusingNul(dialect: Dialect): Dialect {
  return {
    createDriver: () => guardDriver(dialect.createDriver()),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}

function holdsNul(value: unknown): boolean {
  if (typeof value === "string") return hasNul(value);
  if (Array.isArray(value)) return value.some(holdsNul);
  return false;
}

function check(query: CompiledQuery): void {
  if (query.parameters.some(holdsNul)) throw nulRefused("A value given to the database");
}

const guarded = new WeakSet<DatabaseConnection>();

/**
 * Wraps the methods of the driver's own connection objects in place: drivers recognise their
 * connections by identity (and private fields) when they are released, so no proxy stands in.
 */
function guardDriver(driver: Driver): Driver {
  const acquire = driver.acquireConnection.bind(driver);
  driver.acquireConnection = async () => {
    const connection = await acquire();
    if (!guarded.has(connection)) {
      guarded.add(connection);
      const execute = connection.executeQuery.bind(connection);
      const stream = connection.streamQuery.bind(connection);
      connection.executeQuery = <R>(query: CompiledQuery) => {
        check(query);
        return execute<R>(query);
      };
      connection.streamQuery = <R>(query: CompiledQuery, chunkSize?: number) => {
        check(query);
        return stream<R>(query, chunkSize);
      };
    }
    return connection;
  };
  return driver;
}
