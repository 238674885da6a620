import type { Token } from "markdown-it";
import { markdown } from "./markdown-engine.ts";

/**
 * Markdown as a reader of a plain-text email sees it: emphasis dropped, links written out as
 * `text <url>`, lists as "- " / "1. " with nested lists indented, paragraphs separated by a
 * blank line, quotes marked "> ", table rows as "a | b", `$math$` literal.
 */
export function markdownToText(source: string): string {
  const tokens = markdown.parse(source, {});
  const blocks: string[] = [];
  const lists: { ordered: boolean; n: number }[] = [];
  let current = "";
  let prefix = "";
  let quoteDepth = 0;
  let table: string[][] | null = null;
  const push = (block: string) => {
    const quote = "> ".repeat(quoteDepth);
    blocks.push(
      quote
        ? block
            .split("\n")
            .map((l) => `${quote}${l}`.trimEnd())
            .join("\n")
        : block,
    );
  };
  for (const token of tokens) {
    switch (token.type) {
      case "bullet_list_open":
      case "ordered_list_open":
        lists.push({ ordered: token.type === "ordered_list_open", n: Number(token.attrGet("start") ?? 1) });
        break;
      case "bullet_list_close":
      case "ordered_list_close":
        lists.pop();
        break;
      case "list_item_open": {
        const list = lists[lists.length - 1]!;
        const marker = list.ordered ? `${list.n++}. ` : "- ";
        prefix = `${"  ".repeat(lists.length - 1)}${marker}`;
        break;
      }
      case "heading_open":
      case "paragraph_open":
        current = "";
        break;
      case "inline":
        if (table) table[table.length - 1]!.push(inlineText(token.children ?? []));
        else current += inlineText(token.children ?? []);
        break;
      case "table_open":
        table = [];
        break;
      case "tr_open":
        table?.push([]);
        break;
      case "table_close":
        if (table) push(table.map((row) => row.join(" | ")).join("\n"));
        table = null;
        break;
      case "heading_close":
      case "paragraph_close": {
        const text = prefix ? `${prefix}${current}` : `${"  ".repeat(lists.length)}${current}`.trimStart();
        push(lists.length && !prefix ? `${"  ".repeat(lists.length)}${current}` : text);
        prefix = "";
        break;
      }
      case "fence":
      case "code_block":
        push(token.content.replace(/\n$/, ""));
        break;
      case "hr":
        push("* * *");
        break;
      case "blockquote_open":
        quoteDepth++;
        break;
      case "blockquote_close":
        quoteDepth--;
        break;
    }
  }
  return joinBlocks(blocks);
}

/** List items sit on consecutive lines; other blocks are separated by a blank line. */
function joinBlocks(blocks: string[]): string {
  let out = "";
  let previousWasItem = false;
  for (const block of blocks) {
    const isItem = /^\s*(- |\d+\. )/.test(block) || /^\s{2,}/.test(block);
    if (out) out += isItem && previousWasItem ? "\n" : "\n\n";
    out += block;
    previousWasItem = isItem;
  }
  return out;
}

function inlineText(children: Token[]): string {
  let out = "";
  const hrefs: string[] = [];
  for (const t of children) {
    switch (t.type) {
      case "text":
      case "code_inline":
      case "math_inline":
        out += t.content;
        break;
      case "softbreak":
        out += " ";
        break;
      case "hardbreak":
        out += "\n";
        break;
      case "link_open":
        hrefs.push(String(t.attrGet("href") ?? ""));
        break;
      case "link_close": {
        const href = hrefs.pop();
        if (href) out += ` <${href}>`;
        break;
      }
      case "image":
        out += `${t.content}${t.attrGet("src") ? ` <${String(t.attrGet("src"))}>` : ""}`;
        break;
    }
  }
  return out;
}
