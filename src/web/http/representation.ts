import type { Context } from "hono";
import { acceptedEncoding, compress, type Encoding, isCompressible, MIN_COMPRESS_BYTES } from "./encoding.ts";
import { bodyEtag, matchesEtag } from "./validators.ts";

/** A 200 response held in memory: its headers, plain body, validator and compressed copies. */
export interface Representation {
  headers: [string, string][];
  body: Uint8Array<ArrayBuffer>;
  etag: string;
  compressible: boolean;
  encoded: Partial<Record<Encoding, Uint8Array<ArrayBuffer>>>;
  /** Set once its brotli copy has been (or is being) redone at the best settings. */
  bestBr?: boolean;
}

/** Headers that describe the bytes on the wire, set per answer rather than kept. */
const PER_ANSWER = new Set(["content-length", "content-encoding", "etag", "vary", "transfer-encoding"]);

/**
 * Reads a finished 200 response into memory, or returns null when it must go out as it is: a
 * coding already applied, no-store (desk pages, subscription links: they hold CSRF tokens and
 * personal links, and compressing secrets next to reflected input is the BREACH attack), or
 * another status.
 */
export async function readRepresentation(res: Response): Promise<Representation | null> {
  if (res.status !== 200 || !res.body) return null;
  if (res.headers.has("content-encoding")) return null;
  if (/no-store/i.test(res.headers.get("cache-control") ?? "")) return null;
  const body = new Uint8Array(await res.arrayBuffer());
  const headers: [string, string][] = [];
  res.headers.forEach((value, name) => {
    if (!PER_ANSWER.has(name)) headers.push([name, value]);
  });
  const compressible = isCompressible(res.headers.get("content-type")) && body.length >= MIN_COMPRESS_BYTES;
  return { headers, body, etag: res.headers.get("etag") ?? bodyEtag(body), compressible, encoded: {} };
}

/**
 * The answer to this request from a representation: 304 when If-None-Match names its ETag
 * (headers only), else the body in the best coding the client accepts, compressed now when
 * no copy in that coding exists yet (`onEncoded` is told, to count the bytes it keeps).
 */
/**
 * Cached bodies at least this large (the feeds, not pages or API answers) get a second brotli
 * copy at the best settings in the background: ~1.4 s of one core for a 400 KB feed.
 */
export const RECOMPRESS_BYTES = 128 * 1024;

/** One background recompression at a time per process: it must never take both cores. */
let recompressing = false;

/**
 * Replaces a large representation's quick brotli copy with one at the best settings (a feed:
 * 3.5x smaller becomes 4x), off the request path and one at a time; a representation that
 * lost its place in the cache meanwhile just goes with it. `onEncoded` gets the bytes it adds
 * (negative when the copy shrank).
 */
export function recompressLater(rep: Representation, onEncoded?: (bytes: number) => void): void {
  const quick = rep.encoded.br;
  if (recompressing || rep.bestBr || !quick || rep.body.length < RECOMPRESS_BYTES) return;
  recompressing = true;
  rep.bestBr = true;
  compress(rep.body, "br", "best")
    .then((best) => {
      if (best.length < quick.length && rep.encoded.br === quick) {
        rep.encoded.br = best;
        onEncoded?.(best.length - quick.length);
      }
    })
    .catch(() => {})
    .finally(() => {
      recompressing = false;
    });
}

export async function answer(
  c: Context,
  rep: Representation,
  onEncoded?: (bytes: number) => void,
): Promise<Response> {
  const headers = new Headers(rep.headers);
  headers.set("ETag", rep.etag);
  if (rep.compressible) headers.set("Vary", "Accept-Encoding");
  if (matchesEtag(c.req.header("if-none-match"), rep.etag)) {
    headers.delete("content-type");
    return new Response(null, { status: 304, headers });
  }
  let body = rep.body;
  const encoding = rep.compressible ? acceptedEncoding(c.req.header("accept-encoding")) : null;
  if (encoding) {
    let encoded = rep.encoded[encoding];
    if (!encoded) {
      encoded = await compress(rep.body, encoding);
      rep.encoded[encoding] = encoded;
      onEncoded?.(encoded.length);
    }
    body = encoded;
    headers.set("Content-Encoding", encoding);
  }
  headers.set("Content-Length", String(body.length));
  return new Response(body, { status: 200, headers });
}
