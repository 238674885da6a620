import { SummaError } from "./errors.ts";

/**
 * The blocks of the newsletter's numbers, as the desk dashboard and the public "about the
 * numbers" page show them. The editor chooses which are public (setting numbers.public_blocks);
 * by default the content figures are, and the reader figures (the list, the sends) are not.
 */
export const NUMBERS_BLOCKS = [
  "issues",
  "summarizers",
  "sections",
  "venues",
  "lengths",
  "cited",
  "subscribers",
  "sends",
] as const;
export type NumbersBlock = (typeof NUMBERS_BLOCKS)[number];

/** Figures about readers: private unless the editor says otherwise. */
export const READER_BLOCKS: readonly NumbersBlock[] = ["subscribers", "sends"];

/** The default public blocks: every content block. */
export const DEFAULT_PUBLIC_BLOCKS = NUMBERS_BLOCKS.filter((b) => !READER_BLOCKS.includes(b)).join(",");

export const NUMBERS_BLOCK_LABELS: Record<NumbersBlock, string> = {
  issues: "Issues, entries and words",
  summarizers: "Summarizers",
  sections: "Sections and categories",
  venues: "Venues",
  lengths: "Summary and opinion length",
  cited: "Most cross-referenced entries",
  subscribers: "Subscribers over time",
  sends: "Sends",
};

/** The blocks a setting's value names ("issues,venues"; "" for none), in NUMBERS_BLOCKS order. */
export function parseNumbersBlocks(value: string): NumbersBlock[] {
  const names = value
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const unknown = names.filter((n) => !(NUMBERS_BLOCKS as readonly string[]).includes(n));
  if (unknown.length)
    throw new SummaError(
      "config.invalid",
      `numbers.public_blocks: unknown block${unknown.length > 1 ? "s" : ""} ${unknown.map((u) => `"${u}"`).join(", ")} (use any of ${NUMBERS_BLOCKS.join(", ")}, comma-separated)`,
    );
  return NUMBERS_BLOCKS.filter((b) => names.includes(b));
}
