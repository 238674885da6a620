// 0x80-0x9F in windows-1252 (0 where the code page leaves a byte undefined: kept as the C1 control).
const CP1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0,
  0x017d, 0, 0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
  0x0153, 0, 0x017e, 0x0178,
];

/**
 * windows-1252 (what WHATWG also means by latin1 and iso-8859-1) by hand: Node 20's TextDecoder
 * decodes it as ISO-8859-1, so 0x93 0x94 (curly quotes, common from Windows tools and older
 * Excel CSVs) and 0x80 (€) came out as invisible C1 controls. Every byte is a character.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  const codes = new Array<number>(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    codes[i] = b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] || b : b;
  }
  // In slices: String.fromCharCode takes its codes as arguments, and the stack bounds those.
  let out = "";
  for (let i = 0; i < codes.length; i += 8192) out += String.fromCharCode(...codes.slice(i, i + 8192));
  return out;
}
