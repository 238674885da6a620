import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Hono } from "hono";
import type { AppEnv } from "./env.ts";

const TYPES: Record<string, string> = {
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".txt": "text/plain; charset=utf-8",
};

interface Asset {
  body: Uint8Array<ArrayBuffer>;
  type: string;
  etag: string;
}

const ASSET_DIR = fileURLToPath(new URL("./assets/", import.meta.url));

/** The files in src/web/assets, read once: they are small and never change while running. */
function loadAssets(): Map<string, Asset> {
  const out = new Map<string, Asset>();
  for (const name of readdirSync(ASSET_DIR)) {
    const type = TYPES[extname(name)];
    if (!type) continue;
    const body = new Uint8Array(readFileSync(join(ASSET_DIR, name)));
    out.set(name, {
      body,
      type,
      etag: `"${createHash("sha1").update(body).digest("base64url").slice(0, 16)}"`,
    });
  }
  return out;
}

/** Serves /assets/NAME with an ETag (304 when unchanged) and a short cache lifetime. */
export function mountAssets(app: Hono<AppEnv>): void {
  const assets = loadAssets();
  app.get("/assets/:name", (c) => {
    const asset = assets.get(c.req.param("name"));
    if (!asset) return c.notFound();
    if (c.req.header("if-none-match") === asset.etag) return c.body(null, 304, { ETag: asset.etag });
    return c.body(asset.body, 200, {
      "Content-Type": asset.type,
      ETag: asset.etag,
      "Cache-Control": "public, max-age=300",
    });
  });
}
