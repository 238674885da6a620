import type { AnyNode, Element } from "domhandler";
import { DomUtils } from "htmlparser2";

/**
 * HTML back to Markdown, for the HTML the Markdown engine writes (paragraphs, lists nested
 * and numbered, links, emphasis, code, quotes, headings, tables, `$math$`) and whatever else
 * is close enough. The aim is Markdown that renders to the same HTML: text is escaped so it
 * stays text, and whitespace is HTML's (runs collapse) except in code blocks.
 */
const BLOCK = new Set(
  (
    "p div section article main header footer aside nav figure figcaption ul ol li pre blockquote " +
    "h1 h2 h3 h4 h5 h6 hr table dl dt dd body html center address details summary form fieldset"
  ).split(" "),
);
const SKIP = new Set(["script", "style", "head", "title", "template", "noscript"]);

export function isTag(node: AnyNode): node is Element {
  return DomUtils.isTag(node);
}

export function hasClass(node: AnyNode, cls: string): boolean {
  return isTag(node) && (node.attribs.class ?? "").split(/\s+/).includes(cls);
}

/** Text that must stay text: every character Markdown could read as syntax is escaped. */
function escapeText(text: string): string {
  return text
    .replace(/[\\`*_[\]<>#|~$]/g, "\\$&")
    .replace(/&(?=#?[a-z0-9]+;)/gi, "\\&")
    .replace(/!$/, "\\!");
}

/** What could start a block at the start of a line (a list item, a heading, a rule) is escaped there. */
function escapeLineStarts(text: string): string {
  return text
    .split("\n")
    .map((line, i) => {
      const l = line.replace(/^[ \t]+/, "");
      if (i > 0 && /^(=+|-+)[ \t]*$/.test(l)) return `\\${l}`;
      return l.replace(/^([-+])(?=[ \t]|$)/, "\\$1").replace(/^(\d{1,9})([.)])(?=[ \t]|$)/, "$1\\$2");
    })
    .join("\n");
}

function linkDestination(href: string): string {
  // Parentheses and spaces would end the destination early; escapes keep it one piece.
  return href.replace(/[()\\]/g, "\\$&").replace(/\s/g, (c) => encodeURIComponent(c));
}

/** Emphasis delimiters that hug their text: "<em> word</em>" becomes " _word_". */
function wrap(inner: string, open: string, close = open): string {
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(inner)!;
  return m[2] ? `${m[1]}${open}${m[2]}${close}${m[3]}` : inner;
}

// Emphasis is written with "_" unless it touches a letter or digit (where only "*" works
// inside a word); which one is known only when the surroundings are, so it is decided last.
// Private-use characters mark where it goes meanwhile: no text has them.
const EM_OPEN = "\uE000";
const EM_CLOSE = "\uE001";

function settleEmphasis(text: string): string {
  let out = text;
  for (let guard = 0; out.includes(EM_OPEN) && guard < 100; guard++) {
    out = out.replace(/\uE000([^\uE000\uE001]*)\uE001/g, (_m, inner: string, offset: number, all: string) => {
      const before = all[offset - 1] ?? "";
      const after = all[offset + inner.length + 2] ?? "";
      // Inside another emphasis that opens or closes right there, the two must differ:
      // "_*|Q*-Q|_" keeps both, "__|Q_-Q|_" would read as strong.
      const nested = before === EM_OPEN || after === EM_CLOSE;
      const delimiter = nested || /[\p{L}\p{N}]/u.test(before) || /[\p{L}\p{N}]/u.test(after) ? "*" : "_";
      return `${delimiter}${inner}${delimiter}`;
    });
  }
  return out;
}

function inlineRaw(nodes: AnyNode[]): string {
  let out = "";
  for (const node of nodes) {
    if (node.type === "text") {
      out += escapeText((node as unknown as { data: string }).data.replace(/\s+/g, " "));
      continue;
    }
    if (!isTag(node) || SKIP.has(node.name)) continue;
    const inner = () => inlineRaw(node.children);
    switch (node.name) {
      case "a": {
        const href = node.attribs.href;
        const title = node.attribs.title ? ` "${node.attribs.title.replace(/"/g, '\\"')}"` : "";
        // An empty href is still a link (markdown-it writes `[text]()` as one).
        out += href !== undefined ? `[${inner().trim()}](${linkDestination(href)}${title})` : inner();
        break;
      }
      case "strong":
      case "b":
        out += wrap(inner(), "**");
        break;
      case "em":
      case "i":
        out += wrap(inner(), EM_OPEN, EM_CLOSE);
        break;
      case "s":
      case "del":
      case "strike":
        out += wrap(inner(), "~~");
        break;
      case "code":
        out += codeSpan(DomUtils.textContent(node));
        break;
      case "br":
        out += "\\\n";
        break;
      case "img":
        out += `![${escapeText(node.attribs.alt ?? "")}](${linkDestination(node.attribs.src ?? "")})`;
        break;
      case "span":
        // `$math$` is kept literal by the renderer, and must stay unescaped to stay math.
        out += hasClass(node, "math") ? DomUtils.textContent(node) : inner();
        break;
      default:
        out += inner();
    }
  }
  return out;
}

/** Phrasing content as Markdown, on one line except after hard breaks. */
export function inlineMarkdown(nodes: AnyNode[]): string {
  return escapeLineStarts(settleEmphasis(inlineRaw(nodes)).trim());
}

function codeSpan(code: string): string {
  const text = code.replace(/\n/g, " ");
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = "`".repeat(longest + 1);
  const pad = /^`|`$/.test(text) || (/^ .*[^ ].* $/.test(text) && text.length > 2) ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

function codeBlock(pre: Element): string {
  const code = pre.children.find((c) => isTag(c) && c.name === "code") as Element | undefined;
  const text = DomUtils.textContent(code ?? pre).replace(/\n$/, "");
  const info = /(?:^|\s)language-(\S+)/.exec(code?.attribs.class ?? "")?.[1] ?? "";
  const longest = Math.max(2, ...(text.match(/^`+/gm) ?? []).map((r) => r.length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${info}\n${text}\n${fence}`;
}

function indent(text: string, by: string): string {
  return text
    .split("\n")
    .map((l, i) => (i === 0 || l === "" ? l : `${by}${l}`))
    .join("\n");
}

/**
 * A list; `alternate` when it follows a list of the same kind, which the same markers would
 * join to it ("1." then "1)", "-" then "*").
 */
function list(el: Element, alternate: boolean): string {
  const ordered = el.name === "ol";
  let n = Number(el.attribs.start ?? 1);
  if (!Number.isFinite(n)) n = 1;
  const items = el.children.filter((c): c is Element => isTag(c) && c.name === "li");
  // markdown-it puts <p> in the items of a loose list only; a tight list has bare text.
  const loose = items.some((li) => li.children.some((c) => isTag(c) && c.name === "p"));
  const rendered = items.map((li) => {
    const marker = ordered ? `${n++}${alternate ? ")" : "."} ` : alternate ? "* " : "- ";
    const body = blocks(li.children).join(loose ? "\n\n" : "\n");
    return `${marker}${indent(body, " ".repeat(marker.length))}`;
  });
  return rendered.join(loose ? "\n\n" : "\n");
}

function table(el: Element): string {
  const rows = DomUtils.findAll((e) => e.name === "tr", el.children);
  if (rows.length === 0) return "";
  const cells = (tr: Element) =>
    tr.children.filter((c): c is Element => isTag(c) && (c.name === "td" || c.name === "th"));
  const line = (tr: Element) =>
    `| ${cells(tr)
      .map((c) => inlineMarkdown(c.children).replace(/\n/g, " "))
      .join(" | ")} |`;
  const first = rows[0]!;
  const align = cells(first).map((c) => {
    const a = /text-align:\s*(left|right|center)/.exec(c.attribs.style ?? "")?.[1];
    return a === "center" ? ":---:" : a === "right" ? "---:" : a === "left" ? ":---" : "---";
  });
  return [line(first), `| ${align.join(" | ")} |`, ...rows.slice(1).map(line)].join("\n");
}

/** Flow content as Markdown blocks (join them with a blank line). */
export function blocks(nodes: AnyNode[]): string[] {
  const out: string[] = [];
  let run: AnyNode[] = [];
  const flush = () => {
    const text = inlineMarkdown(run);
    if (text) out.push(text);
    run = [];
  };
  let previous = null as { name: string; alternate: boolean } | null;
  for (const node of nodes) {
    if (!isTag(node) || !BLOCK.has(node.name)) {
      if (!isTag(node) || !SKIP.has(node.name)) run.push(node);
      if (isTag(node) || /\S/.test((node as unknown as { data?: string }).data ?? "")) previous = null;
      continue;
    }
    flush();
    const name = node.name;
    const alternate = previous?.name === name && !previous.alternate;
    previous = { name, alternate };
    if (name === "p" || name === "dt" || name === "dd" || name === "figcaption" || name === "summary") {
      const text = inlineMarkdown(node.children);
      if (text) out.push(text);
    } else if (/^h[1-6]$/.test(name)) {
      const text = inlineMarkdown(node.children).replace(/\n/g, " ");
      if (text) out.push(`${"#".repeat(Number(name[1]))} ${text}`);
    } else if (name === "ul" || name === "ol") {
      out.push(list(node, alternate));
    } else if (name === "pre") {
      out.push(codeBlock(node));
    } else if (name === "blockquote") {
      const inner = blocks(node.children).join("\n\n");
      out.push(
        inner
          .split("\n")
          .map((l) => (l ? `> ${l}` : ">"))
          .join("\n"),
      );
    } else if (name === "hr") {
      out.push("---");
    } else if (name === "table") {
      const t = table(node);
      if (t) out.push(t);
    } else {
      out.push(...blocks(node.children));
    }
  }
  flush();
  return out;
}

/** A fragment of HTML (children of one element) as Markdown. */
export function toMarkdown(nodes: AnyNode[]): string {
  return blocks(nodes).join("\n\n");
}
