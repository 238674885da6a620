/**
 * What the inbox's sources say, read from their text: arXiv's API and daily listings, RSS and
 * Atom feeds, the forums' GraphQL answers, bibliography files and single pages. Pure: every
 * parser takes text (and the name of its source, for errors) and returns candidates or throws a
 * coded error naming the source and where. Fetching lives in ../fetching.
 */
export * from "./arxiv-api.ts";
export * from "./arxiv-listing.ts";
export * from "./bibliography.ts";
export * from "./bibtex.ts";
export * from "./decode.ts";
export * from "./errors.ts";
export * from "./feed.ts";
export * from "./forum.ts";
export * from "./page.ts";
export * from "./ris.ts";
export * from "./text.ts";
export * from "./zotero.ts";
