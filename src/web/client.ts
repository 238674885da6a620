import type { Context } from "hono";

/**
 * The client a request is counted against (login attempts, sign-ups): the socket's address.
 * No proxy header is trusted (anyone can send X-Forwarded-For); behind a reverse proxy every
 * client shares the proxy's address, so per-client limits then apply to the whole site.
 * In-process requests (tests) have no socket: "local".
 */
export function clientAddress(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? "local";
}
