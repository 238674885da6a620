// Whether dist/ was built from the sources as they are now: the newest modification time under
// src/ is the build's own record or older. Shared by bin/summa.js and scripts/build.mjs.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** The newest mtime (ms) of any file under `dir`, or 0 when there is none. */
export function newestSourceMtime(dir) {
  let newest = 0;
  let names;
  try {
    names = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of names) {
    const path = join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestSourceMtime(path) : statSync(path).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  // A folder's own mtime moves when a file in it is removed or renamed.
  return Math.max(newest, statSync(dir).mtimeMs);
}

/** True when dist/ exists and no file under src/ changed since it was built. */
export function buildIsFresh(root) {
  let built;
  try {
    built = JSON.parse(readFileSync(join(root, "dist/build.json"), "utf8"));
  } catch {
    return false;
  }
  return newestSourceMtime(join(root, "src")) <= built.sourcesAsOf;
}
