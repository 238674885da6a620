import { Hono } from "hono";
import type { AppEnv } from "../env.ts";

/** /desk/issues: composing and publishing issues (to be built). */
export function issuesRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>();
}
