import { Hono } from "hono";
import type { AppEnv } from "../env.ts";

/** /desk/taxonomy: editing sections and categories (to be built). */
export function taxonomyRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>();
}
