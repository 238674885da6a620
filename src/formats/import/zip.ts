import { unzipSync } from "fflate";
import { checkUnpacking, MAX_SHEET_XML_BYTES } from "../limits.ts";

/** The most a spreadsheet's zip may unpack to: AN's xlsx unpacks to 5 MB, its Google Sheets export to 6 MB. */
export const MAX_UNZIPPED_BYTES = MAX_SHEET_XML_BYTES;

/**
 * The files of a zip archive that `wanted` selects, unpacked whole (Google Sheets' HTML export,
 * one page); refused (import.too_large) when they would unpack to more than MAX_UNZIPPED_BYTES
 * or pack like a zip bomb (src/formats/limits.ts). The sizes are the archive's own word, read
 * before each file is unpacked, and fflate never writes a file past the size it declares: an
 * archive that lies about its sizes yields cut, unreadable files, never more memory. A damaged
 * archive throws what fflate throws. xlsx streams instead (zip-stream.ts).
 */
export function unzipWithin(
  data: Uint8Array,
  file: string,
  wanted: (name: string) => boolean = () => true,
): Record<string, Uint8Array> {
  let total = 0;
  return unzipSync(data, {
    filter: (f) => {
      if (!wanted(f.name)) return false;
      total += f.originalSize;
      checkUnpacking(file, f.name, { total, unpacked: f.originalSize, packed: f.size }, MAX_UNZIPPED_BYTES);
      return true;
    },
  });
}

/** The names of the files in a zip archive, without unpacking any. */
export function zipFileNames(data: Uint8Array): string[] {
  const names: string[] = [];
  unzipSync(data, {
    filter: (f) => {
      names.push(f.name);
      return false;
    },
  });
  return names;
}
