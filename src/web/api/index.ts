import { Hono } from "hono";
import type { AppEnv } from "../env.ts";

/** The JSON API, version 1. */
export function apiRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  return app;
}
