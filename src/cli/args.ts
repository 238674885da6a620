import { InvalidArgumentError } from "commander";
import { SummaError } from "../domain/errors.ts";
import { loadNewsletterSettings } from "../newsletter/index.ts";
import type { Store } from "../store/index.ts";

/** Argument parsers shared by the commands: each rejects what it cannot read, with the value. */
export function positiveInt(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) {
    throw new InvalidArgumentError(`expected a positive whole number, got "${value}"`);
  }
  return Number(value);
}

export function nonNegativeInt(value: string): number {
  if (!/^\d+$/.test(value.trim()))
    throw new InvalidArgumentError(`expected a whole number, 0 or more, got "${value}"`);
  return Number(value);
}

/** An issue as a person names it: "53", "#53" or "AN #53" (the prefix is checked against the settings). */
export interface IssueRef {
  number: number;
  prefix: string | null;
}

export function issueRef(value: string): IssueRef {
  const m = /^\s*(?:([\p{L}][\p{L}\p{N} ]*?)\s*)?#?\s*(\d+)\s*$/u.exec(value);
  if (!m) throw new InvalidArgumentError(`expected an issue number (53, or AN #53), got "${value}"`);
  return { number: Number(m[2]), prefix: m[1] ?? null };
}

/** The issue's number, once its prefix (if given) is the newsletter's: "Recon #4" is not AN #4. */
export async function issueNumberOf(store: Store, ref: IssueRef): Promise<number> {
  if (ref.prefix === null) return ref.number;
  const prefix = (await loadNewsletterSettings(store)).issuePrefix;
  if (ref.prefix.toLowerCase() !== prefix.toLowerCase()) {
    throw new SummaError(
      "not_found",
      `"${ref.prefix} #${ref.number}" is not an issue of this newsletter (its issues are ${prefix} #N)`,
    );
  }
  return ref.number;
}

/**
 * A JSON file a command takes (a taxonomy, a survey): one that cannot be read or is not JSON is
 * an error with the command's own code, naming the file.
 */
export async function readJsonFile(
  file: string,
  code: "taxonomy.invalid" | "survey.invalid",
): Promise<unknown> {
  const { readFile } = await import("node:fs/promises");
  try {
    return JSON.parse(await readFile(file, "utf8"));
  } catch (err) {
    throw new SummaError(code, `${file}: ${err instanceof Error ? err.message : String(err)}`, { file });
  }
}
