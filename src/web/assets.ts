import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { Context, Hono } from "hono";
import type { AppEnv } from "./env.ts";
import { acceptedEncoding, type Encoding, isCompressible, matchesEtag } from "./http/index.ts";

const TYPES: Record<string, string> = {
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".txt": "text/plain; charset=utf-8",
};

/** A fingerprinted address never changes meaning: a new file is a new address. */
const IMMUTABLE = "public, max-age=31536000, immutable";
/** The plain address (/assets/site.css) may change with a release: caches check back soon. */
const SHORT = "public, max-age=300";

interface Asset {
  body: Uint8Array<ArrayBuffer>;
  type: string;
  etag: string;
  /** "site.3f2a9c0d1e.css": the name with its content's hash, the address pages link to. */
  fingerprinted: string;
  /** Compressed once at start-up, at the best (slowest) settings: the files are small. */
  encoded: Partial<Record<Encoding, Uint8Array<ArrayBuffer>>>;
}

const ASSET_DIR = fileURLToPath(new URL("./assets/", import.meta.url));

function loadAsset(name: string, type: string): Asset {
  const body = new Uint8Array(readFileSync(join(ASSET_DIR, name)));
  const hash = createHash("sha256").update(body).digest("hex").slice(0, 10);
  const ext = extname(name);
  const encoded: Asset["encoded"] = {};
  if (isCompressible(type) && body.length >= 1024) {
    encoded.br = new Uint8Array(
      brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
    );
    encoded.gzip = new Uint8Array(gzipSync(body, { level: 9 }));
  }
  return {
    body,
    type,
    etag: `"${hash}"`,
    fingerprinted: `${name.slice(0, -ext.length)}.${hash}${ext}`,
    encoded,
  };
}

let loaded: Map<string, Asset> | undefined;

/** The files in src/web/assets, read once: they are small and never change while running. */
function assets(): Map<string, Asset> {
  if (loaded) return loaded;
  loaded = new Map();
  for (const name of readdirSync(ASSET_DIR)) {
    const type = TYPES[extname(name)];
    if (type) loaded.set(name, loadAsset(name, type));
  }
  return loaded;
}

/**
 * The address a page links an asset by ("site.css" -> "/assets/site.3f2a9c0d1e.css"): its
 * content's hash is in the name, so it is cached for a year and a new release is a new address.
 */
export function assetUrl(name: string): string {
  const asset = assets().get(name);
  if (!asset) throw new Error(`No asset ${name} in src/web/assets`);
  return `/assets/${asset.fingerprinted}`;
}

function serveAsset(c: Context<AppEnv>, asset: Asset, cacheControl: string): Response {
  const compressible = asset.encoded.br !== undefined;
  const common: Record<string, string> = { ETag: asset.etag, "Cache-Control": cacheControl };
  if (compressible) common.Vary = "Accept-Encoding";
  if (matchesEtag(c.req.header("if-none-match"), asset.etag)) return c.body(null, 304, common);
  const encoding = compressible ? acceptedEncoding(c.req.header("accept-encoding")) : null;
  const body = (encoding && asset.encoded[encoding]) || asset.body;
  const headers: Record<string, string> = { ...common, "Content-Type": asset.type };
  if (encoding && body !== asset.body) headers["Content-Encoding"] = encoding;
  return c.body(body, 200, headers);
}

/**
 * Serves /assets/NAME (a short cache lifetime) and /assets/NAME.HASH.EXT (immutable for a
 * year; only the current hash is found), with an ETag, 304 when unchanged, and the body
 * compressed ahead of time; and /favicon.ico, the site's icon, for browsers that ask there.
 */
export function mountAssets(app: Hono<AppEnv>): void {
  const byFingerprint = new Map([...assets().values()].map((a) => [a.fingerprinted, a]));
  app.get("/assets/:name", (c) => {
    const name = c.req.param("name");
    const pinned = byFingerprint.get(name);
    if (pinned) return serveAsset(c, pinned, IMMUTABLE);
    const asset = assets().get(name);
    return asset ? serveAsset(c, asset, SHORT) : c.notFound();
  });
  app.get("/favicon.ico", (c) => serveAsset(c, assets().get("icon.svg")!, "public, max-age=86400"));
}
