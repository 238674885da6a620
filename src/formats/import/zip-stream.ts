import { Inflate } from "fflate";
import { SummaError } from "../../domain/errors.ts";
import { checkUnpacking, MAX_SHEET_XML_BYTES } from "../limits.ts";

/** One file of a zip archive, as its central directory describes it. */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated (the only two an xlsx uses). */
  method: number;
  packedSize: number;
  /** What the archive says the file unpacks to: checked against what it really does. */
  declaredSize: number;
  headerOffset: number;
}

/** Compressed bytes handed to the inflater at a time: at deflate's 1032:1 at most, 16 MB out. */
const PUSH_BYTES = 16 * 1024;

function u16(d: Uint8Array, at: number): number {
  return d[at]! | (d[at + 1]! << 8);
}

function u32(d: Uint8Array, at: number): number {
  return (d[at]! | (d[at + 1]! << 8) | (d[at + 2]! << 16) | (d[at + 3]! << 24)) >>> 0;
}

function damaged(file: string, why: string): SummaError {
  return new SummaError("import.unreadable", `${file}: not a readable xlsx workbook (${why})`);
}

/**
 * The files of a zip archive, by name, from its central directory (nothing is unpacked).
 * ZIP64 is refused: no spreadsheet Summa can import comes near 4 GB.
 */
export function zipEntries(data: Uint8Array, file: string): Map<string, ZipEntry> {
  let end = -1;
  for (let at = data.length - 22; at >= Math.max(0, data.length - 22 - 0xffff); at--)
    if (u32(data, at) === 0x06054b50) {
      end = at;
      break;
    }
  if (end < 0) throw damaged(file, "not a zip archive");
  const count = u16(data, end + 10);
  let at = u32(data, end + 16);
  if (count === 0xffff || at === 0xffffffff) throw damaged(file, "a ZIP64 archive");
  const entries = new Map<string, ZipEntry>();
  const latin1 = new TextDecoder("latin1");
  const utf8 = new TextDecoder("utf-8");
  for (let i = 0; i < count; i++) {
    if (at + 46 > data.length || u32(data, at) !== 0x02014b50) throw damaged(file, "a damaged zip directory");
    const nameLength = u16(data, at + 28);
    const nameBytes = data.subarray(at + 46, at + 46 + nameLength);
    const name = (u16(data, at + 8) & 0x800 ? utf8 : latin1).decode(nameBytes);
    entries.set(name, {
      name,
      method: u16(data, at + 10),
      packedSize: u32(data, at + 20),
      declaredSize: u32(data, at + 24),
      headerOffset: u32(data, at + 42),
    });
    at += 46 + nameLength + u16(data, at + 30) + u16(data, at + 32);
  }
  return entries;
}

/**
 * What an archive may still unpack: MAX_SHEET_XML_BYTES in all, and nothing that packs more
 * than MAX_COMPRESSION_RATIO to one once past RATIO_CHECKED_AFTER (a zip bomb). Checked first
 * on the sizes the archive declares (a bomb that tells the truth is refused before a byte is
 * unpacked), then on the bytes really unpacked (one that lies is stopped as it lies).
 */
export class UnpackBudget {
  private unpacked = 0;
  constructor(
    private readonly file: string,
    private readonly limit = MAX_SHEET_XML_BYTES,
  ) {}

  /**
   * Refuses, before anything is unpacked, an archive whose XML parts (all of them, read or not)
   * declare more than the limit, or one of which packs like a bomb.
   */
  admitArchive(entries: Iterable<ZipEntry>): void {
    let total = 0;
    for (const entry of entries) {
      if (!/\.(xml|rels)$/i.test(entry.name)) continue;
      total += entry.declaredSize;
      this.check(entry, this.unpacked + total, entry.declaredSize, entry.packedSize);
    }
  }

  /** Refuses an entry whose declared sizes already break a limit. */
  admit(entry: ZipEntry): void {
    this.check(entry, this.unpacked + entry.declaredSize, entry.declaredSize, entry.packedSize);
  }

  /** Counts `bytes` unpacked from `entry` after `packed` of its compressed bytes. */
  take(entry: ZipEntry, bytes: number, entryUnpacked: number, packed: number): void {
    this.unpacked += bytes;
    if (entryUnpacked > entry.declaredSize) throw damaged(this.file, `${entry.name} is longer than it says`);
    this.check(entry, this.unpacked, entryUnpacked, packed);
  }

  private check(entry: ZipEntry, total: number, unpacked: number, packed: number): void {
    checkUnpacking(this.file, entry.name, { total, unpacked, packed }, this.limit);
  }
}

/**
 * Unpacks one entry a piece at a time, handing each piece to `onChunk` as it comes, within the
 * budget: memory stays at one piece (at most 16 MB), whatever the entry unpacks to.
 */
export function unpackEntry(
  data: Uint8Array,
  entry: ZipEntry,
  budget: UnpackBudget,
  file: string,
  onChunk: (chunk: Uint8Array) => void,
): void {
  budget.admit(entry);
  const at = entry.headerOffset;
  if (at + 30 > data.length || u32(data, at) !== 0x04034b50) throw damaged(file, `${entry.name} is missing`);
  const start = at + 30 + u16(data, at + 26) + u16(data, at + 28);
  const packed = data.subarray(start, start + entry.packedSize);
  if (packed.length < entry.packedSize) throw damaged(file, `${entry.name} is cut short`);
  let unpacked = 0;
  let consumed = 0;
  const deliver = (chunk: Uint8Array) => {
    if (chunk.length === 0) return;
    unpacked += chunk.length;
    budget.take(entry, chunk.length, unpacked, consumed);
    onChunk(chunk);
  };
  if (entry.method === 0) {
    for (consumed = 0; consumed < packed.length; ) {
      const piece = packed.subarray(consumed, consumed + PUSH_BYTES * 64);
      consumed += piece.length;
      deliver(piece);
    }
    return;
  }
  if (entry.method !== 8) throw damaged(file, `${entry.name} uses compression method ${entry.method}`);
  const inflater = new Inflate((chunk) => deliver(chunk));
  try {
    for (consumed = 0; consumed < packed.length || consumed === 0; ) {
      const piece = packed.subarray(consumed, consumed + PUSH_BYTES);
      consumed += piece.length;
      inflater.push(piece, consumed >= packed.length);
      if (piece.length === 0) break;
    }
  } catch (err) {
    if (err instanceof SummaError) throw err;
    throw damaged(file, `${entry.name}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
