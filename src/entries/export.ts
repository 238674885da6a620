import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { extname } from "node:path";
import type { Writable } from "node:stream";
import type { Entry } from "../domain/entry.ts";
import { SummaError } from "../domain/errors.ts";
import { bibtexEntry, createXlsxWriter, csvHeader, csvRows, jsonRecord } from "../formats/export/index.ts";
import { allEntries, readNewsletterSettings, type Store } from "../store/index.ts";

export type ExportFormat = "csv" | "json" | "xlsx" | "bibtex";

export const EXPORT_FORMATS: Record<string, ExportFormat> = {
  ".csv": "csv",
  ".json": "json",
  ".xlsx": "xlsx",
  ".bib": "bibtex",
  ".bibtex": "bibtex",
};

export function exportFormatFor(file: string, explicit?: string): ExportFormat {
  if (explicit) {
    const f = explicit.toLowerCase() === "bib" ? "bibtex" : explicit.toLowerCase();
    if (f === "csv" || f === "json" || f === "xlsx" || f === "bibtex") return f;
    throw new SummaError(
      "export.unknown_format",
      `Unknown export format "${explicit}": use csv, json, xlsx or bibtex`,
    );
  }
  const format = EXPORT_FORMATS[extname(file).toLowerCase()];
  if (!format) {
    throw new SummaError(
      "export.unknown_format",
      `${file}: cannot tell the format from the extension; name it .csv, .json, .xlsx or .bib, or pass --format`,
    );
  }
  return format;
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, "drain");
}

/**
 * Writes entries in `format` to `out` and ends it, resolving once everything is flushed.
 * Returns how many entries were written. The file export and the web's downloads share it.
 */
export async function writeEntries(
  store: Store,
  out: Writable,
  format: ExportFormat,
  entries: AsyncIterable<Entry> | Iterable<Entry>,
): Promise<number> {
  let count = 0;
  const finished = once(out, "finish");
  if (format === "xlsx") {
    const writer = createXlsxWriter(out);
    for await (const e of entries) {
      writer.add(e);
      count++;
    }
    await writer.finish();
    await finished;
    return count;
  }
  const chunk: Entry[] = [];
  const usedKeys = new Set<string>();
  const newsletter = format === "bibtex" ? (await readNewsletterSettings(store.db)).name : "";
  if (format === "csv") await write(out, csvHeader());
  if (format === "json") await write(out, "[\n");
  for await (const e of entries) {
    if (format === "csv") {
      chunk.push(e);
      if (chunk.length >= 500) await write(out, csvRows(chunk.splice(0)));
    } else if (format === "json") await write(out, `${count ? ",\n" : ""}${jsonRecord(e)}`);
    else await write(out, `${count ? "\n" : ""}${bibtexEntry(e, usedKeys, newsletter)}`);
    count++;
  }
  if (format === "csv" && chunk.length) await write(out, csvRows(chunk));
  if (format === "json") await write(out, "\n]\n");
  out.end();
  await finished;
  return count;
}

/**
 * Writes entries (all of them, in sheet order, unless `entries` is given) to `file`.
 * Written to a temporary name and renamed at the end: a failed export never leaves a
 * half-written file where the user expects a good one. Returns how many entries were written.
 */
export async function exportEntries(
  store: Store,
  file: string,
  format: ExportFormat,
  entries: AsyncIterable<Entry> = allEntries(store.db),
): Promise<number> {
  const partial = `${file}.partial-${process.pid}`;
  let count = 0;
  try {
    count = await writeEntries(store, createWriteStream(partial, { encoding: "utf8" }), format, entries);
    await rename(partial, file);
  } catch (err) {
    await rm(partial, { force: true });
    if (err instanceof SummaError) throw err;
    throw new SummaError(
      "export.failed",
      `${file}: export failed (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  return count;
}
