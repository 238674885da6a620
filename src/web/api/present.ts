import type { Entry } from "../../domain/entry.ts";
import { type ComposedIssue, issueLabel } from "../../domain/issue.ts";
import { categoryKey, type Taxonomy } from "../../domain/taxonomy.ts";
import type { LookupMatch } from "../../entries/index.ts";
import { lookupExplanation } from "../../formats/render/lookup-match.ts";
import { ISSUE_FORMATS } from "../../issues/index.ts";
import type { IssueSummary } from "../../store/index.ts";
import { entryFieldsJson } from "./entry-fields-api.ts";

/**
 * Presenters: the only way JSON leaves the API. Each turns a domain object into the stable,
 * camelCase shape the OpenAPI document (openapi-schemas.ts) describes, so a renamed column or
 * a new internal field never changes what clients see. Markdown fields are sent as stored
 * (with `<@Title@>` cross-references unresolved): JSON is data, and escaping is the reader's job.
 */

/** What every presenter needs from the request: where links point, and the taxonomy. */
export interface PresentContext {
  /** The site's base URL (settings, else the request's origin), without a trailing slash. */
  base: string;
  /** "AN": issue labels are written `${prefix} #N`. */
  prefix: string;
  taxonomy: Taxonomy;
}

/** An entry as the API sends it: the shape of entryFieldProperties, with id, status and links. */
export interface EntryJson {
  id: number;
  title: string;
  [field: string]: unknown;
  issue: { label: string; number: number | null; url: string } | null;
  status: Entry["status"];
  version: number;
  links: { self: string };
}

function api(ctx: PresentContext, path: string): string {
  return `${ctx.base}/api/v1${path}`;
}

/** The section a category sits in, or null when the taxonomy does not know it. */
function sectionOf(taxonomy: Taxonomy, category: string): string | null {
  const key = categoryKey(category);
  return taxonomy.find((s) => s.categories.some((c) => categoryKey(c) === key))?.name ?? null;
}

/** One entry: its fields as the field table says (entryFieldsJson), with id, status and links. */
export function presentEntry(ctx: PresentContext, e: Entry): EntryJson {
  const fields = entryFieldsJson(
    e as unknown as Record<string, unknown>,
    sectionOf(ctx.taxonomy, e.category),
  );
  return {
    id: e.id,
    title: e.title,
    ...fields,
    issue: fields.issue as EntryJson["issue"],
    status: e.status,
    version: e.version ?? 1,
    links: { self: api(ctx, `/entries/${e.id}`) },
  };
}

/** A page of results, with where it starts and how many there are in all. */
export function presentPage<T>(total: number, limit: number, offset: number, results: T[]) {
  return { total, limit, offset, results };
}

/** A search hit: the entry and its relevance (null when listing without search words). */
export function presentHit(ctx: PresentContext, entry: Entry, score: number | null) {
  return { ...presentEntry(ctx, entry), score };
}

/** "Has this been summarized?" */
export function presentLookup(ctx: PresentContext, query: string, matches: LookupMatch[]) {
  return {
    query,
    matches: matches.map((m) => ({
      how: m.how,
      via: m.via,
      titleMatch: m.titleMatch,
      explanation: lookupExplanation(m),
      similarity: Math.round(m.similarity * 1000) / 1000,
      entry: presentEntry(ctx, m.entry),
    })),
  };
}

function issueLinks(ctx: PresentContext, n: number) {
  return {
    self: api(ctx, `/issues/${n}`),
    render: Object.fromEntries(ISSUE_FORMATS.map((f) => [f, api(ctx, `/issues/${n}/render/${f}`)])),
  };
}

/** An issue in the list of issues. */
export function presentIssueSummary(ctx: PresentContext, i: IssueSummary) {
  return {
    number: i.number,
    label: issueLabel(ctx, i.number),
    subject: i.subject,
    date: i.date,
    url: i.url,
    entryCount: i.entries,
    links: issueLinks(ctx, i.number),
  };
}

/** An issue and its entries as the newsletter lays them out: highlights, then sections. */
export function presentIssue(ctx: PresentContext, issue: ComposedIssue) {
  const entry = (e: Entry) => presentEntry(ctx, e);
  const { meta } = issue;
  const sections = issue.sections.map((s) => ({
    name: s.name,
    categories: s.categories.map((c) => ({ name: c.name, entries: c.entries.map(entry) })),
  }));
  return {
    number: meta.number,
    label: issueLabel(issue.newsletter, meta.number),
    subject: meta.subject,
    date: meta.date,
    url: meta.url,
    entryCount:
      issue.highlights.length + issue.sections.flatMap((s) => s.categories.flatMap((c) => c.entries)).length,
    intro: meta.intro,
    links: issueLinks(ctx, meta.number),
    highlights: issue.highlights.map(entry),
    sections,
  };
}

/** The taxonomy: sections in newsletter order, each with its categories. */
export function presentTaxonomy(taxonomy: Taxonomy) {
  return { sections: taxonomy.map((s) => ({ name: s.name, categories: [...s.categories] })) };
}

/** The error body every failure under /api has (the app's error handler writes the same shape). */
export function presentError(code: string, message: string, details: Record<string, unknown> = {}) {
  return { error: { code, message, ...details } };
}
