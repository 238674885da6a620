import type { Contribution } from "./logistic.ts";
import type { SparseVector } from "./tfidf.ts";

/**
 * Gradient-boosted stumps under the log loss: a second learner for the ranker, beside the
 * logistic regression, that can bend where one weight per feature cannot (a site's rate that
 * only matters above some level, a kind of item that is picked only when long). Each stump
 * splits on one feature, so the model stays additive per feature: an item's logit is the base
 * plus, for each feature, the sum of its stumps' leaves, centred on the training mean so that an
 * ordinary value contributes nothing. Absent features count as 0 (sparse items).
 */
export interface Stump {
  feature: string;
  /** Goes left when value <= threshold. */
  threshold: number;
  left: number;
  right: number;
}

export interface StumpModel {
  base: number;
  stumps: Stump[];
}

export interface StumpOptions {
  rounds: number;
  /** Shrinkage of each stump's leaves. */
  learningRate: number;
  /** L2 on leaf values (Newton step: -G / (H + lambda)). */
  lambda: number;
  /** Thresholds tried per feature, at quantiles of its training values. */
  bins: number;
  /** Leaves with less hessian than this are not split off (keeps a stump off a handful of items). */
  minHessian: number;
}

export const DEFAULT_STUMP_OPTIONS: StumpOptions = {
  rounds: 30,
  learningRate: 0.1,
  lambda: 1,
  bins: 16,
  minHessian: 10,
};

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

export function trainStumps(
  examples: readonly { x: SparseVector; y: number }[],
  options: Partial<StumpOptions> = {},
): StumpModel {
  const { rounds, learningRate, lambda, bins, minHessian } = { ...DEFAULT_STUMP_OPTIONS, ...options };
  const n = examples.length;
  if (n === 0) return { base: 0, stumps: [] };
  const names = [...new Set(examples.flatMap((e) => [...e.x.keys()]))].sort();
  // Per feature: candidate thresholds, and each example's bin (values <= thresholds[b]).
  const features = names.map((feature) => {
    const values = examples.map((e) => e.x.get(feature) ?? 0);
    const sorted = [...new Set(values)].sort((a, b) => a - b);
    const cuts: number[] = [];
    if (sorted.length <= bins) cuts.push(...sorted.slice(0, -1));
    else
      for (let b = 1; b < bins; b++) {
        const v = sorted[Math.floor((b * sorted.length) / bins)]!;
        if (cuts.at(-1) !== v && v !== sorted.at(-1)) cuts.push(v);
      }
    const bin = Int32Array.from(values, (v) => {
      let b = 0;
      while (b < cuts.length && v > cuts[b]!) b++;
      return b;
    });
    return { feature, cuts, bin };
  });
  const positives = examples.filter((e) => e.y > 0.5).length;
  const prior = Math.min(Math.max(positives / n, 1e-3), 1 - 1e-3);
  const base = Math.log(prior / (1 - prior));
  const z = new Float64Array(n).fill(base);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const stumps: Stump[] = [];
  for (let round = 0; round < rounds; round++) {
    let G = 0;
    let H = 0;
    for (let i = 0; i < n; i++) {
      const p = sigmoid(z[i]!);
      g[i] = p - examples[i]!.y;
      h[i] = p * (1 - p);
      G += g[i]!;
      H += h[i]!;
    }
    let best: { gain: number; f: number; cut: number; gl: number; hl: number } | null = null;
    for (let f = 0; f < features.length; f++) {
      const { cuts, bin } = features[f]!;
      if (cuts.length === 0) continue;
      const gb = new Float64Array(cuts.length + 1);
      const hb = new Float64Array(cuts.length + 1);
      for (let i = 0; i < n; i++) {
        gb[bin[i]!]! += g[i]!;
        hb[bin[i]!]! += h[i]!;
      }
      let gl = 0;
      let hl = 0;
      for (let c = 0; c < cuts.length; c++) {
        gl += gb[c]!;
        hl += hb[c]!;
        const hr = H - hl;
        if (hl < minHessian || hr < minHessian) continue;
        const gr = G - gl;
        const gain = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - (G * G) / (H + lambda);
        if (!best || gain > best.gain) best = { gain, f, cut: c, gl, hl };
      }
    }
    if (!best || best.gain <= 1e-9) break;
    const { cuts, bin, feature } = features[best.f]!;
    const left = (-learningRate * best.gl) / (best.hl + lambda);
    const right = (-learningRate * (G - best.gl)) / (H - best.hl + lambda);
    for (let i = 0; i < n; i++) z[i]! += bin[i]! <= best.cut ? left : right;
    stumps.push({ feature, threshold: cuts[best.cut]!, left, right });
  }
  // Centre each feature's stumps on the training mean: the base takes the mean, and a feature
  // contributes only where the item differs from the usual.
  let shift = 0;
  const centred = stumps.map((s) => {
    const f = features.find((x) => x.feature === s.feature)!;
    let mean = 0;
    for (let i = 0; i < n; i++) mean += f.bin[i]! <= f.cuts.indexOf(s.threshold) ? s.left : s.right;
    mean /= n;
    shift += mean;
    return { ...s, left: s.left - mean, right: s.right - mean };
  });
  return { base: base + shift, stumps: centred };
}

/** Each feature's share of the stumps' logit (its stumps' leaves summed), zero shares left out. */
export function stumpParts(model: StumpModel, x: SparseVector): Map<string, number> {
  const parts = new Map<string, number>();
  for (const s of model.stumps) {
    const v = (x.get(s.feature) ?? 0) <= s.threshold ? s.left : s.right;
    parts.set(s.feature, (parts.get(s.feature) ?? 0) + v);
  }
  for (const [k, v] of parts) if (v === 0) parts.delete(k);
  return parts;
}

export function stumpLogit(model: StumpModel, x: SparseVector): number {
  let z = model.base;
  for (const v of stumpParts(model, x).values()) z += v;
  return z;
}

/** The stumps' parts as contributions (value: the item's value of the feature). */
export function stumpContributions(model: StumpModel, x: SparseVector): Contribution[] {
  return [...stumpParts(model, x)].map(([feature, contribution]) => ({
    feature,
    value: x.get(feature) ?? 0,
    contribution,
  }));
}
