import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { refusingNul } from "./refuse-nul.ts";
import type { Database } from "./schema.ts";

export function openPostgres(url: string): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // count(*) and other int8 values arrive as strings by default; our counts fit in a double.
  pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
  return new Kysely<Database>({ dialect: refusingNul(new PostgresDialect({ pool })) });
}
