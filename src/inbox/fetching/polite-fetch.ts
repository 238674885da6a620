import { SummaError } from "../../domain/errors.ts";
import { readBodyLimited, refusedAddress } from "../../metadata/index.ts";
import { decodeText } from "../sources/decode.ts";
import { sourceError } from "../sources/errors.ts";

export interface PoliteFetchOptions {
  /** Names Summa and whom to write to: "Summa (Alignment Newsletter; mailto:rohin@example.org)". */
  userAgent: string;
  /** Least time between the end of one request to a host and the start of the next. */
  minIntervalMs: number;
  /** Per-host intervals over minIntervalMs (arXiv asks for 3 s: DEFAULT_HOST_INTERVALS). */
  hostIntervals: Record<string, number>;
  /**
   * Attempts of one request when the server answers 429 or 503 or the connection drops, before
   * the headers or during the body (the first included); a timeout is tried at most twice
   * whatever this says.
   */
  maxAttempts: number;
  /** The first backoff when a 429/503 has no Retry-After, or a connection dropped; doubled at each attempt. */
  backoffMs: number;
  /** The longest wait Summa accepts (a Retry-After of an hour gives up instead). */
  maxWaitMs: number;
  maxBytes: number;
  timeoutMs: number;
  maxRedirects: number;
  /** Whether loopback and private addresses may be fetched: tests only. */
  allowPrivate: boolean;
  fetchImpl: typeof fetch;
  /** The clock and the sleep the intervals and backoffs use (tests pass a fake pair). */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/** arXiv's terms of use: no more than one request every three seconds, on one connection. */
export const DEFAULT_HOST_INTERVALS: Record<string, number> = {
  "export.arxiv.org": 3000,
  "arxiv.org": 3000,
  "rss.arxiv.org": 3000,
};

export const DEFAULT_POLITE_OPTIONS: Omit<PoliteFetchOptions, "userAgent"> = {
  minIntervalMs: 1000,
  hostIntervals: DEFAULT_HOST_INTERVALS,
  maxAttempts: 4,
  backoffMs: 2000,
  maxWaitMs: 120_000,
  maxBytes: 10 * 1024 * 1024,
  timeoutMs: 30_000,
  maxRedirects: 5,
  allowPrivate: false,
  fetchImpl: (input, init) => fetch(input, init),
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface PoliteRequest {
  url: string;
  /** The source's name, for errors. */
  source: string;
  accept: string;
  method?: "GET" | "POST";
  body?: string;
  contentType?: string;
  /** Validators from the last fetch: sent as If-None-Match / If-Modified-Since. */
  etag?: string | null;
  lastModified?: string | null;
}

export type PoliteResponse =
  | { notModified: true; url: string }
  | {
      notModified: false;
      url: string;
      status: number;
      contentType: string;
      text: string;
      etag: string | null;
      lastModified: string | null;
    };

export interface PoliteFetcher {
  fetch(request: PoliteRequest): Promise<PoliteResponse>;
}

/**
 * The one way the inbox's sources reach the network. Per host, one request at a time and at
 * least the host's interval between them (a queue per host: two sources on arXiv wait their
 * turn); 429 and 503 retried after Retry-After (seconds or a date) or an exponential backoff,
 * a bounded number of times, and so is a connection refused, reset or closed before the answer
 * or while its body streams (a timeout is retried once only); conditional GET, a 304 being "nothing new"; redirects followed by
 * hand with each address checked; a body read up to maxBytes and decoded by its declared
 * charset. Every failure is a coded error naming the source.
 */
export function politeFetcher(options: Partial<PoliteFetchOptions> & { userAgent: string }): PoliteFetcher {
  const o: PoliteFetchOptions = { ...DEFAULT_POLITE_OPTIONS, ...options };
  const lanes = new Map<string, Promise<void>>();
  const lastEnd = new Map<string, number>();

  /** Runs `work` when the host's previous request is done and its interval has passed. */
  async function inLane<T>(host: string, work: () => Promise<T>): Promise<T> {
    const previous = lanes.get(host) ?? Promise.resolve();
    let release!: () => void;
    lanes.set(
      host,
      previous.then(() => new Promise<void>((r) => (release = r))),
    );
    await previous;
    try {
      const interval = o.hostIntervals[host] ?? o.minIntervalMs;
      const last = lastEnd.get(host);
      if (last !== undefined) {
        const wait = last + interval - o.now();
        if (wait > 0) await o.sleep(wait);
      }
      return await work();
    } finally {
      lastEnd.set(host, o.now());
      release();
    }
  }

  async function once(request: PoliteRequest, target: string): Promise<Response> {
    const headers: Record<string, string> = { accept: request.accept, "user-agent": o.userAgent };
    if (request.etag) headers["if-none-match"] = request.etag;
    if (request.lastModified) headers["if-modified-since"] = request.lastModified;
    if (request.contentType) headers["content-type"] = request.contentType;
    await checkAddress(target, request.source, o.allowPrivate);
    try {
      return await o.fetchImpl(target, {
        method: request.method ?? "GET",
        body: request.body,
        headers,
        redirect: "manual",
        signal: AbortSignal.timeout(o.timeoutMs),
      });
    } catch (err) {
      throw faultOf(err as Error, request.source, target, `no answer within ${o.timeoutMs} ms`);
    }
  }

  /**
   * The body, read up to maxBytes: a connection dropped (or the time running out) while it
   * streams is the same passing fault as one before the headers, so it is retried alike; the
   * size limit and anything else are final.
   */
  async function body(response: Response, request: PoliteRequest, target: string): Promise<Uint8Array> {
    try {
      return await readLimited(response, request.source, target, o.maxBytes);
    } catch (err) {
      if (err instanceof SummaError) throw err;
      throw faultOf(err as Error, request.source, target, `the answer did not end within ${o.timeoutMs} ms`);
    }
  }

  return {
    async fetch(request) {
      let target = request.url;
      let redirects = 0;
      let timeouts = 0;
      for (let attempt = 1; ; ) {
        const host = new URL(target).host;
        const outcome = await inLane(host, async (): Promise<Outcome> => {
          let response: Response;
          try {
            response = await once(request, target);
          } catch (err) {
            if (err instanceof TransientFault) return { fault: err };
            throw err;
          }
          const location = response.headers.get("location");
          if (response.status >= 300 && response.status < 400 && response.status !== 304 && location) {
            await response.body?.cancel();
            return { redirect: new URL(location, target).toString() };
          }
          if (response.status === 429 || response.status === 503) {
            await response.body?.cancel();
            return {
              retry: retryAfterMs(response.headers.get("retry-after"), o.now()),
              status: response.status,
            };
          }
          if (response.status === 304) {
            await response.body?.cancel();
            return { done: { notModified: true, url: target } };
          }
          if (response.status < 200 || response.status >= 300) {
            await response.body?.cancel();
            throw sourceError(
              "source.fetch_failed",
              request.source,
              `${target}: the server answered ${response.status}`,
            );
          }
          const contentType = response.headers.get("content-type") ?? "";
          if (/^\s*(application\/(pdf|octet-stream|zip|gzip)|image\/|audio\/|video\/)/i.test(contentType)) {
            await response.body?.cancel();
            throw sourceError(
              "source.malformed",
              request.source,
              `${target} answered ${contentType.split(";")[0]}, not text`,
            );
          }
          let bytes: Uint8Array;
          try {
            bytes = await body(response, request, target);
          } catch (err) {
            if (err instanceof TransientFault) return { fault: err };
            throw err;
          }
          return {
            done: {
              notModified: false,
              url: target,
              status: response.status,
              contentType,
              text: decodeText(bytes, contentType, request.source),
              etag: response.headers.get("etag"),
              lastModified: response.headers.get("last-modified"),
            },
          };
        });
        if ("done" in outcome) return outcome.done;
        if ("redirect" in outcome) {
          if (request.method === "POST")
            throw sourceError(
              "source.fetch_failed",
              request.source,
              `${target}: redirected a POST to ${outcome.redirect}`,
            );
          if (++redirects > o.maxRedirects)
            throw sourceError(
              "source.fetch_failed",
              request.source,
              `${request.url}: more than ${o.maxRedirects} redirects`,
            );
          target = outcome.redirect;
          continue;
        }
        if ("fault" in outcome) {
          // Every request here is a read (GETs, and the forum's GraphQL query POST): sending it
          // again is safe. A timeout already cost timeoutMs, so it is tried once more at most.
          const { error, problem, timedOut } = outcome.fault;
          if (timedOut && ++timeouts > 1) throw error;
          if (attempt >= o.maxAttempts)
            throw sourceError("source.fetch_failed", request.source, `${problem} (${attempt} attempts)`);
          await o.sleep(Math.min(o.backoffMs * 2 ** (attempt - 1), o.maxWaitMs));
          attempt++;
          continue;
        }
        if (attempt >= o.maxAttempts)
          throw sourceError(
            "source.fetch_failed",
            request.source,
            `${target}: the server answered ${outcome.status} ${attempt} times (busy or rate-limited); try again later`,
          );
        const wait = outcome.retry ?? o.backoffMs * 2 ** (attempt - 1);
        if (wait > o.maxWaitMs)
          throw sourceError(
            "source.fetch_failed",
            request.source,
            `${target}: the server answered ${outcome.status} and asks to wait ${Math.ceil(wait / 1000)} s, more than ${Math.ceil(o.maxWaitMs / 1000)} s`,
          );
        await o.sleep(wait);
        attempt++;
      }
    },
  };
}

/** What one exchange with the host ended in. */
type Outcome =
  | { done: PoliteResponse }
  | { redirect: string }
  | { retry: number | null; status: number }
  | { fault: TransientFault };

/** A request that got no answer for a reason that may pass: a dropped connection, a timeout. */
class TransientFault extends Error {
  constructor(
    readonly error: SummaError,
    readonly problem: string,
    readonly timedOut: boolean,
  ) {
    super(error.message);
  }
}

/**
 * A failed exchange as a coded error naming the source: a TransientFault (to retry) when the
 * time ran out or the connection dropped, else the error itself (to throw).
 */
function faultOf(e: Error, source: string, target: string, lateReason: string): TransientFault | SummaError {
  const timedOut = e.name === "TimeoutError";
  const reason = timedOut ? lateReason : ((e.cause as Error | undefined)?.message ?? e.message);
  const problem = `${target}: ${reason}`;
  const error = sourceError("source.fetch_failed", source, problem);
  return timedOut || isDroppedConnection(e) ? new TransientFault(error, problem, timedOut) : error;
}

/** Node's (undici's) codes for a connection refused, reset or closed before or during the answer. */
const DROPPED_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** Whether a failed fetch is a dropped connection (the error or its cause carries the code). */
function isDroppedConnection(err: Error): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && DROPPED_CODES.has(code)) return true;
    if (/socket hang up|other side closed/i.test(e.message)) return true;
  }
  return false;
}

/** Retry-After in ms: delta-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (!header) return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

async function readLimited(
  response: Response,
  source: string,
  url: string,
  maxBytes: number,
): Promise<Uint8Array> {
  return readBodyLimited(response, maxBytes, () =>
    sourceError("source.too_large", source, `${url}: the answer is larger than ${maxBytes} bytes`),
  );
}

/** Refuses non-http(s) addresses and, unless allowed, hosts on loopback or private networks. */
async function checkAddress(target: string, source: string, allowPrivate: boolean): Promise<void> {
  let refused: string | null;
  try {
    refused = await refusedAddress(target, allowPrivate);
  } catch (err) {
    throw sourceError("source.fetch_failed", source, `${target}: ${(err as Error).message}`);
  }
  if (refused) throw sourceError("source.fetch_failed", source, refused);
}
