import { SummaError } from "../../domain/errors.ts";
import { decodeOoxmlEscapes } from "./xlsx-escapes.ts";
import { elementsOf, readXmlPart } from "./xlsx-xml.ts";
import type { UnpackBudget, ZipEntry } from "./zip-stream.ts";

/** The workbook's parts the first sheet needs, found through the workbook's relationships. */
export interface WorkbookParts {
  sheet: ZipEntry;
  /** The sheet's relationships (its hyperlinks' targets), when it has any. */
  sheetRels?: ZipEntry;
  sharedStrings?: ZipEntry;
  styles?: ZipEntry;
  /** Dates count from 1904 instead of 1900 (old Mac workbooks). */
  date1904: boolean;
}

/** A zip and what reading it may still unpack: the context every part reader takes. */
export interface Archive {
  data: Uint8Array;
  entries: Map<string, ZipEntry>;
  budget: UnpackBudget;
  file: string;
}

const RELATIONSHIP = new Set(["Relationship"]);

/** A relationships part: id -> target (and type), targets resolved against the part's folder. */
export function readRelationships(
  archive: Archive,
  entry: ZipEntry,
  folder: string,
): Map<string, { target: string; type: string; external: boolean }> {
  const rels = new Map<string, { target: string; type: string; external: boolean }>();
  for (const { attrs } of elementsOf(archive.data, entry, archive.budget, archive.file, RELATIONSHIP)) {
    if (!attrs.Id || attrs.Target === undefined) continue;
    const external = attrs.TargetMode === "External";
    rels.set(attrs.Id, {
      target: external ? attrs.Target : partPath(folder, attrs.Target),
      type: attrs.Type ?? "",
      external,
    });
  }
  return rels;
}

/** A part's path inside the zip: absolute targets start at the root, others at the folder; `..` steps up. */
function partPath(folder: string, target: string): string {
  const parts = target.startsWith("/") ? [] : folder.split("/").filter(Boolean);
  for (const piece of target.split("/")) {
    if (piece === "..") parts.pop();
    else if (piece !== "." && piece !== "") parts.push(piece);
  }
  return parts.join("/");
}

function unreadable(file: string, why: string): SummaError {
  return new SummaError("import.unreadable", `${file}: ${why}`);
}

/** Finds the first worksheet and the parts it reads, from xl/workbook.xml and its relationships. */
export function findWorkbookParts(archive: Archive): WorkbookParts {
  const { entries, file } = archive;
  const workbook = entries.get("xl/workbook.xml");
  const workbookRels = entries.get("xl/_rels/workbook.xml.rels");
  if (!workbook || !workbookRels) throw unreadable(file, "not a readable xlsx workbook (no xl/workbook.xml)");
  const wanted = new Set(["sheet", "workbookPr"]);
  const elements = elementsOf(archive.data, workbook, archive.budget, file, wanted);
  const firstSheet = elements.find((e) => e.name === "sheet");
  const date1904 = elements.some(
    (e) => e.name === "workbookPr" && ["1", "true"].includes(e.attrs.date1904 ?? ""),
  );
  const rels = readRelationships(archive, workbookRels, "xl");
  const sheetId = firstSheet?.attrs["r:id"];
  const sheetPath = sheetId ? rels.get(sheetId)?.target : undefined;
  const sheet = sheetPath ? entries.get(sheetPath) : undefined;
  if (!sheet) throw unreadable(file, "the workbook has no worksheet");
  const ofType = (suffix: string, fallback: string) => {
    const rel = [...rels.values()].find((r) => r.type.endsWith(suffix));
    return entries.get(rel?.target ?? fallback);
  };
  const slash = sheet.name.lastIndexOf("/");
  return {
    sheet,
    sheetRels: entries.get(`${sheet.name.slice(0, slash)}/_rels/${sheet.name.slice(slash + 1)}.rels`),
    sharedStrings: ofType("/sharedStrings", "xl/sharedStrings.xml"),
    styles: ofType("/styles", "xl/styles.xml"),
    date1904,
  };
}

/**
 * The shared strings, in order: each `<si>` is its `<t>` texts joined (rich text runs
 * included, phonetic guides left out), `_xHHHH_` escapes decoded.
 */
export function readSharedStrings(archive: Archive, entry: ZipEntry | undefined): string[] {
  const strings: string[] = [];
  if (!entry) return strings;
  let pieces: string[] = [];
  let inText = false;
  let phonetic = 0;
  readXmlPart(archive.data, entry, archive.budget, archive.file, {
    open(name) {
      if (name === "si") pieces = [];
      else if (name === "rPh") phonetic++;
      else if (name === "t" && phonetic === 0) inText = true;
    },
    text(t) {
      if (inText) pieces.push(t);
    },
    close(name) {
      if (name === "t") inText = false;
      else if (name === "rPh") phonetic--;
      else if (name === "si") strings.push(decodeOoxmlEscapes(pieces.join("")));
    },
  });
  return strings;
}

/** Built-in number formats that show dates or times (ECMA-376 18.8.30), as exceljs reads them. */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** Whether a format code shows a date or time: y, m, d, h, s outside quotes and brackets. */
function isDateFormat(code: string): boolean {
  return /[ymdhMsb]/.test(code.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, ""));
}

/** Which cell styles (the `s` of a cell, an index into cellXfs) show numbers as dates. */
export function readDateStyles(archive: Archive, entry: ZipEntry | undefined): Set<number> {
  const dates = new Set<number>();
  if (!entry) return dates;
  const custom = new Map<number, string>();
  let inCellXfs = false;
  let index = 0;
  readXmlPart(archive.data, entry, archive.budget, archive.file, {
    open(name, attrs) {
      if (name === "numFmt") custom.set(Number(attrs.numFmtId), attrs.formatCode ?? "");
      else if (name === "cellXfs") inCellXfs = true;
      else if (name === "xf" && inCellXfs) {
        const id = Number(attrs.numFmtId ?? 0);
        const code = custom.get(id);
        if (id && (code !== undefined ? isDateFormat(code) : BUILT_IN_DATE_FORMATS.has(id))) dates.add(index);
        index++;
      }
    },
    close(name) {
      if (name === "cellXfs") inCellXfs = false;
    },
  });
  return dates;
}
