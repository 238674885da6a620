import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SummaError } from "../domain/errors.ts";
import type { SheetEncoding } from "../formats/import/index.ts";
import { readContentVersion, type Store } from "../store/index.ts";
import { type ImportPlan, planImport } from "./import-plan.ts";
import { type ImportReport, importSheet } from "./import-sheet.ts";
import { checkUpload, safeUploadName, saveUpload, type UploadedSheet, uploadLabel } from "./import-upload.ts";
import { openSheetFile } from "./open-sheet.ts";

/**
 * The desk's import in two steps: an upload is kept (in a private temporary folder named by a
 * random token) and dry-run; confirming imports exactly that file. The file's SHA-256 and the
 * database's content version are recorded with the preview, and the confirm refuses
 * (import.stale_preview) when either changed: what is applied is what the person saw.
 *
 * Previews live on this machine's disk, so a confirm must reach a `serve` process on the same
 * machine as the upload (any of them); one left unconfirmed is removed after PREVIEW_TTL_MS.
 */
export const PREVIEW_TTL_MS = 60 * 60 * 1000;

const PREFIX = "summa-import-preview-";
const TOKEN = /^[0-9a-f]{32}$/;

interface PreviewMeta {
  /** The desk user who uploaded it: nobody else may confirm it. */
  owner: number;
  label: string;
  fileName: string;
  encoding?: SheetEncoding;
  sha256: string;
  contentVersion: string;
}

export interface ImportPreview {
  token: string;
  plan: ImportPlan;
}

export interface PreviewOptions {
  /** Where previews are kept (the system's temporary folder unless tests say otherwise). */
  dir?: string;
  now?: Date;
}

function folderOf(token: string, options: PreviewOptions): string {
  return join(options.dir ?? tmpdir(), `${PREFIX}${token}`);
}

/** Keeps an upload and dry-runs it; nothing is written to the database. */
export async function previewUpload(
  store: Store,
  upload: UploadedSheet,
  owner: number,
  encoding?: SheetEncoding,
  options: PreviewOptions = {},
): Promise<ImportPreview> {
  checkUpload(upload);
  await removeExpiredPreviews(options);
  const label = uploadLabel(upload);
  const token = randomBytes(16).toString("hex");
  const folder = folderOf(token, options);
  await mkdir(folder, { mode: 0o700 });
  try {
    const fileName = safeUploadName(label);
    const sha256 = await saveUpload(upload, join(folder, fileName));
    const meta: PreviewMeta = {
      owner,
      label,
      fileName,
      sha256,
      contentVersion: "",
      ...(encoding ? { encoding } : {}),
    };
    const plan = await planOf(store, folder, meta);
    await writeMeta(folder, { ...meta, contentVersion: plan.contentVersion });
    return { token, plan };
  } catch (err) {
    await rm(folder, { recursive: true, force: true });
    throw err;
  }
}

/**
 * The dry run again, on the database as it is now (after a confirm was refused because the
 * database changed): the preview then stands for this new plan.
 */
export async function previewAgain(
  store: Store,
  token: string,
  owner: number,
  options: PreviewOptions = {},
): Promise<ImportPreview> {
  const folder = folderOf(checkToken(token), options);
  const meta = await readMeta(folder, "meta.json", owner);
  const plan = await planOf(store, folder, meta);
  await writeMeta(folder, { ...meta, contentVersion: plan.contentVersion });
  return { token, plan };
}

/**
 * Imports the previewed file, if it is still the file that was previewed and the database is
 * still the one the plan was made on. The preview is claimed first (a rename, atomic), so a
 * double-clicked confirm imports once; it is removed once imported, and given back if the
 * import failed (another import running: try again).
 */
export async function confirmPreview(
  store: Store,
  token: string,
  owner: number,
  options: PreviewOptions = {},
): Promise<ImportReport> {
  const folder = folderOf(checkToken(token), options);
  const meta = await readMeta(folder, "meta.json", owner);
  try {
    await rename(join(folder, "meta.json"), join(folder, "meta.claimed.json"));
  } catch {
    throw expired(); // the other click claimed it
  }
  let imported = false;
  try {
    const path = join(folder, meta.fileName);
    if ((await sha256Of(path)) !== meta.sha256)
      throw stale(`${meta.label} changed since it was previewed; upload it again`, "file");
    if ((await readContentVersion(store.db)) !== meta.contentVersion)
      throw stale(
        `The database changed since ${meta.label} was previewed (an edit or another import); review the new preview`,
        "database",
      );
    const { reader } = await openSheetFile(path, meta.label, meta.label, meta.encoding);
    const report = await importSheet(store, reader, meta.label);
    imported = true;
    return report;
  } finally {
    if (imported) await rm(folder, { recursive: true, force: true });
    else await rename(join(folder, "meta.claimed.json"), join(folder, "meta.json")).catch(() => undefined);
  }
}

/** Drops a preview (the person cancelled). */
export async function discardPreview(
  token: string,
  owner: number,
  options: PreviewOptions = {},
): Promise<void> {
  const folder = folderOf(checkToken(token), options);
  await readMeta(folder, "meta.json", owner);
  await rm(folder, { recursive: true, force: true });
}

/** Removes previews older than PREVIEW_TTL_MS (left by people who never confirmed). */
export async function removeExpiredPreviews(options: PreviewOptions = {}): Promise<number> {
  const dir = options.dir ?? tmpdir();
  const now = (options.now ?? new Date()).getTime();
  let removed = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!name.startsWith(PREFIX)) continue;
    const info = await stat(join(dir, name)).catch(() => null);
    if (!info || now - info.mtimeMs <= PREVIEW_TTL_MS) continue;
    await rm(join(dir, name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}

async function planOf(store: Store, folder: string, meta: PreviewMeta): Promise<ImportPlan> {
  const path = join(folder, meta.fileName);
  if ((await sha256Of(path)) !== meta.sha256)
    throw stale(`${meta.label} changed since it was uploaded; upload it again`, "file");
  const { reader } = await openSheetFile(path, meta.label, meta.label, meta.encoding);
  return planImport(store, reader, meta.label);
}

function checkToken(token: string): string {
  if (!TOKEN.test(token)) throw expired();
  return token;
}

async function readMeta(folder: string, name: string, owner: number): Promise<PreviewMeta> {
  let meta: PreviewMeta;
  try {
    meta = JSON.parse(await readFile(join(folder, name), "utf8")) as PreviewMeta;
  } catch {
    throw expired();
  }
  // Someone else's preview reads as no preview at all: its existence is not theirs to learn.
  if (meta.owner !== owner) throw expired();
  return meta;
}

async function writeMeta(folder: string, meta: PreviewMeta): Promise<void> {
  await writeFile(join(folder, "meta.json"), JSON.stringify(meta), { mode: 0o600 });
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

function expired(): SummaError {
  return stale("This import preview has expired or was already imported; upload the file again", "preview");
}

function stale(message: string, what: "preview" | "file" | "database"): SummaError {
  return new SummaError("import.stale_preview", message, { changed: what });
}
