import { readFileSync } from "node:fs";

/**
 * Summa's version, from its package.json: two folders up from src/cli/ when run from the
 * sources, one up from dist/ when run from the build.
 */
function readVersion(): string {
  for (const path of ["../../package.json", "../package.json"]) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(path, import.meta.url), "utf8")) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === "summa" && pkg.version) return pkg.version;
    } catch {
      // Not here: try the next place.
    }
  }
  return "unknown";
}

export const SUMMA_VERSION = readVersion();
