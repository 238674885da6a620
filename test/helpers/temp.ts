import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const made = new Set<string>();

// Each test file runs in its own process (node --test), so its folders go when it exits, pass or
// fail; a test that wants one gone sooner removes it itself.
process.once("exit", () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder in the system's temporary directory, removed when the test file's process exits. */
export function tempDir(prefix = "summa-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.add(dir);
  return dir;
}
