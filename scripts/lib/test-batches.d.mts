// Types for test-batches.mjs (plain JavaScript: run-tests.mjs runs under node without tsx).
export function packTestFiles(
  files: string[],
  seconds: Record<string, number>,
  options?: { targetSeconds?: number; unknownSeconds?: number },
): string[][];
export const TARGET_SECONDS: number;
export const UNKNOWN_SECONDS: number;
export const FILE_BUDGET_SECONDS: number;
export function overBudget(
  seconds: Record<string, number>,
  budget?: number,
): { file: string; took: number; budget: number }[];
export function findTestFiles(root: string): string[];
