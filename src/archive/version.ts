import { readContentVersion, type Store } from "../store/index.ts";

/**
 * The version of everything the public site shows (entries, issues, taxonomy, people, links,
 * settings): it changes at the commit of any write to them, through any process. Page caches
 * keep what they rendered under it and render again when it moves.
 */
export function publicContentVersion(store: Store): Promise<string> {
  return readContentVersion(store.db);
}
