/**
 * Wall-clock guards ("this input is read in linear time") run under CI's parallel load, where one
 * stall of the scheduler or the garbage collector can cost hundreds of milliseconds (a 1 ms call
 * once took 506 ms there). A slow algorithm is slow on every run, a stall is not: so a guard times
 * the work again when it went over its limit, up to `tries` runs, and judges the fastest. The fuzz
 * runner re-times a slow input the same way.
 */
export async function fastestRun<T>(
  work: () => T | Promise<T>,
  limitMs: number,
  tries = 3,
): Promise<{ result: T; ms: number }> {
  let best = Number.POSITIVE_INFINITY;
  let result: T | undefined;
  for (let run = 0; run < tries && best >= limitMs; run++) {
    const started = performance.now();
    const value = await work();
    const ms = performance.now() - started;
    if (run === 0) result = value;
    best = Math.min(best, ms);
  }
  return { result: result as T, ms: best };
}
