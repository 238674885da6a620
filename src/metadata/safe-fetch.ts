import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { SummaError } from "../domain/errors.ts";

export interface SafeFetchOptions {
  accept: string;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  userAgent: string;
  /**
   * Whether addresses on loopback and private networks may be fetched. Off in production, so a
   * redirect cannot point the server at its own network; tests turn it on for 127.0.0.1.
   */
  allowPrivate: boolean;
}

export interface FetchedText {
  /** The final address, after redirects. */
  url: string;
  status: number;
  contentType: string;
  text: string;
}

/**
 * GET with the rules an outside call needs: a timeout over the whole exchange, redirects
 * followed by hand (each hop checked, at most maxRedirects), a body read up to maxBytes, and
 * every failure a coded error naming the address asked for.
 */
export async function fetchText(url: string, options: SafeFetchOptions): Promise<FetchedText> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  let target = url;
  try {
    for (let hop = 0; ; hop++) {
      await checkAddress(target, url, options.allowPrivate);
      const response = await fetch(target, {
        redirect: "manual",
        signal,
        headers: { accept: options.accept, "user-agent": options.userAgent },
      });
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        if (hop >= options.maxRedirects)
          throw failed(url, `more than ${options.maxRedirects} redirects`, "metadata.fetch_failed");
        target = new URL(location, target).toString();
        continue;
      }
      const text = await readLimited(response, url, options.maxBytes);
      return {
        url: target,
        status: response.status,
        contentType: response.headers.get("content-type") ?? "",
        text,
      };
    }
  } catch (err) {
    if (err instanceof SummaError) throw err;
    if (signal.aborted) throw failed(url, `no answer within ${options.timeoutMs} ms`, "metadata.timeout");
    const reason =
      err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
    throw failed(url, reason, "metadata.fetch_failed");
  }
}

async function readLimited(response: Response, url: string, maxBytes: number): Promise<string> {
  const bytes = await readBodyLimited(response, maxBytes, () =>
    failed(url, `the answer is larger than ${maxBytes} bytes`, "metadata.too_large"),
  );
  return Buffer.from(bytes).toString("utf8");
}

/**
 * A response's body, refused as soon as it is known to pass maxBytes: by its Content-Length,
 * else while it streams (a server may send more than it declared, or declare nothing).
 * `tooLarge` makes the caller's own error.
 */
export async function readBodyLimited(
  response: Response,
  maxBytes: number,
  tooLarge: () => Error,
): Promise<Uint8Array> {
  if (Number(response.headers.get("content-length") ?? "0") > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (!response.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** Refuses non-http(s) addresses, and (unless allowed) hosts on loopback or private networks. */
async function checkAddress(target: string, asked: string, allowPrivate: boolean): Promise<void> {
  const refused = await refusedAddress(target, allowPrivate);
  if (refused) throw failed(asked, refused, "metadata.fetch_failed");
}

/**
 * Why an address may not be fetched from the server: not http(s), or (unless allowed) a host
 * that resolves to loopback or a private network, so a link or a redirect cannot point the
 * server at its own network. Null when it may. A name that does not resolve throws.
 */
export async function refusedAddress(target: string, allowPrivate: boolean): Promise<string | null> {
  const parsed = new URL(target);
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    return `refused to fetch the ${parsed.protocol} address ${target}`;
  if (allowPrivate) return null;
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  const inside = addresses.find(isPrivateAddress);
  return inside ? `refused to fetch ${target}: it is on a private network (${inside})` : null;
}

/** Loopback, private (RFC 1918, unique local), link-local, unspecified and carrier-grade NAT. */
export function isPrivateAddress(address: string): boolean {
  const v4 = /^(?:::ffff:)?(\d+)\.(\d+)\.\d+\.\d+$/i.exec(address);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  const v6 = address.toLowerCase();
  return v6 === "::" || v6 === "::1" || /^f[cd]/.test(v6) || /^fe[89ab]/.test(v6);
}

function failed(
  url: string,
  reason: string,
  code: "metadata.fetch_failed" | "metadata.timeout" | "metadata.too_large",
) {
  return new SummaError(code, `${url}: ${reason}`, { url });
}
