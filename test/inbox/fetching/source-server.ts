import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type ArxivEntry, arxivFeed } from "../sources/fixtures.ts";

export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Close the connection without answering (the client sees "socket hang up" / ECONNRESET). */
  drop?: boolean;
  /**
   * Send the status, the headers (a Content-Length for the whole body) and half the body, then
   * close the connection: the client has its answer and loses it while reading the body.
   */
  dropInBody?: boolean;
}

export interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What a route answers: one answer, a list answered in turn (the last repeating), or a function of the request. */
export type Route = Answer | Answer[] | ((req: Seen) => Answer);

/**
 * A server on 127.0.0.1 answering what a test scripts, path by path (the query string is part
 * of the path matched only when the route names one), and recording every request it saw.
 */
export interface SourceServer {
  url: string;
  seen: Seen[];
  route(path: string, route: Route): void;
  close(): Promise<void>;
}

/** `port`: a given one (a test that brings a server up where a connection was refused); default: any free one. */
export async function sourceServer(options: { port?: number } = {}): Promise<SourceServer> {
  const routes = new Map<string, Route>();
  const turns = new Map<string, number>();
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const path = req.url ?? "/";
      const request: Seen = {
        method: req.method ?? "GET",
        path,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      seen.push(request);
      const key = routes.has(path) ? path : path.split("?")[0]!;
      const route = routes.get(key);
      let answer: Answer;
      if (!route) answer = { status: 404, body: "not here" };
      else if (typeof route === "function") answer = route(request);
      else if (Array.isArray(route)) {
        const turn = turns.get(key) ?? 0;
        turns.set(key, turn + 1);
        answer = route[Math.min(turn, route.length - 1)]!;
      } else answer = route;
      if (answer.drop) {
        req.socket.destroy();
        return;
      }
      const body = Buffer.from(answer.body ?? "");
      if (answer.dropInBody) {
        res.writeHead(answer.status ?? 200, { ...answer.headers, "content-length": String(body.length) });
        res.write(body.subarray(0, Math.floor(body.length / 2)), () => {
          // A moment for the headers and the half to reach the client before the connection goes.
          setTimeout(() => req.socket.destroy(), 20);
        });
        return;
      }
      res.writeHead(answer.status ?? 200, answer.headers ?? {});
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    route(path, route) {
      routes.set(path, route);
      turns.delete(path);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A fake clock whose sleep moves time on at once, keeping every wait it was asked for. */
export function fakeClock(start = Date.parse("2024-01-05T12:00:00Z")) {
  let t = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    date: () => new Date(t),
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    advance: (ms: number) => {
      t += ms;
    },
  };
}

/** The arXiv API: `papers()` newest first (ties as it lists them), paged by start/max_results. */
export function arxivRoute(papers: () => ArxivEntry[]) {
  return (req: { path: string }) => {
    const q = new URL(req.path, "http://x").searchParams;
    const start = Number(q.get("start"));
    const max = Number(q.get("max_results"));
    const all = papers();
    return {
      body: arxivFeed(all.slice(start, start + max), all.length, start),
      headers: { "content-type": "application/atom+xml; charset=utf-8" },
    };
  };
}
