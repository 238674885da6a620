import { titleHasLinks } from "../render/text.ts";
import { unescapeMarkdown } from "./labels.ts";
import type { Header } from "./walk.ts";

/**
 * The header of an entry in Markdown, as the Markdown renderer writes it:
 *   **[Title](url)** *(Authors)* (summarized by X): summary...
 * with the title, authors and summarizer escaped, and `**Title**` when there is no link (or
 * when the title is itself made of links, kept as Markdown). Foreign posts may leave the title
 * unbolded (`[Title](url) (Authors): ...`).
 */
export interface MarkdownHeader extends Header {
  /** 3: the title carries a link; 2: authors or a summarizer follow it; 1: a bare title. */
  strength: 1 | 2 | 3;
}

/** Whether the character at `i` is escaped by an odd run of backslashes before it. */
function escaped(s: string, i: number): boolean {
  let n = 0;
  for (let j = i - 1; j >= 0 && s[j] === "\\"; j--) n++;
  return n % 2 === 1;
}

/** The index of the `close` that balances the `open` at `start`, skipping escaped ones. */
function balanced(s: string, start: number, open: string, close: string): number {
  let depth = 0;
  for (let i = start; i < s.length; i++) {
    if (escaped(s, i)) continue;
    if (s[i] === open) depth++;
    else if (s[i] === close && --depth === 0) return i;
  }
  return -1;
}

/** A link `[text](dest)` starting at `start`: its parts and where it ends. */
function linkAt(s: string, start: number): { text: string; dest: string; end: number } | null {
  if (s[start] !== "[") return null;
  const close = balanced(s, start, "[", "]");
  if (close === -1 || s[close + 1] !== "(") return null;
  const end = balanced(s, close + 1, "(", ")");
  if (end === -1) return null;
  return { text: s.slice(start + 1, close), dest: s.slice(close + 2, end).trim(), end: end + 1 };
}

/**
 * A link's URL as written: percent-escapes are part of it (the renderer writes a "(" in a URL
 * as "%28", which no reader can tell from a "%28" the URL had), so they are kept, as a browser
 * keeps them; only Markdown's own `<...>`, title and backslash escapes are undone.
 */
function destination(dest: string): string {
  const bare =
    dest.startsWith("<") && dest.endsWith(">") ? dest.slice(1, -1) : dest.replace(/\s+"[^"]*"$/, "");
  return unescapeMarkdown(bare);
}

function titleOf(inner: string): { title: string; url: string } {
  const link = linkAt(inner, 0);
  if (link && link.end === inner.length && !titleHasLinks(link.text))
    return { title: unescapeMarkdown(link.text), url: destination(link.dest) };
  // A title made of links is Markdown as written; a plain one was escaped.
  return titleHasLinks(inner) ? { title: inner, url: "" } : { title: unescapeMarkdown(inner), url: "" };
}

/** Authors in `*( )*` or `_( )_` (the renderer's italics), or in plain parentheses. */
function authorsAt(rest: string): { authors: string; length: number } | null {
  const italic = /^[ \t]+([*_])\(([\s\S]*?)\)\1(?=[ \t]|:|$)/.exec(rest);
  if (italic) return { authors: unescapeMarkdown(italic[2]!).trim(), length: italic[0].length };
  const plain = /^[ \t]+\(/.exec(rest);
  if (!plain || /^[ \t]+\(summarized by /i.test(rest)) return null;
  const end = balanced(rest, plain[0].length - 1, "(", ")");
  if (end === -1) return null;
  return { authors: unescapeMarkdown(rest.slice(plain[0].length, end)).trim(), length: end + 1 };
}

export function parseMarkdownHeader(paragraph: string): MarkdownHeader | null {
  let inner: string;
  let pos: number;
  let colonInBold = false;
  if (paragraph.startsWith("**")) {
    let close = -1;
    for (let i = 2; i < paragraph.length - 1; i++) {
      if (paragraph[i] === "*" && paragraph[i + 1] === "*" && !escaped(paragraph, i)) {
        close = i;
        break;
      }
    }
    if (close <= 2) return null;
    inner = paragraph.slice(2, close);
    pos = close + 2;
    // "**Title:** summary" in a foreign post: the colon inside the bold.
    if (/:$/.test(inner) && !escaped(inner, inner.length - 1) && !linkAt(inner, 0)) {
      inner = inner.slice(0, -1);
      colonInBold = true;
    }
  } else if (paragraph.startsWith("[")) {
    const link = linkAt(paragraph, 0);
    if (!link) return null;
    inner = paragraph.slice(0, link.end);
    pos = link.end;
  } else return null;
  const { title, url } = titleOf(inner.trim());
  if (title.trim() === "") return null;
  let authors = "";
  let summarizer: string | null = null;
  if (!colonInBold) {
    const a = authorsAt(paragraph.slice(pos));
    if (a) {
      authors = a.authors;
      pos += a.length;
    }
    const by = /^[ \t]+\(summarized by ([^\n]*?)\)(?=:|[ \t]*$)/i.exec(paragraph.slice(pos));
    if (by) {
      summarizer = unescapeMarkdown(by[1]!).trim();
      pos += by[0].length;
    }
  }
  const colon = colonInBold ? /^[ \t]*/.exec(paragraph.slice(pos)) : /^:[ \t]*/.exec(paragraph.slice(pos));
  const hasSummary = colonInBold || colon !== null;
  if (!hasSummary && paragraph.slice(pos).trim() !== "") return null;
  const end = hasSummary ? pos + (colon?.[0].length ?? 0) : paragraph.length;
  const strength = url ? 3 : authors || summarizer !== null ? 2 : 1;
  return { title, url, authors, summarizer, end, hasSummary, strength };
}
