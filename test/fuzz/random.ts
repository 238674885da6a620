/**
 * A small seeded pseudo-random generator (mulberry32), so every fuzz input can be made again
 * from three numbers: the run's seed, the target's name and the input's index.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** The generator for input `index` of `target` in the run seeded `seed`: independent of the others. */
  static forInput(seed: number, target: string, index: number): Random {
    let h = (seed ^ 0x9e3779b9) >>> 0;
    for (const ch of `${target}#${index}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    return new Random(h);
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * Math.max(n, 0));
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("Random.pick: no items");
    return items[this.int(items.length)]!;
  }

  /**
   * A length skewed towards small values, sometimes large: most mutations are local, a few
   * are the huge inputs that find quadratic code.
   */
  size(max: number): number {
    const r = this.next();
    if (r < 0.6) return 1 + this.int(Math.min(16, max));
    if (r < 0.9) return 1 + this.int(Math.min(1024, max));
    return 1 + this.int(max);
  }
}
