import { Hono } from "hono";
import type { AppEnv } from "../env.ts";

/** /database: the public database browser (to be built). */
export function databaseRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>();
}
