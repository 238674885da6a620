import { Hono } from "hono";
import { loadTaxonomy } from "../../issues/index.ts";
import type { AppEnv } from "../env.ts";
import { presentTaxonomy } from "./present.ts";

/** /taxonomy: the sections and their categories, the names the `section` and `category` filters take. */
export function taxonomyRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/taxonomy", async (c) => c.json(presentTaxonomy(await loadTaxonomy(c.var.store))));
  return app;
}
