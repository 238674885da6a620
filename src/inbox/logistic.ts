import type { SparseVector } from "./tfidf.ts";

/**
 * Logistic regression over sparse named features, written out so the inbox needs no library and
 * every score can be explained. Training minimises the mean log loss plus L2 on the weights
 * (not the intercept) by full-batch gradient descent with Adam steps.
 *
 * Features are standardised by their root mean square over the training set (zeros included),
 * not centred: centring would give every absent feature a contribution, and a sparse item has
 * thousands of absent features. So the logit is exactly the intercept plus, over the item's
 * own features, weight × value: the explanation adds up to the score. The stored weights are
 * per raw value (the standardised weight divided by the scale).
 */
export interface Example {
  x: SparseVector;
  /** 1: picked, 0: passed over. */
  y: number;
  /** How much this example counts (1 by default): a recent decision can count more. */
  weight?: number;
}

export interface LogisticOptions {
  /** L2 strength on standardised weights (λ in mean loss + λ/2 ‖w‖²). */
  l2: number;
  /** A different λ for a group of features (the name's part before ":"), e.g. { text: 0.05 }. */
  groupL2?: Record<string, number>;
  iterations?: number;
  learningRate?: number;
  /** Weigh the classes equally (each class's examples sum to half the loss). */
  balanced?: boolean;
}

export interface LogisticModel {
  intercept: number;
  /** Feature name -> weight per raw value. */
  weights: Map<string, number>;
}

export function groupOf(feature: string): string {
  const at = feature.indexOf(":");
  return at < 0 ? feature : feature.slice(0, at);
}

export function trainLogistic(examples: readonly Example[], options: LogisticOptions): LogisticModel {
  const { l2, groupL2 = {}, iterations = 300, learningRate = 0.05, balanced = false } = options;
  const n = examples.length;
  if (n === 0) return { intercept: 0, weights: new Map() };
  // Index the features and their scales.
  const index = new Map<string, number>();
  const sumSquares: number[] = [];
  for (const { x } of examples)
    for (const [name, v] of x) {
      let j = index.get(name);
      if (j === undefined) {
        j = index.size;
        index.set(name, j);
        sumSquares.push(0);
      }
      sumSquares[j]! += v * v;
    }
  const d = index.size;
  const scale = Float64Array.from(sumSquares, (s) => Math.sqrt(s / n) || 1);
  const lambda = new Float64Array(d);
  for (const [name, j] of index) lambda[j] = groupL2[groupOf(name)] ?? l2;
  // Rows as parallel arrays of (feature index, standardised value).
  const rows = examples.map(({ x }) => {
    const cols = new Int32Array(x.size);
    const vals = new Float64Array(x.size);
    let k = 0;
    for (const [name, v] of x) {
      const j = index.get(name)!;
      cols[k] = j;
      vals[k++] = v / scale[j]!;
    }
    return { cols, vals };
  });
  const positives = examples.filter((e) => e.y > 0.5).length;
  const sampleWeight = examples.map(
    (e) =>
      (e.weight ?? 1) *
      (balanced && positives > 0 && positives < n ? n / (2 * (e.y > 0.5 ? positives : n - positives)) : 1),
  );
  const w = new Float64Array(d);
  const prior = Math.min(Math.max(positives / n, 1e-3), 1 - 1e-3);
  let b = Math.log(prior / (1 - prior));
  // Adam's moments.
  const m = new Float64Array(d + 1);
  const v = new Float64Array(d + 1);
  const grad = new Float64Array(d + 1);
  const [beta1, beta2, eps] = [0.9, 0.999, 1e-8];
  for (let t = 1; t <= iterations; t++) {
    grad.fill(0);
    for (let i = 0; i < n; i++) {
      const { cols, vals } = rows[i]!;
      let z = b;
      for (let k = 0; k < cols.length; k++) z += w[cols[k]!]! * vals[k]!;
      const r = (sigmoid(z) - examples[i]!.y) * sampleWeight[i]!;
      for (let k = 0; k < cols.length; k++) grad[cols[k]!]! += r * vals[k]!;
      grad[d]! += r;
    }
    for (let j = 0; j <= d; j++) {
      let g = grad[j]! / n;
      if (j < d) g += lambda[j]! * w[j]!;
      m[j] = beta1 * m[j]! + (1 - beta1) * g;
      v[j] = beta2 * v[j]! + (1 - beta2) * g * g;
      const step = (learningRate * (m[j]! / (1 - beta1 ** t))) / (Math.sqrt(v[j]! / (1 - beta2 ** t)) + eps);
      if (j < d) w[j]! -= step;
      else b -= step;
    }
  }
  const weights = new Map<string, number>();
  for (const [name, j] of index) if (w[j] !== 0) weights.set(name, w[j]! / scale[j]!);
  return { intercept: b, weights };
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

export function logit(model: LogisticModel, x: SparseVector): number {
  let z = model.intercept;
  for (const [name, v] of x) z += (model.weights.get(name) ?? 0) * v;
  return z;
}

/** What moved an item's score: a feature, its value, and weight × value (a share of the logit). */
export interface Contribution {
  feature: string;
  value: number;
  contribution: number;
}

/** The item's features by how much they moved its logit, largest magnitude first. */
export function contributions(model: LogisticModel, x: SparseVector, limit = 5): Contribution[] {
  const out: Contribution[] = [];
  for (const [feature, value] of x) {
    const weight = model.weights.get(feature);
    if (weight !== undefined && weight * value !== 0)
      out.push({ feature, value, contribution: weight * value });
  }
  out.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || (a.feature < b.feature ? -1 : 1));
  return out.slice(0, limit);
}
