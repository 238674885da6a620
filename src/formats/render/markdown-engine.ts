import MarkdownItCallable, { type MarkdownIt, type StateInline } from "markdown-it";

/**
 * The one Markdown engine every format uses: raw HTML off (text from the database is
 * escaped, never trusted), links only to http(s) and mailto, and `$math$` kept literal so
 * `$x_1 * y_2$` is not read as emphasis.
 */
export const SAFE_LINK = /^(https?:|mailto:)/i;

function mathInline(state: StateInline, silent: boolean): boolean {
  const start = state.pos;
  if (state.src.charCodeAt(start) !== 0x24 /* $ */) return false;
  const next = state.src.charAt(start + 1);
  if (next === "" || next === "$" || /\s/.test(next)) return false;
  let end = start + 1;
  while (end < state.posMax) {
    end = state.src.indexOf("$", end);
    if (end === -1 || end >= state.posMax) return false;
    if (state.src.charAt(end - 1) !== "\\" && !/\s/.test(state.src.charAt(end - 1))) break;
    end++;
  }
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

export function createMarkdown(): MarkdownIt {
  const md = new MarkdownItCallable({ html: false, linkify: false, typographer: false, breaks: false });
  md.validateLink = (url: string) => SAFE_LINK.test(url.trim());
  // Summaries indent nested lists by four spaces after a blank line; as Markdown that would be
  // an indented code block. Writers mean a list, so only fenced code is code.
  md.disable("code");
  md.inline.ruler.before("escape", "math_inline", mathInline);
  md.renderer.rules.math_inline = (tokens, idx) =>
    `<span class="math">${md.utils.escapeHtml(tokens[idx]!.content)}</span>`;
  return md;
}

export const markdown = createMarkdown();
