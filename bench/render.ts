/**
 * Renders every AN issue of the real sheet in every format and prints the time per issue and
 * per format. Baseline in the same run: markdown-it rendering the same issues' raw Markdown
 * (summaries and opinions concatenated), the floor any renderer of this content pays.
 *
 *   node --import tsx bench/render.ts [--rounds 3]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importFrom } from "../src/entries/index.ts";
import type { IssueView } from "../src/formats/render/issue-view.ts";
import { markdown } from "../src/formats/render/markdown-engine.ts";
import { ISSUE_FORMATS, loadIssueView, renderIssue } from "../src/issues/index.ts";
import { listIssues, openStore } from "../src/store/index.ts";
import { machine, median, numberFlag, REAL_XLSX, requireFile, round, table } from "./lib/common.ts";

requireFile(REAL_XLSX, "The AN sheet (an-database-2022.xlsx)");
const rounds = numberFlag("rounds", 3);
const dir = mkdtempSync(join(tmpdir(), "summa-bench-render-"));
const store = await openStore(join(dir, "bench.db"));
try {
  await importFrom(store, REAL_XLSX);
  const numbers = (await listIssues(store.db)).map((i) => i.number);

  let t = performance.now();
  const views: IssueView[] = [];
  for (const n of numbers) views.push(await loadIssueView(store, n));
  const loadMs = performance.now() - t;

  const perFormat: Record<string, number[]> = Object.fromEntries(ISSUE_FORMATS.map((f) => [f, []]));
  const baseline: number[] = [];
  for (let round_ = 0; round_ < rounds; round_++) {
    for (const format of ISSUE_FORMATS) {
      t = performance.now();
      let bytes = 0;
      for (const v of views) bytes += renderIssue(v, format).length;
      perFormat[format]!.push((performance.now() - t) / views.length);
      if (bytes === 0) throw new Error("rendered nothing");
    }
    t = performance.now();
    for (const v of views) {
      const all = [...v.highlights, ...v.sections.flatMap((s) => s.categories.flatMap((c) => c.entries))];
      markdown.render(all.map((e) => `${e.summary}\n\n${e.opinion}`).join("\n\n"));
    }
    baseline.push((performance.now() - t) / views.length);
  }
  const base = median(baseline);
  const rows: (string | number)[][] = ISSUE_FORMATS.map((f) => {
    const ms = median(perFormat[f]!);
    return [f, round(ms, 3), round(ms / base, 2)];
  });
  rows.push(["baseline: markdown-it on the raw Markdown", round(base, 3), 1]);
  process.stdout.write(
    `Rendering ${views.length} issues (median of ${rounds} rounds); loading all views from SQLite took ${round(loadMs)} ms (${round(loadMs / views.length, 2)} ms/issue)\n\n`,
  );
  process.stdout.write(`${table(["format", "ms per issue", "x baseline"], rows)}\n`);
  process.stdout.write(
    `${JSON.stringify({ bench: "render", issues: views.length, loadMsPerIssue: round(loadMs / views.length, 3), msPerIssue: Object.fromEntries(rows.map((r) => [r[0], r[1]])), machine: machine() })}\n`,
  );
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
