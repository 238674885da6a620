import type { Store } from "../store/index.ts";
import { type FetchStartedBy, recordFetchRun } from "./fetch-runs.ts";
import {
  type Deliver,
  type FetchSourcesOptions,
  fetchSources,
  type ReadCandidatesOptions,
  readBibliographyBytes,
  readCandidatesFrom,
  type SourceReport,
  sourcesUserAgent,
} from "./fetching/index.ts";
import { addCandidates, type IntakeReport } from "./intake.ts";

/**
 * Where the sources' clients (./fetching, ./sources) meet the inbox (intake.ts): what
 * `summa inbox fetch`, the inbox's background jobs and `summa inbox import` share.
 */

/** A source's items go through the intake under the source's name, so the list can filter by it. */
export function deliverToInbox(store: Store, now: () => Date = () => new Date()): Deliver {
  return async (source, candidates) => {
    const r = await addCandidates(store, candidates, { source: source.name, now: now().toISOString() });
    return { added: r.added, duplicates: r.duplicates.length };
  };
}

export interface FetchIntoInboxOptions extends Omit<FetchSourcesOptions, "deliver"> {
  /** Recorded with the run; "command line" when absent. */
  startedBy?: FetchStartedBy;
}

/**
 * Every enabled source (or `only` these), each into the inbox; one report per source. The run
 * is recorded (fetch-runs.ts) however it ends, an error that stopped it before any source ran
 * included (and still thrown), so the desk shows the last fetch from wherever it was started.
 */
export async function fetchIntoInbox(
  store: Store,
  options: FetchIntoInboxOptions = {},
): Promise<SourceReport[]> {
  const { startedBy = "command line", ...fetchOptions } = options;
  const clock = options.now ?? (() => new Date());
  const run = {
    only: options.only ? [...options.only] : null,
    startedBy,
    startedAt: clock().toISOString(),
  };
  let report: SourceReport[];
  try {
    report = await fetchSources(store, { ...fetchOptions, deliver: deliverToInbox(store, options.now) });
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    await recordFetchRun(store, { ...run, finishedAt: clock().toISOString(), report: [], error }).catch(
      () => {},
    );
    throw err;
  }
  await recordFetchRun(store, { ...run, finishedAt: clock().toISOString(), report, error: null });
  return report;
}

export interface ImportIntoInboxOptions {
  /** The source name recorded; default: "url" for an address, else the file's kind by its extension. */
  source?: string;
  history?: boolean;
  now?: Date;
  read?: ReadCandidatesOptions;
}

/**
 * One bibliography file (Zotero CSV, BibTeX, RIS) or one address (a paper's page, an arXiv or DOI
 * link, a feed) into the inbox. The whole file is read and checked before anything is stored,
 * and the intake stores it in one transaction: a bad row stores nothing.
 */
export async function importIntoInbox(
  store: Store,
  fileOrUrl: string,
  options: ImportIntoInboxOptions = {},
): Promise<IntakeReport> {
  const isUrl = /^https?:\/\//i.test(fileOrUrl.trim());
  const read = { userAgent: await sourcesUserAgent(store), ...options.read };
  const items = await readCandidatesFrom(fileOrUrl, read);
  return addCandidates(store, items, {
    source: options.source ?? (isUrl ? "url" : fileSourceName(fileOrUrl)),
    history: Boolean(options.history),
    now: (options.now ?? new Date()).toISOString(),
  });
}

/**
 * An uploaded bibliography (the desk's import) into the inbox, parsed from its bytes as a file
 * of that name would be: checked whole before the intake stores it in one transaction.
 */
export async function importBytesIntoInbox(
  store: Store,
  file: { name: string; bytes: Uint8Array },
  options: Omit<ImportIntoInboxOptions, "read"> = {},
): Promise<IntakeReport> {
  const items = await readBibliographyBytes(file.name, file.bytes);
  return addCandidates(store, items, {
    source: options.source ?? fileSourceName(file.name),
    history: Boolean(options.history),
    now: (options.now ?? new Date()).toISOString(),
  });
}

const BY_EXTENSION: Record<string, string> = { csv: "zotero", bib: "bibtex", ris: "ris" };

function fileSourceName(file: string): string {
  const ext = /\.([a-z]+)$/i.exec(file)?.[1]?.toLowerCase() ?? "";
  return BY_EXTENSION[ext] ?? "bibliography";
}
