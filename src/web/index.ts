export { type AppOptions, createApp } from "./app.tsx";
export type { AppEnv, Site } from "./env.ts";
export { type RunningServer, startServer } from "./server.ts";
