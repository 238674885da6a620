import { type ServerType, serve } from "@hono/node-server";
import { inboxJobs } from "../inbox/index.ts";
import type { Store } from "../store/index.ts";
import { type AppOptions, createApp } from "./app.tsx";

export interface RunningServer {
  url: string;
  server: ServerType;
  close(): Promise<void>;
}

/** Serves the app over HTTP on host:port (port 0 picks a free one); `mail` as in createApp. */
export function startServer(
  store: Store,
  options: { port: number; host: string } & AppOptions,
): Promise<RunningServer> {
  // The inbox's background work (a retraining, a suggestion's lookup) finishes before close()
  // returns: the store it writes to is closed next.
  const jobs = options.inbox?.jobs ?? inboxJobs(store);
  const app = createApp(store, {
    mail: options.mail,
    passwordCost: options.passwordCost,
    onSignupQueued: options.onSignupQueued,
    pageCacheBytes: options.pageCacheBytes,
    metadata: options.metadata,
    inbox: { ...options.inbox, jobs },
  });
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, (info) => {
      const host = info.address.includes(":") ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${host}:${info.port}`,
        server,
        close: async () => {
          await new Promise<void>((done) => server.close(() => done()));
          await jobs.idle();
        },
      });
    });
    server.once("error", reject);
  });
}
