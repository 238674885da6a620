import { scaleLinear } from "d3-scale";

/**
 * The charts' maths is d3-scale's (a linear scale and its "nice" round ticks); what is ours is
 * that the charts count things, so a tick is a whole number, and which category labels to keep
 * so they never overlap.
 */

/** A linear map from [d0, d1] to [r0, r1]; a flat domain maps everything to r0. */
export function linearScale(domain: [number, number], range: [number, number]): (v: number) => number {
  if (domain[0] === domain[1]) return () => range[0];
  const scale = scaleLinear().domain(domain).range(range);
  return (v) => scale(v);
}

/**
 * Round ticks covering [min, max] (min may be negative: a net change), about `count` of them,
 * and whole numbers, since the data are counts. The domain is widened to the outer ticks.
 */
export function niceTicks(
  min: number,
  max: number,
  count = 5,
): { ticks: number[]; domain: [number, number] } {
  const lo = Math.min(0, min);
  const hi = lo === Math.max(0, max) ? lo + 1 : Math.max(0, max);
  const scale = scaleLinear().domain([lo, hi]).nice(count);
  const ticks = scale.ticks(count);
  if (ticks.every(Number.isInteger)) {
    const [d0, d1] = scale.domain() as [number, number];
    return { ticks, domain: [d0, d1] };
  }
  // d3 would step by a fraction (0.2, 0.5): counts step by one.
  const [d0, d1] = [Math.floor(lo), Math.ceil(hi)];
  return { ticks: Array.from({ length: d1 - d0 + 1 }, (_, i) => d0 + i), domain: [d0, d1] };
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
