import type { Newsletter } from "../../domain/issue.ts";
import type { Taxonomy } from "../../domain/taxonomy.ts";
import { EMPTY, IssueAssembler, issueTitleNumber } from "./assemble.ts";
import type { HeadingIndex } from "./headings.ts";
import { MARKDOWN_LABELS } from "./labels.ts";
import { parseMarkdownHeader } from "./markdown-header.ts";
import { isLabelled } from "./text-header.ts";
import type { ParsedIssue } from "./types.ts";
import { type Block, type EntrySyntax, walkIssue } from "./walk.ts";

const ATX = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;

/**
 * Blocks of Markdown: paragraphs (runs of non-blank lines; a fenced code block stays whole,
 * blank lines and all), ATX headings (a line of their own) and thematic breaks.
 */
function rawBlocks(source: string): Block[] {
  const out: Block[] = [];
  let start = -1;
  let end = -1;
  let fence: string | null = null;
  const flush = () => {
    if (start >= 0) out.push({ kind: "paragraph", text: source.slice(start, end), start, end });
    start = -1;
  };
  let at = 0;
  for (const line of source.split("\n")) {
    const m = { index: at };
    const lineEnd = at + line.length;
    at = lineEnd + 1;
    if (fence) {
      if (new RegExp(`^ {0,3}${fence[0]}{${fence.length},}\\s*$`).test(line)) fence = null;
      end = lineEnd;
      continue;
    }
    const f = FENCE.exec(line);
    if (f) {
      fence = f[1]!;
      if (start < 0) start = m.index;
      end = lineEnd;
      continue;
    }
    if (line.trim() === "") {
      flush();
      continue;
    }
    const atx = ATX.exec(line);
    if (atx) {
      flush();
      out.push({
        kind: "heading",
        text: atx[2]!,
        level: atx[1]!.length === 1 ? "section" : "category",
        start: m.index,
        end: lineEnd,
      });
      continue;
    }
    if (start < 0 && RULE.test(line)) {
      out.push({ kind: "separator", text: line, start: m.index, end: lineEnd });
      continue;
    }
    if (start < 0) start = m.index;
    end = lineEnd;
  }
  flush();
  return out;
}

/**
 * A heading the taxonomy doesn't know is a heading only where one could be: before an entry,
 * another heading or the end. Elsewhere it is a summary's own (`## Results`) and stays in it.
 */
function blocksOf(source: string, headings: HeadingIndex): Block[] {
  const blocks = rawBlocks(source);
  return blocks.map((b, i): Block => {
    if (b.kind !== "heading" || headings.lookup(b.text).length) return b;
    const next = blocks[i + 1];
    const placed =
      !next || next.kind === "heading" || (next.kind === "paragraph" && parseMarkdownHeader(next.text));
    return placed ? b : { kind: "paragraph", text: source.slice(b.start, b.end), start: b.start, end: b.end };
  });
}

function markdownSyntax(newsletter: Newsletter): EntrySyntax {
  return {
    header: parseMarkdownHeader,
    looksLikeHeader: (p) => {
      const h = parseMarkdownHeader(p);
      if (!h || h.strength < 2 || h.title.length > 300 || isLabelled(p)) return false;
      return h.hasSummary || (p.length <= 500 && !p.includes("\n"));
    },
    startsEntry: (p) => parseMarkdownHeader(p) !== null && !isLabelled(p),
    separated: (blocks) => blocks.some((b) => b.kind === "separator"),
    labels: MARKDOWN_LABELS,
    titleLine: (p, first) => {
      const n = first ? issueTitleNumber(p.replace(/^#+\s*/, "").replace(/\\#/g, "#"), newsletter) : null;
      return n !== null ? { number: n } : null;
    },
  };
}

/**
 * Reads a Markdown issue: the Markdown renderer's layout (`# SECTION`, `## CATEGORY`, entries
 * separated by `---`) or a foreign one without separators, where a paragraph that looks like
 * an entry's header starts a new entry. Fields come back as the Markdown they were written in.
 */
export function parseIssueMarkdown(md: string, taxonomy: Taxonomy, newsletter: Newsletter): ParsedIssue {
  const source = md.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const a = new IssueAssembler(taxonomy, newsletter);
  const blocks = blocksOf(source, a.headings);
  if (blocks.length === 0) {
    a.warnings.push(EMPTY);
    return a.result("", null);
  }
  const { intro, number, url } = walkIssue(source, blocks, markdownSyntax(newsletter), a);
  return a.result(intro, number, url);
}
