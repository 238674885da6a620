import { formatAuthors } from "../../domain/authors.ts";
import type { EntryStatus } from "../../domain/entry.ts";
import { formatSummarizers } from "../../domain/summarizers.ts";
import type { EntryInput } from "../../entries/index.ts";
import type { DeskEntry } from "../../store/index.ts";

/**
 * The entry form's text fields. Their names are EntryInput's keys, so the service's
 * per-field problems ({ fields: { venueUrl: "..." } }) land next to the right input as is.
 */
export const TEXT_FIELDS = [
  "title",
  "url",
  "authors",
  "authorsDisplay",
  "venue",
  "venueUrl",
  "year",
  "category",
  "hatTip",
  "summarizers",
  "summary",
  "opinion",
  "prerequisites",
  "prerequisitesUrl",
  "readMore",
  "readMoreUrl",
] as const;

export type TextField = (typeof TEXT_FIELDS)[number];

/** What the form shows: exactly what was typed (after a failed save), or the stored entry. */
export interface EntryFormValues {
  text: Record<TextField, string>;
  highlight: boolean;
  status: string;
}

export function blankValues(): EntryFormValues {
  const text = Object.fromEntries(TEXT_FIELDS.map((f) => [f, ""])) as Record<TextField, string>;
  return { text, highlight: false, status: "draft" };
}

export function valuesFromEntry(entry: DeskEntry): EntryFormValues {
  return {
    text: {
      title: entry.title,
      url: entry.url,
      authors: formatAuthors(entry.authors),
      authorsDisplay: entry.authorsDisplay,
      venue: entry.venue,
      venueUrl: entry.venueUrl,
      year: entry.year === null ? "" : String(entry.year),
      category: entry.category,
      hatTip: entry.hatTip,
      summarizers: formatSummarizers(entry.summarizers),
      summary: entry.summary,
      opinion: entry.opinion,
      prerequisites: entry.prerequisites,
      prerequisitesUrl: entry.prerequisitesUrl,
      readMore: entry.readMore,
      readMoreUrl: entry.readMoreUrl,
    },
    highlight: entry.highlight,
    status: entry.status,
  };
}

/** A parsed form body (Hono's parseBody): strings, or files nobody should send here. */
export type FormBody = Record<string, string | File | (string | File)[]>;

function field(body: FormBody, name: string): string {
  const value = body[name];
  const one = Array.isArray(value) ? value[0] : value;
  return typeof one === "string" ? one : "";
}

export function valuesFromBody(body: FormBody): EntryFormValues {
  const text = Object.fromEntries(TEXT_FIELDS.map((f) => [f, field(body, f)])) as Record<TextField, string>;
  return { text, highlight: field(body, "highlight") !== "", status: field(body, "status") };
}

/**
 * The service input for a save. Every field is sent, so clearing one clears it; the status
 * only when the form offered it (an entry in an issue has its status set by composing).
 */
export function inputFromValues(values: EntryFormValues, withStatus: boolean): EntryInput {
  return {
    ...values.text,
    highlight: values.highlight,
    ...(withStatus && values.status ? { status: values.status as EntryStatus } : {}),
  };
}
