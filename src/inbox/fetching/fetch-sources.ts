import { SummaError } from "../../domain/errors.ts";
import { readNewsletterSettings, type Store, updateInboxSource } from "../../store/index.ts";
import type { IncomingCandidate } from "../candidate.ts";
import { harvest } from "./harvest.ts";
import { type PoliteFetchOptions, politeFetcher } from "./polite-fetch.ts";
import type { InboxSource } from "./source-config.ts";
import { listSources } from "./sources.ts";

/** Hands a source's candidates to the inbox (its intake dedups them); what came of them. */
export type Deliver = (
  source: InboxSource,
  candidates: IncomingCandidate[],
) => Promise<{ added: number; duplicates: number }>;

export interface FetchSourcesOptions {
  deliver: Deliver;
  /** The fetch the clients use (tests: a fake, or the real one with allowPrivate). */
  fetchImpl?: typeof fetch;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** Only these sources, by name (enabled or not); default: every enabled source. */
  only?: readonly string[];
  /** Politeness and limits over the defaults (polite-fetch.ts), e.g. allowPrivate in tests. */
  polite?: Partial<Omit<PoliteFetchOptions, "fetchImpl" | "now" | "sleep">>;
}

export interface SourceReport {
  source: string;
  kind: InboxSource["kind"];
  fetched: number;
  added: number;
  duplicates: number;
  notModified: boolean;
  error?: { code: string; message: string };
}

/**
 * The User-Agent every source sees: Summa, the newsletter and whom to write to, as arXiv and
 * the forums ask of automated clients.
 */
export async function sourcesUserAgent(store: Store): Promise<string> {
  const s = await readNewsletterSettings(store.db);
  const parts = [
    s.name || "a newsletter",
    s.siteUrl ? `+${s.siteUrl}` : "",
    s.fromAddress ? `mailto:${s.fromAddress}` : "",
  ];
  return `Summa/0.1 (${parts.filter(Boolean).join("; ")})`;
}

/**
 * Runs the configured sources one after another, each on its own: one that fails (a server
 * down, a malformed feed, a delivery that throws) is reported with its error and the others
 * still run. A source's validators and cursor advance only after `deliver` has taken its
 * candidates, in one update with its status, so a failure leaves it to be read again from
 * where it was. (Should the process stop between delivery and that update, the next fetch
 * delivers the same items again and the intake's dedup recognises them.)
 */
export async function fetchSources(store: Store, options: FetchSourcesOptions): Promise<SourceReport[]> {
  const now = options.now ?? (() => new Date());
  const all = await listSources(store);
  const unknown = (options.only ?? []).filter((n) => !all.some((s) => s.name === n));
  if (unknown.length)
    throw new SummaError(
      "not_found",
      `no inbox source named ${unknown.join(", ")} (summa inbox source list)`,
    );
  const chosen = options.only
    ? all.filter((s) => options.only!.includes(s.name))
    : all.filter((s) => s.enabled);
  const fetcher = politeFetcher({
    userAgent: await sourcesUserAgent(store),
    ...options.polite,
    ...(options.fetchImpl ? { fetchImpl: options.fetchImpl } : {}),
    now: () => now().getTime(),
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  const reports: SourceReport[] = [];
  for (const source of chosen) {
    const report: SourceReport = {
      source: source.name,
      kind: source.kind,
      fetched: 0,
      added: 0,
      duplicates: 0,
      notModified: false,
    };
    try {
      const got = await harvest(source.name, source.config, source, fetcher);
      report.fetched = got.candidates.length;
      report.notModified = got.notModified;
      if (got.candidates.length) {
        const delivered = await options.deliver(source, got.candidates);
        report.added = delivered.added;
        report.duplicates = delivered.duplicates;
      }
      await updateInboxSource(store.db, source.id, {
        etag: got.next.etag,
        last_modified: got.next.lastModified,
        cursor: got.next.cursor,
        last_fetched_at: now().toISOString(),
        last_status: got.notModified ? "not-modified" : "ok",
        last_error: null,
      });
    } catch (err) {
      const code = err instanceof SummaError ? err.code : "internal";
      const message = err instanceof Error ? err.message : String(err);
      report.error = { code, message };
      // Only the failure is recorded: the validators and the cursor stay where they were.
      await updateInboxSource(store.db, source.id, {
        last_fetched_at: now().toISOString(),
        last_status: "error",
        last_error: `${code}: ${message}`,
      });
    }
    reports.push(report);
  }
  return reports;
}
