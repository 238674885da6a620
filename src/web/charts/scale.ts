/**
 * The little maths the charts need: a linear scale, "nice" round ticks, and which category
 * labels to keep so they never overlap. Written here because no charting package is installed
 * (d3-scale's scaleLinear().nice().ticks() and d3-array's ticks are what this mirrors; with
 * them installed these functions would be a thin wrapper).
 */

/** A linear map from [d0, d1] to [r0, r1]; a flat domain maps everything to r0. */
export function linearScale(domain: [number, number], range: [number, number]): (v: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  return (v) => (span === 0 ? r0 : r0 + ((v - d0) / span) * (r1 - r0));
}

/** The step between about `count` ticks over [0, max]: 1, 2 or 5 times a power of ten. */
function tickStep(max: number, count: number): number {
  const raw = max / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const error = raw / power;
  // d3-array's thresholds (sqrt(50), sqrt(10), sqrt(2)): the step nearest the one asked for.
  const factor = error >= Math.SQRT2 * 5 ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.SQRT2 ? 2 : 1;
  return factor * power;
}

/**
 * Round ticks covering [min, max] (min may be negative: a net change), about `count` of them,
 * whole numbers when the data are counts. The domain is widened to the outer ticks.
 */
export function niceTicks(
  min: number,
  max: number,
  count = 5,
): { ticks: number[]; domain: [number, number] } {
  let lo = Math.min(0, min);
  let hi = Math.max(0, max);
  if (lo === hi) hi = 1;
  const step = Math.max(1, tickStep(hi - lo, count));
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  for (let t = lo; t <= hi + step / 2; t += step) ticks.push(Math.round(t));
  return { ticks, domain: [lo, hi] };
}

/**
 * Which of `n` evenly spaced category labels to draw so each has `labelWidth` pixels in
 * `width`: every k-th from the first, k the smallest that fits (all of them when they fit).
 * The last label is kept too when it does not crowd the one before it.
 */
export function thinLabels(n: number, width: number, labelWidth: number): number[] {
  if (n <= 0) return [];
  const per = width / n;
  const every = Math.max(1, Math.ceil(labelWidth / Math.max(per, 1e-9)));
  const kept: number[] = [];
  for (let i = 0; i < n; i += every) kept.push(i);
  const last = n - 1;
  if (kept[kept.length - 1] !== last && (last - kept[kept.length - 1]!) * per >= labelWidth) kept.push(last);
  return kept;
}

/** A number as an axis shows it: 1,200 or 12k or 1.2M. */
export function shortNumber(v: number): string {
  const a = Math.abs(v);
  if (a >= 1_000_000) return `${+(v / 1_000_000).toFixed(1)}M`;
  if (a >= 10_000) return `${+(v / 1000).toFixed(1)}k`;
  return v.toLocaleString("en");
}
