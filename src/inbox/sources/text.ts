import { DomUtils, parseDocument } from "htmlparser2";

// C0 controls other than tab and newlines, DEL and C1 controls: never wanted in a title.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/**
 * A source's text as one clean line: controls removed, runs of whitespace made one space. The
 * text stays text: a title "<script>alert(1)</script>" is kept as those characters, which every
 * page and email escapes; it is never turned into markup.
 */
export function plainText(text: string): string {
  return text.replace(CONTROLS, "").replace(/\s+/g, " ").trim();
}

const BLOCKS = new Set([
  "p",
  "div",
  "br",
  "li",
  "ul",
  "ol",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "blockquote",
  "tr",
  "td",
  "th",
  "pre",
  "hr",
  "section",
  "article",
  "figure",
  "figcaption",
]);
const DROPPED = new Set(["script", "style", "noscript", "template", "iframe", "object", "svg", "math"]);

/**
 * The text of an HTML fragment (a feed item's description or content): markup and entities
 * read by htmlparser2, scripts and styles dropped, block elements separated by a space. The
 * result is plain text, as plainText gives.
 */
export function htmlToText(html: string): string {
  const doc = parseDocument(html, { decodeEntities: true });
  const out: string[] = [];
  const walk = (nodes: typeof doc.children) => {
    for (const node of nodes) {
      if (node.type === "text") out.push((node as { data: string }).data);
      else if (DomUtils.isTag(node)) {
        if (DROPPED.has(node.name)) continue;
        const block = BLOCKS.has(node.name);
        if (block) out.push(" ");
        walk(node.children);
        if (block) out.push(" ");
      } else if (DomUtils.hasChildren(node)) walk(node.children);
    }
  };
  walk(doc.children);
  return plainText(out.join(""));
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/**
 * A date as YYYY-MM-DD from ISO 8601 ("2024-01-01T20:00:00-05:00") or RFC 822 ("Mon, 01 Jan
 * 2024 20:00:00 -0500"), the day as written where it was published (not shifted to UTC); null
 * when unreadable.
 */
export function dayOf(date: string): string | null {
  const trimmed = date.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(trimmed);
  if (iso) return valid(iso[1]!, iso[2]!, iso[3]!);
  const rfc = /(\d{1,2})\s+([a-z]{3})[a-z]*\.?\s+(\d{4})/i.exec(trimmed);
  if (rfc) {
    const month = MONTHS.indexOf(rfc[2]!.toLowerCase());
    if (month >= 0) return valid(rfc[3]!, String(month + 1).padStart(2, "0"), rfc[1]!.padStart(2, "0"));
  }
  return null;
}

function valid(y: string, m: string, d: string): string | null {
  const day = `${y}-${m}-${d}`;
  const parsed = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(day) ? day : null;
}

/** An absolute http(s) address, or "" (a source's link to javascript: or a relative path is no link). */
export function httpUrl(href: string, base?: string): string {
  try {
    const url = new URL(href.trim(), base);
    return url.protocol === "http:" || url.protocol === "https:" ? url.toString() : "";
  } catch {
    return "";
  }
}
