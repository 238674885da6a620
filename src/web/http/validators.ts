import { createHash } from "node:crypto";

/**
 * A weak ETag from a body's bytes. Weak, because the same page goes out plain, gzip or brotli
 * under one tag (as nginx does when it compresses): the representations mean the same.
 */
export function bodyEtag(body: Uint8Array): string {
  return `W/"${createHash("sha1").update(body).digest("base64url").slice(0, 22)}"`;
}

/**
 * Whether If-None-Match names this ETag (weak comparison, as RFC 9110 asks for GET and HEAD):
 * `*` matches anything; W/ is ignored on both sides.
 */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  const ours = opaque(etag);
  return ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || opaque(tag) === ours);
}
