import { unzipWithin } from "./zip.ts";

/**
 * Hyperlink fragments of the workbook's first sheet, by cell address ("C5" -> "gid=763026677").
 *
 * An xlsx stores a link's `#fragment` apart from its target (`<hyperlink ref="C5" r:id="rId3"
 * location="gid=0"/>`), and exceljs drops it; the sheet's own links (and Google's HTML export)
 * keep it. Reading these few attributes ourselves keeps links whole.
 */
export function hyperlinkFragments(data: Uint8Array | Record<string, Uint8Array>): Map<string, string> {
  const fragments = new Map<string, string>();
  let files: Record<string, Uint8Array>;
  try {
    // The workbook's files, or the workbook itself (unpacked here within the size limit).
    files = data instanceof Uint8Array ? unzipWithin(data, "workbook") : data;
  } catch {
    return fragments;
  }
  const decoder = new TextDecoder();
  const workbook = files["xl/workbook.xml"] ? decoder.decode(files["xl/workbook.xml"]) : "";
  const rels = files["xl/_rels/workbook.xml.rels"] ? decoder.decode(files["xl/_rels/workbook.xml.rels"]) : "";
  const firstSheetRel = /<sheet\b[^>]*\br:id="([^"]+)"/.exec(workbook)?.[1];
  const target = firstSheetRel
    ? (new RegExp(`<Relationship\\b[^>]*\\bId="${firstSheetRel}"[^>]*\\bTarget="([^"]+)"`).exec(rels)?.[1] ??
      new RegExp(`<Relationship\\b[^>]*\\bTarget="([^"]+)"[^>]*\\bId="${firstSheetRel}"`).exec(rels)?.[1])
    : undefined;
  if (!target) return fragments;
  const sheetPath = target.startsWith("/") ? target.slice(1) : `xl/${target}`;
  const sheet = files[sheetPath];
  if (!sheet) return fragments;
  const xml = decoder.decode(sheet);
  const start = xml.indexOf("<hyperlinks");
  if (start < 0) return fragments;
  for (const m of xml.slice(start).matchAll(/<hyperlink\b([^>]*)\/?>/g)) {
    const attrs = m[1]!;
    const ref = /\bref="([^"]+)"/.exec(attrs)?.[1];
    const location = /\blocation="([^"]*)"/.exec(attrs)?.[1];
    if (ref && location && /\br:id="/.test(attrs)) fragments.set(ref, decodeXmlEntities(location));
  }
  return fragments;
}

function decodeXmlEntities(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, e: string) => {
    const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
    if (named[e]) return named[e]!;
    return String.fromCodePoint(
      e[1]?.toLowerCase() === "x" ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)),
    );
  });
}

/**
 * OOXML writes characters XML cannot hold as `_xHHHH_` (and a literal `_x` as `_x005F_x`).
 * exceljs already decodes the upper-case form; Google Sheets writes lower-case hex
 * (`_x000f_`), which exceljs leaves, so only that form is decoded here (decoding twice
 * would turn an escaped literal `_x005F_x000F_` into a control character).
 */
export function decodeOoxmlEscapes(s: string): string {
  if (!s.includes("_x")) return s;
  return s.replace(/_x([0-9a-f]{4})_/g, (m, hex: string) =>
    /[a-f]/.test(hex) ? String.fromCharCode(Number.parseInt(hex, 16)) : m,
  );
}

/** The inverse, for the characters XML 1.0 forbids (C0 controls other than tab, LF, CR). */
export function encodeOoxmlEscapes(s: string): string {
  // Text that merely looks like an escape gets its underscore escaped, so it reads back as written.
  return s.replace(/_(?=x[0-9A-Fa-f]{4}_)/g, "_x005F_").replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters to escape
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g,
    (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}_`,
  );
}
