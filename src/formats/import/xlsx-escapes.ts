/**
 * OOXML writes characters XML cannot hold as `_xHHHH_` (and a literal `_x` as `_x005F_x`), in
 * upper-case hex (Excel, exceljs) or lower-case (Google Sheets: `_x000f_`). Decoded once, in one
 * pass: decoding twice would turn an escaped literal `_x005F_x000F_` into a control character.
 */
export function decodeOoxmlEscapes(s: string): string {
  if (!s.includes("_x")) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
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
