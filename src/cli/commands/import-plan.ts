import type { ImportPlan, PlannedRow } from "../../entries/index.ts";

/** Rows listed per group; the rest are counted (--json lists every row). */
const LISTED = 20;

/** `summa import FILE --dry-run`: the plan's figures, then each group's first rows. */
export function formatPlan(plan: ImportPlan, where: string): string {
  const lines = [
    `Dry run: ${plan.file} (${plan.format}, ${plan.rows} rows) into ${where}; nothing was written (${(plan.ms / 1000).toFixed(1)} s)`,
    `  would add ${plan.added.length}, change ${plan.changed.length}, leave ${plan.unchanged.length} unchanged, skip ${plan.skipped.length}`,
  ];
  if (plan.newIssues.length)
    lines.push(`  new issues: ${plan.newIssues.length} (${issueList(plan.newIssues)})`);
  if (plan.newCategories.length)
    lines.push(`  new categories (in section "Unsorted"): ${plan.newCategories.join(", ")}`);
  if (plan.unknownColumns.length) lines.push(`  ignored columns: ${plan.unknownColumns.join(", ")}`);
  group(lines, "added", plan.added, (r) => `${label(r)}`);
  group(lines, "changed", plan.changed, (r) => `${label(r)}: ${(r.fields ?? []).join(", ")}`);
  group(lines, "skipped", plan.skipped, (r) => (r.title ? `${label(r)}: ${r.reason}` : `${r.reason}`));
  return `${lines.join("\n")}\n`;
}

function label(r: PlannedRow): string {
  return r.issue ? `${r.title} (${r.issue})` : r.title;
}

function group(lines: string[], name: string, rows: PlannedRow[], describe: (r: PlannedRow) => string): void {
  if (rows.length === 0) return;
  lines.push(`${name[0]!.toUpperCase()}${name.slice(1)}:`);
  for (const r of rows.slice(0, LISTED)) lines.push(`  row ${r.row}: ${describe(r)}`);
  if (rows.length > LISTED) lines.push(`  ... and ${rows.length - LISTED} more ${name} rows`);
}

/** "1-3, 7": runs of consecutive issue numbers. */
function issueList(numbers: number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < numbers.length; ) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j]! + 1) j++;
    runs.push(i === j ? `#${numbers[i]}` : `#${numbers[i]}-#${numbers[j]}`);
    i = j + 1;
  }
  return runs.join(", ");
}
