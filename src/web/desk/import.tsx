import { Hono } from "hono";
import type { AppEnv } from "../env.ts";

/** /desk/import: spreadsheet upload with the importer's report (to be built). */
export function importRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>();
}
