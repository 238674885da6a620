import { SummaError } from "../domain/errors.ts";
import { titleKey } from "../domain/keys.ts";
import { fillInboxCandidate, getInboxCandidate, type Store, updateInboxCandidate } from "../store/index.ts";
import { type ReadCandidatesOptions, readCandidatesFrom, sourcesUserAgent } from "./fetching/index.ts";
import { cleanInboxText, MAX_ABSTRACT, MAX_TITLE } from "./intake.ts";
import { scoreNewCandidates } from "./training.ts";

/** What came of looking a candidate's address up. */
export type LookUpOutcome = "filled" | "kept" | "failed";

/** Whether a candidate still stands under its address: a suggestion sent without a title. */
export const titledByAddress = (row: { title: string; url: string }) =>
  row.url !== "" && row.title === row.url;

/**
 * Reads a title-less suggestion's address (through the polite fetcher: a paper's page by its
 * citation_* and Open Graph tags, an arXiv link through its API, a DOI through the metadata
 * client) and fills its title, authors, abstract, venue and date, then scores it again with
 * the latest model. Only while the candidate still has its address as its title ("kept"
 * otherwise). A failure leaves the candidate as it was and records why (lookup_error, shown
 * on the desk); it is never thrown: this runs after the suggester has had their answer.
 */
export async function lookUpCandidate(
  store: Store,
  id: number,
  read: ReadCandidatesOptions = {},
): Promise<LookUpOutcome> {
  const row = await getInboxCandidate(store.db, id);
  if (!row || !titledByAddress(row)) return "kept";
  try {
    const items = await readCandidatesFrom(row.url, { userAgent: await sourcesUserAgent(store), ...read });
    if (items.length !== 1)
      throw new SummaError(
        "source.malformed",
        `${row.url}: ${items.length ? `a list of ${items.length} items` : "nothing"}, not one paper`,
      );
    const item = items[0]!;
    const title = cleanInboxText(item.title).replace(/\s+/g, " ").slice(0, MAX_TITLE);
    if (!title) throw new SummaError("source.malformed", `${row.url}: the page gives no title`);
    const filled = await fillInboxCandidate(store.db, id, row.url, {
      title,
      title_key: titleKey(title),
      authors: JSON.stringify(item.authors.map(cleanInboxText).filter(Boolean)),
      abstract: cleanInboxText(item.abstract).slice(0, MAX_ABSTRACT) || row.abstract,
      venue: cleanInboxText(item.venue) || row.venue,
      published: item.published ?? row.published,
    });
    if (!filled) return "kept";
    // Its score and categories were the address's: the latest model scores what it now is.
    await scoreNewCandidates(store, { retrain: false, now: new Date().toISOString() });
    return "filled";
  } catch (err) {
    const code = err instanceof SummaError ? err.code : "internal";
    const message = err instanceof Error ? err.message : String(err);
    await updateInboxCandidate(store.db, id, { lookup_error: `${code}: ${message}`.slice(0, 1000) });
    return "failed";
  }
}
