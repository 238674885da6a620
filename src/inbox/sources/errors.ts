import { SummaError } from "../../domain/errors.ts";

/** Where in a source's text a problem is: a line (XML, BibTeX, RIS), a CSV row, or the nth item. */
export interface SourcePosition {
  line?: number;
  row?: number;
  item?: number;
}

export type SourceErrorCode =
  | "source.malformed"
  | "source.bad_encoding"
  | "source.fetch_failed"
  | "source.too_large";

function describe(position: SourcePosition | undefined): string {
  if (!position) return "";
  const parts: string[] = [];
  if (position.row !== undefined) parts.push(`row ${position.row}`);
  if (position.line !== undefined) parts.push(`line ${position.line}`);
  if (position.item !== undefined) parts.push(`item ${position.item}`);
  return parts.length ? `, ${parts.join(", ")}` : "";
}

/**
 * A problem with one source, naming it (its name, file or address) and where in its text, so a
 * fetch of a dozen sources says which one failed and why: "arxiv-cs.AI, line 14: ...".
 */
export function sourceError(
  code: SourceErrorCode,
  source: string,
  problem: string,
  position?: SourcePosition,
): SummaError {
  return new SummaError(code, `${source}${describe(position)}: ${problem}`, { source, ...position });
}

/** The 1-based line of a character offset. */
export function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * lineAt for many offsets in one text, mostly increasing (a parser's entries): counts on from
 * the last offset asked instead of from the start, so a file of n entries costs O(length), not
 * O(n × length).
 */
export function lineCounter(text: string): (index: number) => number {
  let at = 0;
  let line = 1;
  return (index) => {
    if (index < at) {
      at = 0;
      line = 1;
    }
    for (; at < index && at < text.length; at++) if (text.charCodeAt(at) === 10) line++;
    return line;
  };
}
