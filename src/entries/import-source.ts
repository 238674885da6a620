import type { Store } from "../store/index.ts";
import { downloadSheet } from "./fetch-sheet.ts";
import { type ImportOptions, type ImportReport, importSheet } from "./import-sheet.ts";
import { openSheetFile } from "./open-sheet.ts";

export function isUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

/** `summa import FILE|URL`: a file on disk, or a spreadsheet export fetched over HTTP. */
export async function importFrom(
  store: Store,
  source: string,
  options: ImportOptions = {},
): Promise<ImportReport> {
  if (!isUrl(source)) {
    const { reader } = await openSheetFile(source);
    return importSheet(store, reader, source, options);
  }
  const download = await downloadSheet(source);
  try {
    const { reader } = await openSheetFile(download.path, source, download.name);
    return await importSheet(store, reader, source, options);
  } finally {
    await download.cleanup();
  }
}
