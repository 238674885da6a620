import MarkdownItCallable, { type MarkdownIt, type StateInline } from "markdown-it";
import { isSafeLink } from "../../domain/url-rule.ts";

/**
 * The one Markdown engine every format uses: raw HTML off (text from the database is
 * escaped, never trusted), links only to http(s) and mailto (the URL rule, domain/url-rule.ts), and `$math$` kept literal so
 * `$x_1 * y_2$` is not read as emphasis.
 */

/**
 * The positions of the `$` signs in `src` that can close math (not after a space or a
 * backslash), ascending. Found once per text: searching afresh from every opening `$` would
 * take quadratic time ("$a $a $a ..." of 100 KB: seconds; of a megabyte, half an hour).
 */
let closersOf: { src: string; at: number[] } | null = null;
function mathClosers(src: string): number[] {
  if (closersOf?.src !== src) {
    const at: number[] = [];
    for (let i = src.indexOf("$", 1); i !== -1; i = src.indexOf("$", i + 1)) {
      const before = src.charAt(i - 1);
      if (before !== "\\" && !/\s/.test(before)) at.push(i);
    }
    closersOf = { src, at };
  }
  return closersOf.at;
}

/** The first of the ascending `positions` after `from`, or -1. */
function firstAfter(positions: number[], from: number): number {
  let lo = 0;
  let hi = positions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (positions[mid]! > from) hi = mid;
    else lo = mid + 1;
  }
  return positions[lo] ?? -1;
}

function mathInline(state: StateInline, silent: boolean): boolean {
  const start = state.pos;
  if (state.src.charCodeAt(start) !== 0x24 /* $ */) return false;
  const next = state.src.charAt(start + 1);
  if (next === "" || next === "$" || /\s/.test(next)) return false;
  const end = firstAfter(mathClosers(state.src), start);
  if (end === -1 || end >= state.posMax) return false;
  // "$5 and $10" is money, not math: a closing $ followed by a digit does not close.
  if (/\d/.test(state.src.charAt(end + 1))) return false;
  if (!silent) {
    const token = state.push("math_inline", "", 0);
    token.content = state.src.slice(start, end + 1);
  }
  state.pos = end + 1;
  return true;
}

const LIST_LINE = /^\s*([-*+]|\d+[.)])\s/;

/**
 * Summaries often indent a list by four spaces after a paragraph ("Some points:\n\n    - a").
 * Writers mean a list; Markdown would read it as code (or, with code off, as a paragraph).
 * A block whose every line is indented that far and which starts with a list marker is
 * dedented, unless it follows a list (then the indentation nests it, as Markdown intends).
 */
export function dedentIndentedLists(source: string): string {
  const blocks = source.split(/(\n[ \t]*\n)/);
  let previous = "";
  for (let i = 0; i < blocks.length; i += 2) {
    const block = blocks[i]!;
    const lines = block.split("\n");
    const indented = lines.every((l) => l.trim() === "" || /^ {4,}/.test(l));
    if (indented && LIST_LINE.test(lines[0] ?? "") && !LIST_LINE.test(previous.split("\n").at(-1) ?? "")) {
      const cut = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
      blocks[i] = lines.map((l) => l.slice(Math.min(cut, /^ */.exec(l)![0].length))).join("\n");
    }
    if (block.trim()) previous = blocks[i]!;
  }
  return blocks.join("");
}

export function createMarkdown(): MarkdownIt {
  const md = new MarkdownItCallable({ html: false, linkify: false, typographer: false, breaks: false });
  md.validateLink = (url: string) => isSafeLink(url);
  // Only fenced code is code: summaries indent prose and lists by four spaces without meaning code.
  md.disable("code");
  md.core.ruler.before("block", "dedent_indented_lists", (state) => {
    state.src = dedentIndentedLists(state.src);
  });
  md.inline.ruler.before("escape", "math_inline", mathInline);
  md.renderer.rules.math_inline = (tokens, idx) =>
    `<span class="math">${md.utils.escapeHtml(tokens[idx]!.content)}</span>`;
  return md;
}

export const markdown = createMarkdown();
