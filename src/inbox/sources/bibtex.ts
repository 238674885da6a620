import type { IncomingCandidate } from "../candidate.ts";
import { type BibliographyFields, bibliographyCandidate } from "./bibliography-item.ts";
import { lineCounter, sourceError } from "./errors.ts";

const MONTHS: Record<string, string> = {
  jan: "1",
  feb: "2",
  mar: "3",
  apr: "4",
  may: "5",
  jun: "6",
  jul: "7",
  aug: "8",
  sep: "9",
  oct: "10",
  nov: "11",
  dec: "12",
};

const TYPES: Record<string, string> = {
  article: "journalArticle",
  inproceedings: "conferencePaper",
  conference: "conferencePaper",
  book: "book",
  incollection: "bookSection",
  inbook: "bookSection",
  techreport: "report",
  report: "report",
  phdthesis: "thesis",
  mastersthesis: "thesis",
  thesis: "thesis",
  unpublished: "manuscript",
  online: "webpage",
  misc: "document",
};

interface RawEntry {
  type: string;
  key: string;
  fields: Record<string, string>;
  line: number;
}

/**
 * A BibTeX (or biblatex) file's entries as candidates. A small reader of the format's grammar:
 * `@type{key, field = {braced} | "quoted" | 2020 | macro # "concatenated", ...}`, with
 * `@string` macros (and the month names), `@comment` and `@preamble` skipped; values lose their
 * braces and the common LaTeX accents and commands. Every syntax problem names its line.
 */
export function parseBibtex(text: string, file: string): IncomingCandidate[] {
  return readEntries(text, file).map((entry) => {
    const f = entry.fields;
    const fields: BibliographyFields = {
      title: f.title ?? "",
      authors: splitNames(f.author ?? f.editor ?? ""),
      abstract: f.abstract ?? "",
      venue:
        f.journal ??
        f.journaltitle ??
        f.booktitle ??
        f.institution ??
        f.school ??
        f.publisher ??
        f.howpublished ??
        "",
      itemType: TYPES[entry.type] ?? "document",
      url: f.url ?? "",
      doi: f.doi ?? "",
      arxivId: /arxiv/i.test(f.archiveprefix ?? f.eprinttype ?? "") ? (f.eprint ?? "") : "",
      date: f.date ?? "",
      tags: (f.keywords ?? "").split(/[,;]/),
    };
    return bibliographyCandidate(fields, file, { line: entry.line }, "BibTeX entry");
  });
}

/** Splits "A and B and {C and D Inc.}" at the top-level "and"s, before braces are removed. */
function splitNames(raw: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === "{") depth++;
    else if (c === "}") depth--;
    else if (depth === 0 && /\s/.test(c!) && /^\s+and\s/i.test(raw.slice(i))) {
      names.push(raw.slice(start, i));
      const m = /^\s+and\s+/i.exec(raw.slice(i))!;
      i += m[0].length - 1;
      start = i + 1;
    }
  }
  names.push(raw.slice(start));
  return names.map(latexToText).filter(Boolean);
}

const ACCENTS: Record<string, string> = {
  '"': "\u0308",
  "'": "\u0301",
  "`": "\u0300",
  "^": "\u0302",
  "~": "\u0303",
  "=": "\u0304",
  ".": "\u0307",
  c: "\u0327",
  v: "\u030c",
  u: "\u0306",
  H: "\u030b",
  k: "\u0328",
};

// Written for characters LaTeX treats as special (Summa's own export writes them); kept out of
// the way as private-use characters while braces are removed, then restored.
const NAMED: Record<string, string> = {
  textbraceleft: "{",
  textbraceright: "}",
  textbackslash: "\\",
  textasciitilde: "~",
  textasciicircum: "^",
};
const HELD: Record<string, string> = {
  "{": "\uE000",
  "}": "\uE001",
  "\\": "\uE002",
  "~": "\uE003",
  "^": "\uE004",
};
const RELEASED = Object.fromEntries(Object.entries(HELD).map(([c, held]) => [held, c]));

/** LaTeX in a value as text: accents composed, \emph{x} → x, \& → &, braces and ~ gone. */
export function latexToText(value: string): string {
  return value
    .replace(
      /\\(textbraceleft|textbraceright|textbackslash|textasciitilde|textasciicircum)(?:\{\}|\b)/g,
      (_, name: string) => HELD[NAMED[name]!]!,
    )
    .replace(/\\([{}])/g, (_, c: string) => HELD[c]!)
    .replace(/\\(["'`^~=.]|[cvuHk](?=[\s{]))\s*\{?\\?([A-Za-z])\}?/g, (_, accent: string, letter: string) =>
      `${letter}${ACCENTS[accent] ?? ""}`.normalize("NFC"),
    )
    .replace(/\\(?:textit|textbf|emph|textsc|texttt|textrm|mathrm|url|href)\s*\{([^{}]*)\}/g, "$1")
    .replace(/\\([&%$#_])/g, "$1")
    .replace(/\\(?:ss)\b/g, "ß")
    .replace(/[{}]/g, "")
    .replace(/~/g, " ")
    .replace(/[\uE000-\uE004]/g, (c) => RELEASED[c]!)
    .replace(/\s+/g, " ")
    .trim();
}

function readEntries(text: string, file: string): RawEntry[] {
  const macros: Record<string, string> = { ...MONTHS };
  const entries: RawEntry[] = [];
  const lineAt = lineCounter(text);
  let i = 0;
  const fail = (problem: string, at = i): never => {
    throw sourceError("source.malformed", file, `BibTeX: ${problem}`, { line: lineAt(at) });
  };
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const word = () => {
    const m = /^[^\s"#%'(),={}]+/.exec(text.slice(i, i + 200));
    if (!m) fail(`expected a name, found "${text.slice(i, i + 10) || "the end of the file"}"`);
    i += m![0].length;
    return m![0];
  };
  /** A braced value, from its "{" to the matching "}", without the outer braces. */
  const braced = (open: number) => {
    let depth = 0;
    for (; i < text.length; i++) {
      if (text[i] === "\\") {
        i++;
        continue;
      }
      if (text[i] === "{") depth++;
      else if (text[i] === "}" && --depth === 0) return text.slice(open + 1, i++);
    }
    return fail("a brace opened here is never closed", open);
  };
  const quoted = (open: number) => {
    let depth = 0;
    for (i = open + 1; i < text.length; i++) {
      if (text[i] === "\\") i++;
      else if (text[i] === "{") depth++;
      else if (text[i] === "}") depth--;
      else if (text[i] === '"' && depth === 0) return text.slice(open + 1, i++);
    }
    return fail("a quote opened here is never closed", open);
  };
  const value = (): string => {
    const parts: string[] = [];
    for (;;) {
      skipSpace();
      const start = i;
      if (text[i] === "{") parts.push(braced(i));
      else if (text[i] === '"') parts.push(quoted(i));
      else {
        const name = word();
        parts.push(
          /^\d+$/.test(name)
            ? name
            : (macros[name.toLowerCase()] ?? fail(`unknown @string "${name}"`, start)),
        );
      }
      skipSpace();
      if (text[i] !== "#") return parts.join("");
      i++;
    }
  };
  for (;;) {
    const at = text.indexOf("@", i);
    if (at < 0) break;
    i = at + 1;
    const type = word().toLowerCase();
    skipSpace();
    const open = text[i];
    if (open !== "{" && open !== "(") fail(`@${type} must be followed by "{"`);
    const close = open === "{" ? "}" : ")";
    if (type === "comment" || type === "preamble") {
      if (open === "{") braced(i);
      else i = text.indexOf(")", i) + 1 || fail("an @comment( is never closed", at);
      continue;
    }
    i++;
    const fields: Record<string, string> = {};
    let key = "";
    if (type !== "string") {
      skipSpace();
      key = word();
      skipSpace();
      if (text[i] === ",") i++;
    }
    for (;;) {
      skipSpace();
      if (i >= text.length) fail(`the entry @${type}{${key} is never closed`, at);
      if (text[i] === close) {
        i++;
        break;
      }
      const name = word().toLowerCase();
      skipSpace();
      if (text[i] !== "=") fail(`expected "=" after the field "${name}"`);
      i++;
      const v = value();
      if (type === "string") macros[name] = v;
      else fields[name] = name === "author" || name === "editor" || name === "url" ? v : latexToText(v);
      skipSpace();
      if (i >= text.length) fail(`the entry @${type}{${key} is never closed`, at);
      if (text[i] === ",") i++;
      else if (text[i] !== close) fail(`expected "," or "${close}" after the field "${name}"`);
    }
    if (type !== "string") entries.push({ type, key, fields, line: lineAt(at) });
  }
  return entries;
}
