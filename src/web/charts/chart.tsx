import { linearScale, niceTicks, shortNumber, thinLabels } from "./scale.ts";

/** One line or set of bars: a name and a value per category. */
export interface ChartSeries {
  name: string;
  values: number[];
}

export interface ChartProps {
  /** Unique on the page: ids of the caption, title and table are made from it. */
  id: string;
  title: string;
  /** "bar" for few categories (years, issues), "line" for a long series (weeks). */
  kind: "bar" | "line";
  /** The x axis: one label per category, in order. */
  labels: string[];
  /** The x axis's name, the table's first header ("Week", "Year"). */
  labelName: string;
  series: ChartSeries[];
  /** Show the table scrolled in a box (long series); it prints in full either way. */
  longTable?: boolean;
}

const W = 640;
const H = 240;
const M = { top: 12, right: 12, bottom: 36, left: 52 };
/** Room one x label needs (about 10 characters of the axis font). */
const LABEL_WIDTH = 64;

/** One sentence for screen readers: what the chart shows, its range, its highest and last value. */
export function chartSummary(p: Pick<ChartProps, "labels" | "series" | "labelName">): string {
  const n = p.labels.length;
  if (n === 0 || p.series.length === 0) return "No data yet.";
  const parts = p.series.map((s) => {
    let top = 0;
    s.values.forEach((v, i) => {
      if (v > s.values[top]!) top = i;
    });
    return `${s.name}: highest ${s.values[top]!.toLocaleString("en")} (${p.labels[top]}), last ${s.values[n - 1]!.toLocaleString("en")}`;
  });
  const span =
    n === 1 ? `${p.labelName} ${p.labels[0]}` : `${n} points from ${p.labels[0]} to ${p.labels[n - 1]}`;
  return `${span}. ${parts.join("; ")}.`;
}

function Plot(p: ChartProps) {
  const n = p.labels.length;
  const all = p.series.flatMap((s) => s.values);
  const { ticks, domain } = niceTicks(Math.min(0, ...all), Math.max(0, ...all));
  const y = linearScale(domain, [H - M.bottom, M.top]);
  const plotW = W - M.left - M.right;
  const band = plotW / Math.max(1, n);
  const x = (i: number) => M.left + band * (i + 0.5);
  const shown = thinLabels(n, plotW, LABEL_WIDTH);
  const barW = Math.max(1, (band * 0.8) / Math.max(1, p.series.length));
  return (
    <g>
      {ticks.map((t) => (
        <g class="chart-grid">
          <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} />
          <text x={M.left - 6} y={y(t)} dy="0.32em" text-anchor="end">
            {shortNumber(t)}
          </text>
        </g>
      ))}
      {shown.map((i) => (
        <text class="chart-x" x={x(i)} y={H - M.bottom + 16} text-anchor="middle">
          {p.labels[i]}
        </text>
      ))}
      {p.series.map((s, k) =>
        p.kind === "bar" || n === 1 ? (
          <g class={`chart-series chart-series-${k}`}>
            {s.values.map((v, i) => {
              const top = y(Math.max(0, v));
              return (
                <rect
                  x={x(i) - (barW * p.series.length) / 2 + k * barW}
                  y={top}
                  width={barW}
                  height={Math.max(0, y(Math.min(0, v)) - top)}
                />
              );
            })}
          </g>
        ) : (
          <path
            class={`chart-line chart-series-${k}`}
            d={s.values.map((v, i) => `${i ? "L" : "M"}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join("")}
          />
        ),
      )}
      <line class="chart-axis" x1={M.left} x2={W - M.right} y1={y(0)} y2={y(0)} />
    </g>
  );
}

/**
 * A chart as a figure: an SVG drawn on the server (no script), described for screen readers
 * (role="img" with a <title> and a one-sentence <desc>), and the same numbers in a table with a
 * caption beside it. Empty, single-point and 500-week series all draw: labels are thinned so
 * they never overlap, bars keep at least a pixel.
 */
export function Chart(p: ChartProps) {
  const empty = p.labels.length === 0 || p.series.length === 0;
  const summary = chartSummary(p);
  return (
    <figure class="chart" id={p.id} aria-labelledby={`${p.id}-caption`}>
      <figcaption id={`${p.id}-caption`}>{p.title}</figcaption>
      <div class="chart-body">
        <div class="chart-picture">
          <svg
            class="chart-svg"
            role="img"
            aria-labelledby={`${p.id}-title ${p.id}-desc`}
            viewBox={`0 0 ${W} ${H}`}
            preserveAspectRatio="xMidYMid meet"
            xmlns="http://www.w3.org/2000/svg"
          >
            <title id={`${p.id}-title`}>{p.title}</title>
            <desc id={`${p.id}-desc`}>{summary}</desc>
            {empty ? (
              <text x={W / 2} y={H / 2} text-anchor="middle" class="chart-empty">
                No data yet
              </text>
            ) : (
              <Plot {...p} />
            )}
          </svg>
          {p.series.length > 1 && !empty ? (
            <ul class="chart-legend">
              {p.series.map((s, k) => (
                <li>
                  <span class={`chart-key chart-series-${k}`} aria-hidden="true" /> {s.name}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
        <div class={p.longTable ? "chart-table long" : "chart-table"}>
          <table>
            <caption>{p.title}: the numbers</caption>
            <thead>
              <tr>
                <th scope="col">{p.labelName}</th>
                {p.series.map((s) => (
                  <th scope="col">{s.name}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {empty ? (
                <tr>
                  <td colspan={1 + p.series.length}>No data yet.</td>
                </tr>
              ) : (
                p.labels.map((l, i) => (
                  <tr>
                    <th scope="row">{l}</th>
                    {p.series.map((s) => (
                      <td>{(s.values[i] ?? 0).toLocaleString("en")}</td>
                    ))}
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
      </div>
    </figure>
  );
}
