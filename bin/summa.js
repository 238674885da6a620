#!/usr/bin/env node
// Runs the compiled CLI in dist/ (`npm install` builds it; so does `npm test`). When the sources
// changed since that build, or there is none, it runs them directly through tsx instead: slower
// to start, never stale.
import { buildIsFresh } from "./freshness.js";

const root = new URL("..", import.meta.url).pathname;
if (buildIsFresh(root)) {
  await import("../dist/summa.js");
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/cli/main.ts");
}
