/**
 * A node:test reporter that writes, as JSON, how many seconds each file's top-level tests took
 * ({ "test/x.test.ts": 1.2 }), for test/durations.json (see run-tests.mjs). Tests written in a
 * shared case file (`*.case.ts`, registered by the test files that import it) count for the
 * test files that import it, in equal parts.
 */
import { readFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { findTestFiles } from "./test-batches.mjs";

const root = new URL("../..", import.meta.url).pathname;

export default async function* durations(source) {
  const seconds = {};
  for await (const event of source) {
    if (
      (event.type === "test:pass" || event.type === "test:fail") &&
      event.data.nesting === 0 &&
      event.data.file
    ) {
      const file = relative(root, event.data.file);
      seconds[file] = (seconds[file] ?? 0) + event.data.details.duration_ms / 1000;
    }
  }
  const byTestFile = {};
  const add = (file, s) => {
    byTestFile[file] = (byTestFile[file] ?? 0) + s;
  };
  for (const [file, s] of Object.entries(seconds)) {
    if (file.endsWith(".test.ts")) add(file, s);
    else {
      const importers = findTestFiles(root).filter((t) =>
        readFileSync(join(root, t), "utf8").includes(basename(file)),
      );
      for (const t of importers) add(t, s / importers.length);
    }
  }
  const rounded = Object.fromEntries(
    Object.entries(byTestFile).map(([f, s]) => [f, Math.round(s * 10) / 10]),
  );
  yield `${JSON.stringify(rounded)}\n`;
}
