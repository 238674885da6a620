import type { EntryLinkField } from "../../domain/entry-links.ts";
import type { TitleMatchKind } from "../../domain/title-match.ts";

/** How a "has this been summarized?" match was found (entries/lookup.ts). */
export interface LookupHow {
  how: "url" | "title" | "partial-title" | "similar-title";
  via: EntryLinkField | null;
  titleMatch: TitleMatchKind | null;
  similarity: number;
}

const FIELD_WORDS: Record<EntryLinkField, string> = {
  url: "its own link",
  summary: "its summary",
  opinion: "its opinion",
  prerequisites: "its prerequisites",
  read_more: "its Read more",
};

/** A short label for a match: "same link", "linked from its summary", "title's first words"... */
export function lookupLabel(m: LookupHow): string {
  switch (m.how) {
    case "url":
      return m.via === "url" || m.via === null ? "same link" : `linked from ${FIELD_WORDS[m.via]}`;
    case "title":
      return "same title";
    case "partial-title":
      return m.titleMatch === "prefix" ? "the title's first words" : "the title's words, in order";
    case "similar-title":
      return `similar title, ${Math.round(m.similarity * 100)}% alike`;
  }
}

/** The sentence a reader checks a match against, in words. */
export function lookupExplanation(m: LookupHow): string {
  switch (m.how) {
    case "url":
      return m.via === "url" || m.via === null
        ? "Same link (arXiv abstract, PDF, versions and ids; DOIs; forum posts by id; http or https, www. and tracking parameters aside)"
        : `The link appears in ${FIELD_WORDS[m.via]}: the newsletter covered it through this entry`;
    case "title":
      return "Same title (case and spacing aside)";
    case "partial-title":
      return `${m.titleMatch === "prefix" ? "What you typed is how the title starts" : "The title has your words, in this order"} (match ${Math.round(m.similarity * 100)}%)`;
    case "similar-title":
      return `Near-identical title (${Math.round(m.similarity * 100)}% alike)`;
  }
}
