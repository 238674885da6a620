import { isSafeLink } from "../../domain/url-rule.ts";

/**
 * Markdown as it leaves Summa (the cross-post, /issues/N.md) with what the HTML renderer drops
 * made inert, for whatever renders it next (a forum that allows raw HTML, an editor's preview):
 *   - raw HTML (`<img onerror=...>`, `<script>`, `<a href="javascript:...">`) is written `&lt;...`,
 *     shown as the text it is, as our HTML renderer shows it (raw HTML off);
 *   - a link or image whose destination breaks the URL rule (domain/url-rule.ts: only http,
 *     https and mailto; `javascript:`, `data:`, entity-spelled schemes and relative addresses
 *     all fail) loses its link: `[title]\(javascript:...)` reads as the text it was, as our HTML
 *     renderer shows it; reference definitions (`[x]: javascript:...`) likewise;
 *   - autolinks stay only for http(s) and mailto.
 * Code spans and fenced code are left as written: nothing in them is markup.
 * Idempotent: text already made safe comes back the same.
 */
export function safeMarkdown(source: string): string {
  let out = "";
  let fence: string | null = null;
  let prose = "";
  for (const line of source.split(/(?<=\n)/)) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== null) {
      out += line;
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker)
        fence = null;
    } else if (
      marker &&
      !(marker[0] === "`" && line.slice(line.indexOf(marker) + marker.length).includes("`"))
    ) {
      out += safeProse(prose) + line;
      prose = "";
      fence = marker;
    } else prose += line;
  }
  return out + safeProse(prose);
}

const SAFE_AUTOLINK = /^<(?:https?|mailto):[^\s<>]*>/i;
/** What could open raw HTML after "<": a tag, a closing tag, a comment, a declaration or an instruction. */
const TAG_START = /[A-Za-z/!?]/;

/** Text outside fenced code: code spans kept, the rest made inert. */
function safeProse(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "\\") {
      out += text.slice(i, i + 2);
      i += 2;
    } else if (c === "`") {
      const run = /^`+/.exec(text.slice(i, i + 1000))![0];
      const close = closingRun(text, i + run.length, run.length);
      const end = close === -1 ? i + run.length : close + run.length;
      out += text.slice(i, end);
      i = end;
    } else if (c === "<") {
      const rest = text.slice(i, i + 2100);
      const auto = SAFE_AUTOLINK.exec(rest);
      if (auto) {
        out += auto[0];
        i += auto[0].length;
      } else {
        out += TAG_START.test(text[i + 1] ?? "") ? "&lt;" : "<";
        i++;
      }
    } else if (c === "]" && (text[i + 1] === "(" || text[i + 1] === ":")) {
      const destination = text.slice(i + 2, i + 40).replace(/^[ \t]*\n?[ \t]*<?/, "");
      out += isSafeLink(destination) ? `]${text[i + 1]}` : `]\\${text[i + 1]}`;
      i += 2;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Where the next run of exactly `length` backticks starts, from `from`; -1 if none. */
function closingRun(text: string, from: number, length: number): number {
  const pattern = new RegExp(`(?<!\`)\`{${length}}(?!\`)`, "g");
  pattern.lastIndex = from;
  return pattern.exec(text)?.index ?? -1;
}
