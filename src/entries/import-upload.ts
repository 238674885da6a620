import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { SummaError } from "../domain/errors.ts";
import type { SheetEncoding } from "../formats/import/index.ts";
import type { Store } from "../store/index.ts";
import { type ImportReport, importSheet } from "./import-sheet.ts";
import { openSheetFile } from "./open-sheet.ts";

/** The largest spreadsheet the desk accepts (the real AN xlsx is under 2 MB). */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/** A file a person uploaded: its name as their computer called it, and its bytes. */
export interface UploadedSheet {
  name: string;
  size: number;
  stream(): ReadableStream<Uint8Array>;
}

/**
 * A name safe to use inside our temporary folder: no directories, no odd characters; the
 * extension is kept because it is the format hint when the content alone is ambiguous.
 */
export function safeUploadName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const clean = base.replace(/[^\w.-]+/g, "_").replace(/^\.+/, "");
  return clean.slice(-100) || "upload";
}

/** The name messages use for an upload (as the person's computer called it). */
export function uploadLabel(upload: UploadedSheet): string {
  return upload.name.split(/[\\/]/).pop()?.trim() || "upload";
}

/** Refuses an empty upload or one over MAX_UPLOAD_BYTES, naming it. */
export function checkUpload(upload: UploadedSheet): void {
  const label = uploadLabel(upload);
  if (upload.size === 0) throw new SummaError("import.unreadable", `${label}: the file is empty`);
  if (upload.size > MAX_UPLOAD_BYTES)
    throw new SummaError(
      "import.unreadable",
      `${label}: the file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`,
    );
}

/** Writes an upload to `path` (private to this user), returning the SHA-256 of its bytes. */
export async function saveUpload(upload: UploadedSheet, path: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(
    Readable.fromWeb(upload.stream() as WebReadableStream<Uint8Array>),
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        hash.update(chunk);
        yield chunk;
      }
    },
    createWriteStream(path, { mode: 0o600 }),
  );
  return hash.digest("hex");
}

/**
 * Imports an uploaded sheet (xlsx, CSV, JSON or a Google Sheets "Web page" zip) exactly as
 * `summa import FILE` does: one transaction, all rows or none. The upload is written to a
 * private temporary folder, because the readers stream from files, and removed afterwards
 * whatever happens. Messages name the file as the person called it.
 */
export async function importUploadedSheet(
  store: Store,
  upload: UploadedSheet,
  encoding?: SheetEncoding,
): Promise<ImportReport> {
  checkUpload(upload);
  const label = uploadLabel(upload);
  const dir = await mkdtemp(join(tmpdir(), "summa-upload-"));
  try {
    const path = join(dir, safeUploadName(label));
    await saveUpload(upload, path);
    const { reader } = await openSheetFile(path, label, label, encoding);
    return await importSheet(store, reader, label);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
