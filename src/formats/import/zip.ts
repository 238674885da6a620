import { unzipSync } from "fflate";
import { SummaError } from "../../domain/errors.ts";

/** The most a spreadsheet's zip may unpack to: AN's xlsx unpacks to 5 MB, its Google Sheets export to 6 MB. */
export const MAX_UNZIPPED_BYTES = 256 * 1024 * 1024;

/**
 * The files of a zip archive that `wanted` selects, unpacked; refused (import.unreadable) when
 * they would unpack to more than MAX_UNZIPPED_BYTES, as a zip bomb does (megabytes that unpack
 * to gigabytes). The sizes are the archive's own word, read before each file is unpacked, and
 * fflate never writes a file past the size it declares: an archive that lies about its sizes
 * yields cut, unreadable files, never more memory. A damaged archive throws what fflate throws.
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
      if (total > MAX_UNZIPPED_BYTES)
        throw new SummaError(
          "import.unreadable",
          `${file}: the archive unpacks to more than ${MAX_UNZIPPED_BYTES / 1024 / 1024} MB; no spreadsheet is that large`,
        );
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
