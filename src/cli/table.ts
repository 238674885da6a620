/**
 * Plain-text tables for a terminal: columns sized to their content, the flexible column
 * (usually a title) truncated with "…" to fit the width.
 */
export interface Column<T> {
  header: string;
  value: (row: T) => string;
  /** Takes the space left over; truncated when the line is too wide. */
  flex?: boolean;
  align?: "left" | "right";
}

export function renderTable<T>(
  rows: readonly T[],
  columns: Column<T>[],
  /** The terminal's width; 120 columns off a terminal. */
  terminalWidth: number | undefined,
): string {
  const width = terminalWidth || 120;
  const cells = rows.map((r) => columns.map((c) => oneLine(c.value(r))));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((row) => row[i]!.length)));
  const gap = 2;
  const total = widths.reduce((a, b) => a + b, 0) + gap * (columns.length - 1);
  const flex = columns.findIndex((c) => c.flex);
  if (flex >= 0 && total > width) widths[flex] = Math.max(12, widths[flex]! - (total - width));
  const line = (values: string[]) =>
    values
      .map((v, i) => {
        const w = widths[i]!;
        const text = v.length > w ? `${v.slice(0, w - 1)}…` : v;
        return columns[i]!.align === "right" ? text.padStart(w) : text.padEnd(w);
      })
      .join(" ".repeat(gap))
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map(line)].join("\n");
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}
