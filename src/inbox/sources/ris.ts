import type { IncomingCandidate } from "../candidate.ts";
import { type BibliographyFields, bibliographyCandidate } from "./bibliography-item.ts";
import { sourceError } from "./errors.ts";

const TYPES: Record<string, string> = {
  JOUR: "journalArticle",
  JFULL: "journalArticle",
  EJOUR: "journalArticle",
  CONF: "conferencePaper",
  CPAPER: "conferencePaper",
  BOOK: "book",
  CHAP: "bookSection",
  RPRT: "report",
  THES: "thesis",
  BLOG: "blogPost",
  ELEC: "webpage",
  WEB: "webpage",
  UNPB: "manuscript",
  MGZN: "magazineArticle",
  GEN: "document",
};

// "TY  - JOUR": two characters, two spaces, a hyphen; "ER  -" may end there.
const TAG_LINE = /^([A-Z][A-Z0-9]) {2}-(?: (.*))?$/;

/**
 * An RIS file's records as candidates (the tags Zotero, Mendeley and publishers write: TY, AU/A1,
 * TI/T1, AB/N2, T2/JO/JF/BT, PY/Y1/DA, UR, DO, KW, ER). A line without a tag continues the one
 * before. A tag before TY, a second TY before ER, or a record never ended name their line.
 */
export function parseRis(text: string, file: string): IncomingCandidate[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  const out: IncomingCandidate[] = [];
  let record: { start: number; tags: [string, string][] } | null = null;
  lines.forEach((raw, index) => {
    const line = index + 1;
    const m = TAG_LINE.exec(raw.trimEnd());
    if (!m) {
      if (!raw.trim()) return;
      if (record && record.tags.length) record.tags.at(-1)![1] += ` ${raw.trim()}`;
      else
        throw sourceError(
          "source.malformed",
          file,
          `RIS: "${raw.trim().slice(0, 40)}" is not a tagged line ("XX  - value")`,
          { line },
        );
      return;
    }
    const [, tag, value = ""] = m;
    if (tag === "TY") {
      if (record)
        throw sourceError(
          "source.malformed",
          file,
          `RIS: a record begins (TY) before the one on line ${record.start} ended (ER)`,
          { line },
        );
      record = { start: line, tags: [["TY", value.trim()]] };
    } else if (!record) {
      throw sourceError("source.malformed", file, `RIS: the tag ${tag} comes before any record's TY`, {
        line,
      });
    } else if (tag === "ER") {
      out.push(candidateOf(record.tags, file, record.start));
      record = null;
    } else record.tags.push([tag!, value.trim()]);
  });
  if (record) {
    const start = (record as { start: number }).start;
    throw sourceError("source.malformed", file, "RIS: the record that begins here never ends (no ER line)", {
      line: start,
    });
  }
  return out;
}

function candidateOf(tags: [string, string][], file: string, line: number): IncomingCandidate {
  const all = (...names: string[]) => tags.filter(([t]) => names.includes(t)).map(([, v]) => v);
  const first = (...names: string[]) => {
    for (const n of names) {
      const v = all(n)[0];
      if (v) return v;
    }
    return "";
  };
  const type = first("TY").toUpperCase();
  const urls = all("UR", "L2");
  const fields: BibliographyFields = {
    title: first("TI", "T1", "CT", "BT"),
    authors: all("AU", "A1", "A2"),
    abstract: first("AB", "N2"),
    venue: first("T2", "JO", "JF", "JA", "BT", "PB"),
    itemType: TYPES[type] ?? "document",
    url: urls.find((u) => /^https?:/i.test(u)) ?? "",
    doi: first("DO"),
    arxivId: "",
    date: first("DA", "PY", "Y1"),
    tags: all("KW"),
  };
  return bibliographyCandidate(fields, file, { line }, "RIS record");
}
