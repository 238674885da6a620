import { createHash } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { publicContentVersion } from "../../archive/index.ts";
import type { Store } from "../../store/index.ts";
import type { AppEnv } from "../env.ts";
import { ByteLru } from "./byte-lru.ts";
import { answer, type Representation, readRepresentation, recompressLater } from "./representation.ts";
import { matchesEtag } from "./validators.ts";

/**
 * Public reads whose answer depends only on the address and the published content: the
 * pages, feeds, sitemap and the API's reads. Never the desk, the subscription pages (personal
 * links, forms) or anything else: an address not listed here is rendered every time.
 */
const CACHED_PATHS = [
  /^\/(issues|database|database\/lookup|database\/suggest)?$/,
  /^\/issues\/[0-9]+(\.(md|txt))?$/,
  /^\/entries\/[0-9]+$/,
  /^\/(feed\.xml|atom\.xml|feed\.json|sitemap\.xml|robots\.txt)$/,
  /^\/api\/v1\/(entries|issues|taxonomy|lookup|openapi\.json)$/,
  /^\/api\/v1\/entries\/[0-9]+(\/similar)?$/,
  /^\/api\/v1\/issues\/[0-9]+(\/render\/[a-z]+)?$/,
];
const DOWNLOADS = /^\/database\/download\.[a-z]+$/;
/** Answered by the asset route itself, compressed ahead of time. */
const ASSETS = /^\/(assets\/|favicon\.ico$)/;

/** Says whether a public read came from the cache (hit) or was rendered (miss): for operators and tests. */
export const CACHE_HEADER = "X-Summa-Cache";

interface CachedPage {
  rep: Representation;
  /** content_version when it was rendered. */
  version: string;
  /** The UTC day it was rendered on: feeds and lists leave out issues dated later. */
  day: string;
}

export interface PageCacheOptions {
  /** Bytes of pages (plain and compressed copies) kept per process; 0 turns the cache off. */
  maxBytes?: number;
}

/** 64 MB holds every page of a newsletter the size of AN several times over. */
export const DEFAULT_PAGE_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * The address as a cache key: its parameters sorted (`?b=1&a=2` and `?a=2&b=1` are one page),
 * with the origin, which feeds and the sitemap use when newsletter.site_url is unset.
 */
export function pageKey(url: string): string {
  const u = new URL(url);
  const params = [...u.searchParams].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${u.origin}${u.pathname}?${new URLSearchParams(params)}`;
}

/**
 * Puts a new response in place of the route's. Hono's `c.res =` copies the old response's
 * headers onto the new one (a Content-Length of the plain body would then describe the
 * compressed one): clearing it first makes the new response the whole answer.
 */
function replaceResponse(c: Context<AppEnv>, res: Response): void {
  c.res = undefined as unknown as Response;
  c.res = res;
}

const utcDay = () => new Date().toISOString().slice(0, 10);

/**
 * HTTP caching for every GET and HEAD:
 *
 * - public reads (CACHED_PATHS) come from a per-process cache of rendered responses, bounded
 *   in bytes. Each request reads content_version (one indexed row, bumped by the database in
 *   the same transaction as any change to what the site shows), and a page rendered at another
 *   version, or on another UTC day, is rendered again: a correction published through any
 *   process shows at once on every process sharing the database;
 * - downloads get an ETag made of the content version and the address, checked before the
 *   file is built, so a client that has it gets 304 without the build's second of CPU;
 * - every other 200 that is not no-store gets an ETag from its body, 304 when it matches, and
 *   gzip or brotli for text by Accept-Encoding (with Vary: Accept-Encoding).
 */
export function httpCaching(store: Store, options: PageCacheOptions = {}): MiddlewareHandler<AppEnv> {
  const cache = new ByteLru<CachedPage>(options.maxBytes ?? DEFAULT_PAGE_CACHE_BYTES);
  /**
   * Renders under way, by key: a page many clients ask for at once (a new issue, just
   * announced) is rendered once, the others wait for it instead of each rendering it too.
   */
  const rendering = new Map<string, Promise<void>>();
  const fresh = (key: string, version: string, day: string) => {
    const hit = cache.get(key);
    return hit && hit.version === version && hit.day === day ? hit : undefined;
  };
  return async (c, next) => {
    const path = c.req.path;
    // Hono routes HEAD to the GET handlers (and drops the body), but the request still says HEAD.
    const method = c.req.method;
    if ((method !== "GET" && method !== "HEAD") || ASSETS.test(path)) return next();
    if (cache.maxBytes > 0 && CACHED_PATHS.some((p) => p.test(path))) {
      const version = await publicContentVersion(store);
      const day = utcDay();
      const key = pageKey(c.req.url);
      const under = rendering.get(key);
      if (under) await under;
      const hit = fresh(key, version, day);
      if (hit) {
        const grow = (bytes: number) => cache.grow(key, hit, bytes);
        const res = await answer(c, hit.rep, grow);
        res.headers.set(CACHE_HEADER, "hit");
        recompressLater(hit.rep, grow);
        return res;
      }
      cache.delete(key);
      let rendered = () => {};
      rendering.set(key, new Promise<void>((resolve) => (rendered = resolve)));
      try {
        await next();
        // A response that sets a cookie is someone's, never the page's.
        if (c.res.headers.has("set-cookie")) return;
        const rep = await readRepresentation(c.res);
        if (!rep) return;
        if (!rep.headers.some(([name]) => name === "cache-control"))
          rep.headers.push(["cache-control", "public, no-cache"]);
        const page = { rep, version, day };
        cache.set(key, page, rep.body.length);
        const grow = (bytes: number) => cache.grow(key, page, bytes);
        const res = await answer(c, rep, grow);
        res.headers.set(CACHE_HEADER, "miss");
        recompressLater(rep, grow);
        replaceResponse(c, res);
        return;
      } finally {
        rendering.delete(key);
        rendered();
      }
    }
    if (DOWNLOADS.test(path)) {
      const version = await publicContentVersion(store);
      const key = createHash("sha1").update(pageKey(c.req.url)).digest("base64url").slice(0, 16);
      const etag = `W/"d${version}-${key}"`;
      if (matchesEtag(c.req.header("if-none-match"), etag))
        return c.body(null, 304, { ETag: etag, "Cache-Control": "private, max-age=0" });
      await next();
      if (c.res.status === 200) c.res.headers.set("ETag", etag);
    } else {
      await next();
    }
    if (c.res.headers.has("set-cookie")) return;
    const rep = await readRepresentation(c.res);
    if (rep) replaceResponse(c, await answer(c, rep));
  };
}
