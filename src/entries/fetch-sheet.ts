import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { SummaError } from "../domain/errors.ts";

export interface Download {
  path: string;
  /** A file name for format detection: from Content-Disposition, else the URL. */
  name: string;
  cleanup(): Promise<void>;
}

const MAX_BYTES = 512 * 1024 * 1024;

/**
 * A Google Sheets address as people copy it from the browser (".../edit#gid=0") becomes its
 * xlsx export link, which keeps the title and issue hyperlinks; other URLs are used as given.
 */
export function exportUrlFor(url: string): string {
  const m = /^(https:\/\/docs\.google\.com\/spreadsheets\/d\/[\w-]+)\/(?:edit|view)?(?:[?#].*)?$/.exec(url);
  return m ? `${m[1]}/export?format=xlsx` : url;
}

/** A file name as sent ("Q3 100%.xlsx" is not percent-encoding): decoded when it decodes. */
function safeDecode(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** Downloads a spreadsheet to a temporary file, with a timeout and a size limit. */
export async function downloadSheet(url: string, timeoutMs = 60_000): Promise<Download> {
  const target = exportUrlFor(url);
  let response: Response;
  try {
    response = await fetch(target, { redirect: "follow", signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const reason =
      err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    throw new SummaError("import.fetch_failed", `${url}: download failed (${reason})`);
  }
  if (!response.ok || !response.body) {
    throw new SummaError(
      "import.fetch_failed",
      `${url}: the server answered ${response.status} ${response.statusText}` +
        (response.status === 401 || response.status === 403
          ? ' (is the sheet shared as "Anyone with the link"?)'
          : ""),
    );
  }
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > MAX_BYTES)
    throw new SummaError("import.fetch_failed", `${url}: the file is larger than 512 MB`);
  const disposition = response.headers.get("content-disposition") ?? "";
  const fromHeader = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1];
  const name = fromHeader ? safeDecode(fromHeader) : new URL(target).pathname.split("/").pop() || "download";
  const dir = await mkdtemp(join(tmpdir(), "summa-import-"));
  const path = join(dir, "sheet");
  let received = 0;
  const body = Readable.fromWeb(response.body as import("node:stream/web").ReadableStream<Uint8Array>);
  body.on("data", (chunk: Buffer) => {
    received += chunk.length;
    if (received > MAX_BYTES) body.destroy(new Error("the file is larger than 512 MB"));
  });
  try {
    await pipeline(body, createWriteStream(path));
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw new SummaError(
      "import.fetch_failed",
      `${url}: download failed (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  return { path, name, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
