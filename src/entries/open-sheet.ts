import { createReadStream } from "node:fs";
import { open, readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import { SummaError, unreadableFile } from "../domain/errors.ts";
import {
  detectFormat,
  readCsv,
  readGsheetsHtml,
  readGsheetsZip,
  readJson,
  readXlsx,
  type SheetEncoding,
  type SheetReader,
} from "../formats/import/index.ts";

export interface OpenedSheet {
  reader: SheetReader;
  /** Bytes in the file, for progress on formats that stream. */
  size: number;
}

/** The first bytes of a file (what it is, before what its name claims). */
export async function readHead(path: string, bytes = 4096): Promise<Uint8Array> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Opens a spreadsheet file with the reader its content calls for. `label` is the name used in
 * messages (the URL for downloads). CSV streams in `encoding` (UTF-8, checked, by default);
 * xlsx streams its sheet; the other formats are read whole.
 */
export async function openSheetFile(
  path: string,
  label = path,
  name = basename(label),
  encoding?: SheetEncoding,
): Promise<OpenedSheet> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new SummaError("import.unreadable", `${label}: not a file`);
    size = info.size;
  } catch (err) {
    if (err instanceof SummaError) throw err;
    throw unreadableFile(label, err);
  }
  const head = await readHead(path);
  const format = detectFormat(head, name);
  switch (format) {
    case "csv":
      return {
        reader: { ...(await readCsv(createReadStream(path), label, { encoding })), totalBytes: size },
        size,
      };
    case "xlsx":
      return { reader: await readXlsx(await readFile(path), label), size };
    case "gsheets-html": {
      const data = await readFile(path);
      const isZip = head[0] === 0x50 && head[1] === 0x4b;
      if (isZip) return { reader: readGsheetsZip(data, label), size };
      return { reader: readGsheetsHtml(data.toString("utf8"), label), size };
    }
    case "json":
      return { reader: readJson(await readFile(path, "utf8"), label), size };
  }
}
