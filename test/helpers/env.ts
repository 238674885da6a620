import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The real AN data lives beside the repo in ../shared/an-data (third-party: never copied in).
 * Tests that need it skip with a reason when it is absent, unless SUMMA_REQUIRE_AN_DATA=1
 * (set by .ci/run), which turns the skip into a failure.
 */
export const AN_DATA_DIR = resolve(process.env.SUMMA_AN_DATA ?? join(REPO_ROOT, "../shared/an-data"));

export function anDataFile(name: string): string {
  return join(AN_DATA_DIR, name);
}

/** `false` when the real data is here, else the reason to skip (or a throw when it is required). */
export function needAnData(): false | string {
  if (existsSync(join(AN_DATA_DIR, "an-database-2022.xlsx"))) return false;
  if (process.env.SUMMA_REQUIRE_AN_DATA === "1") {
    throw new Error(`SUMMA_REQUIRE_AN_DATA=1 but the AN data is not at ${AN_DATA_DIR}`);
  }
  return "the real AN data (../shared/an-data) is not on this machine";
}
