import { SummaError } from "../domain/errors.ts";
import type { Store } from "../store/index.ts";
import { type RateLimit, takeRateSlot } from "../subscribers/rate-limit.ts";
import { addCandidates } from "./intake.ts";

/** Suggestions one client may send: as many as sign-ups (a person suggests a few papers, not a feed). */
export const SUGGEST_LIMIT: RateLimit = { limit: 5, windowMs: 60 * 60 * 1000 };
/** Suggestions from everyone together in a day: a flood from many addresses stops here, not in the inbox. */
export const SUGGEST_DAILY_LIMIT: RateLimit = { limit: 200, windowMs: 24 * 60 * 60 * 1000 };

export interface Suggestion {
  url: string;
  title: string;
  note: string;
  /** Who suggests it: the entry's H/T when it is picked. */
  name: string;
}

const LIMITS = { url: 2000, title: 500, note: 2000, name: 200 } as const;

function invalid(field: keyof Suggestion, message: string): SummaError {
  return new SummaError("input.invalid", message, { field });
}

/** The suggestion, trimmed, or input.invalid naming the field to fix. */
export function validateSuggestion(input: Suggestion): Suggestion {
  const out = {} as Suggestion;
  for (const field of ["url", "title", "note", "name"] as const) {
    const value = input[field].trim();
    // A note may have line breaks; nothing else may carry control characters.
    const control = field === "note" ? /(?![\t\n\r])\p{Cc}/u : /\p{Cc}/u;
    if (control.test(value)) throw invalid(field, `The ${field} contains control characters.`);
    if (value.length > LIMITS[field])
      throw invalid(field, `The ${field} is longer than ${LIMITS[field]} characters.`);
    out[field] = value;
  }
  if (!out.url) throw invalid("url", "The paper's address (URL) is required.");
  let url: URL;
  try {
    url = new URL(out.url);
  } catch {
    throw invalid("url", `"${out.url.slice(0, 80)}" is not a web address (https://...).`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw invalid("url", "The address must start with http:// or https://.");
  return out;
}

/**
 * A reader's suggestion, taken into the inbox as source "suggestion" with the suggester's name
 * as its hat tip and their note beside it; deduplicated like any intake (a paper the inbox holds
 * gains the hat tip if it had none). Without a title the address stands in for one until the
 * editor or a metadata lookup gives it its own. Limits: per client, and for everyone in a day
 * (auth.rate_limited). The answer is the same whatever became of it: the suggester learns
 * nothing about drafts or the inbox. Returns the candidates to look up by their address
 * (lookUpCandidate, off the request): the new one when it came without a title.
 */
export async function suggestPaper(
  store: Store,
  input: Suggestion,
  ctx: { client: string; now?: Date },
): Promise<{ lookUp: number[] }> {
  const s = validateSuggestion(input);
  const now = ctx.now ?? new Date();
  const limited = (why: string, rule: RateLimit) =>
    new SummaError("auth.rate_limited", why, { retryAfterSeconds: rule.windowMs / 1000 });
  if (!(await takeRateSlot(store, { prefix: "suggest:client:", id: ctx.client }, SUGGEST_LIMIT, now)))
    throw limited(
      "Too many suggestions from your network in the last hour. Please try again later.",
      SUGGEST_LIMIT,
    );
  if (!(await takeRateSlot(store, { prefix: "suggest:all:", id: "" }, SUGGEST_DAILY_LIMIT, now)))
    throw limited(
      "The newsletter has had all the suggestions it can read today. Please try again tomorrow.",
      SUGGEST_DAILY_LIMIT,
    );
  const report = await addCandidates(
    store,
    [
      {
        title: s.title || s.url,
        abstract: "",
        authors: [],
        venue: "",
        itemType: "",
        url: s.url,
        published: null,
        tags: [],
        externalId: null,
        hatTip: s.name || null,
      },
    ],
    { source: "suggestion", now: now.toISOString(), notes: [s.note] },
  );
  return { lookUp: s.title ? [] : report.ids };
}
