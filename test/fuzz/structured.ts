import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { unzipSync, zipSync } from "fflate";
import {
  COMMON_TOKENS,
  GENERIC_MUTATORS,
  type MutationContext,
  type Mutator,
  text,
  utf8,
} from "./mutators.ts";

/**
 * Mutators that read their format first and change one part of it (a CSV cell, a JSON value,
 * an HTML tag, a zip entry, a mail header), so the result still gets past the reader's first
 * checks and reaches the code behind them. Each falls back to the input unchanged when the
 * input no longer parses (an earlier mutation broke it): the generic ones cover that case.
 */

/** A weird value for one field: what people, tools and attackers put in cells and fields. */
function weirdText(ctx: MutationContext): string {
  const { rng, limits } = ctx;
  switch (rng.int(7)) {
    case 0:
      return "";
    case 1:
      return rng.pick(COMMON_TOKENS);
    case 2:
      return rng.pick(ctx.dictionary.length ? ctx.dictionary : COMMON_TOKENS);
    case 3:
      return "\u0000".repeat(rng.between(1, 3));
    case 4:
      return rng.pick(["x", "<@", ")", ".", "/", "a ", "*"]).repeat(rng.between(1000, limits.maxRepeat));
    case 5:
      return `http://example.org/${rng.pick([")", ".", "/", "(", "_"]).repeat(rng.between(100, limits.maxRepeat))}x`;
    default:
      return rng.pick(["2019", "0", "-5", "99999", "Highlight", "AN #53", "Rohin/Robert", "Yes", "TRUE"]);
  }
}

/** Applies a generic mutator to a piece of text (a cell, a value, a zip entry). */
function mutateText(s: string, ctx: MutationContext): string {
  const names = [
    "flipBits",
    "truncate",
    "duplicateChunk",
    "insertControl",
    "insertToken",
    "insertInvalidUtf8",
  ];
  return text(GENERIC_MUTATORS[ctx.rng.pick(names)]!(utf8(s), ctx));
}

/** CSV: one cell, a row, or the header changed; written back with proper quoting. */
export const csvCells: Mutator = (input, ctx) => {
  const { rng } = ctx;
  let rows: string[][];
  try {
    rows = parse(Buffer.from(input), { relax_column_count: true, bom: true });
  } catch {
    return input;
  }
  if (rows.length === 0) return input;
  const r = rng.int(rows.length);
  const row = rows[r]!;
  switch (rng.int(6)) {
    case 0:
    case 1: {
      const c = rng.int(row.length);
      row[c] = rng.chance(0.5) ? weirdText(ctx) : mutateText(row[c] ?? "", ctx);
      break;
    }
    case 2:
      rows.splice(rng.int(rows.length + 1), 0, [...row]);
      break;
    case 3:
      row.splice(rng.int(row.length + 1), rng.int(3), ...(rng.chance(0.5) ? [weirdText(ctx)] : []));
      break;
    case 4:
      // The header: a column renamed, repeated or dropped.
      rows[0]![rng.int(rows[0]!.length)] = rng.pick([...rows[0]!, "", "Title", "title", "Year", "url"]);
      break;
    default:
      rows.splice(r, 1);
  }
  return utf8(stringify(rows, { record_delimiter: rng.chance(0.5) ? "\n" : "\r\n" }));
};

/** A random value of any JSON type, sometimes deep. */
function weirdJson(ctx: MutationContext): unknown {
  const { rng, limits } = ctx;
  switch (rng.int(10)) {
    case 0:
      return null;
    case 1:
      return rng.pick([0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, 2147483648]);
    case 2:
      return rng.chance(0.5);
    case 3:
      return [];
    case 4:
      return {};
    case 5: {
      let v: unknown = "x";
      for (let i = rng.between(10, limits.maxDepth); i > 0; i--) v = rng.chance(0.5) ? [v] : { a: v };
      return v;
    }
    case 6:
      return [weirdText(ctx), weirdText(ctx)];
    default:
      return weirdText(ctx);
  }
}

/** JSON: one value replaced (by another type, a huge or deep one), a key removed or added. */
export const jsonValues: Mutator = (input, ctx) => {
  try {
    return changeJsonValue(JSON.parse(text(input)), ctx);
  } catch {
    // Not JSON, or nested too deep for this mutator's own recursion: the generic mutators go on.
    return input;
  }
};

function changeJsonValue(doc: unknown, ctx: MutationContext): Uint8Array {
  const { rng } = ctx;
  const holders: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (v: unknown) => {
    if (v === null || typeof v !== "object") return;
    const entries: [string | number, unknown][] = Array.isArray(v)
      ? v.map((item, i) => [i, item])
      : Object.entries(v);
    for (const [key, item] of entries) {
      holders.push({ parent: v as Record<string, unknown>, key });
      walk(item);
    }
  };
  walk(doc);
  if (holders.length === 0 || rng.chance(0.05)) return utf8(JSON.stringify(weirdJson(ctx)));
  const { parent, key } = rng.pick(holders);
  const op = rng.int(5);
  if (op === 0 && !Array.isArray(parent)) delete parent[key as string];
  else if (op === 1 && !Array.isArray(parent))
    parent[rng.pick(["__proto__", "constructor", "extra", "", "title\u0000", "x".repeat(300)])] =
      weirdJson(ctx);
  else if (op === 2 && typeof (parent as Record<string, unknown>)[key] === "string")
    (parent as Record<string, unknown>)[key] = mutateText((parent as Record<string, string>)[key]!, ctx);
  else (parent as Record<string, unknown>)[key] = weirdJson(ctx);
  return utf8(JSON.stringify(doc, null, rng.chance(0.3) ? 2 : undefined));
}

const TAG = /<\/?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>/g;

/** HTML (and XML): a tag dropped, repeated, nested deep, left open, or given odd attributes. */
export const htmlTags: Mutator = (input, ctx) => {
  const { rng, limits } = ctx;
  const s = text(input);
  const tags = [...s.matchAll(TAG)];
  if (tags.length === 0) return input;
  const m = rng.pick(tags);
  const at = m.index ?? 0;
  const end = at + m[0].length;
  const name = m[1]!;
  let piece: string;
  switch (rng.int(6)) {
    case 0:
      piece = ""; // dropped: an unclosed or unopened element
      break;
    case 1:
      piece = m[0].repeat(rng.between(2, 20));
      break;
    case 2: {
      const depth = rng.between(50, limits.maxDepth);
      piece = `<${name}>`.repeat(depth) + m[0] + (rng.chance(0.5) ? `</${name}>`.repeat(depth) : "");
      break;
    }
    case 3:
      piece = m[0].replace(
        />$/,
        rng.pick([
          ' href="javascript:alert(1)">',
          ' colspan="99999999">',
          ' colspan="-3">',
          ' class="freezebar">',
          ' class="entry">',
          ` title="${"&amp;".repeat(200)}">`,
          " onerror=alert(1)>",
          ' data-issue="-1">',
        ]),
      );
      break;
    case 4:
      piece =
        m[0] + rng.pick(["<!--", "<![CDATA[", "<script>", "<style>", "</table>", "<table>", "&#0;", "&"]);
      break;
    default:
      piece = m[0] + weirdText(ctx);
  }
  return utf8(s.slice(0, at) + piece + s.slice(end));
};

/** Zip archives (xlsx, Google Sheets' export): one entry mutated, dropped, added or renamed, then zipped again. */
export const zipEntries: Mutator = (input, ctx) => {
  const { rng, limits } = ctx;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(input);
  } catch {
    return input;
  }
  const names = Object.keys(files);
  if (names.length === 0) return input;
  const name = rng.pick(names);
  switch (rng.int(6)) {
    case 0:
      delete files[name];
      break;
    case 1:
      files[`${name}.copy`] = files[name]!;
      break;
    case 2:
      // A large, very compressible entry: the archive stays small, the unpacked file does not.
      files[name] = new Uint8Array(rng.between(1000, limits.maxRepeat * 4)).fill(rng.pick([0x20, 0x3c, 0]));
      break;
    case 3:
      files[name] = htmlTags(files[name]!, ctx);
      break;
    default: {
      const m = rng.pick([
        "flipBits",
        "truncate",
        "duplicateChunk",
        "insertToken",
        "insertHugeRepeat",
        "insertInvalidUtf8",
      ]);
      files[name] = GENERIC_MUTATORS[m]!(files[name]!, ctx);
    }
  }
  return zipSync(files, { level: rng.chance(0.5) ? 0 : 6 });
};

const HEADER = /^([A-Za-z-]+):[ \t]*(.*)$/gm;

/** Mail (mbox, DSN, ARF): a header's value, a boundary, a message duplicated, or MIME nested deep. */
export const mailParts: Mutator = (input, ctx) => {
  const { rng, limits } = ctx;
  const s = text(input);
  const headers = [...s.matchAll(HEADER)];
  switch (rng.int(5)) {
    case 0:
    case 1: {
      if (headers.length === 0) return input;
      const m = rng.pick(headers);
      const value = rng.chance(0.5) ? weirdText(ctx) : mutateText(m[2]!, ctx);
      const at = m.index ?? 0;
      return utf8(`${s.slice(0, at)}${m[1]}: ${value}${s.slice(at + m[0].length)}`);
    }
    case 2: {
      // Boundaries removed or changed: parts that never end, or end too soon.
      const boundary = /boundary="?([^";\n]+)"?/i.exec(s)?.[1];
      if (!boundary) return input;
      return utf8(s.split(`--${boundary}`).join(rng.pick(["", "--", `--${boundary}x`, `--${boundary}--`])));
    }
    case 3: {
      const depth = rng.between(10, limits.maxDepth);
      let nested = "";
      for (let i = 0; i < depth; i++)
        nested += `Content-Type: multipart/mixed; boundary="b${i}"\n\n--b${i}\n`;
      const at = s.indexOf("\n\n");
      return utf8(at < 0 ? nested + s : s.slice(0, at + 2) + nested + s.slice(at + 2));
    }
    default: {
      const messages = s.split(/^(?=From )/m);
      const copies = rng.between(2, 30);
      return utf8(s + rng.pick(messages).repeat(copies));
    }
  }
};
