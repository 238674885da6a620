import { Hono } from "hono";
import type { AppEnv } from "../env.ts";

/** /desk/entries: the entry list and editor (to be built). */
export function entriesRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>();
}
