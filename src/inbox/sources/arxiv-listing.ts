import { DomUtils } from "htmlparser2";
import type { IncomingCandidate } from "../candidate.ts";
import { splitAuthors } from "../candidate.ts";
import { arxivIdOfUrl } from "./arxiv-api.ts";
import { sourceError } from "./errors.ts";
import { dayOf, plainText } from "./text.ts";
import { childNamed, childrenNamed, childText, lineOf, parseXml, rootOf } from "./xml.ts";

export interface ArxivListing {
  candidates: IncomingCandidate[];
  /** Announcements of new versions of papers already announced ("replace", "replace-cross"), left out. */
  replacements: number;
}

/**
 * arXiv's daily listing of a category (https://rss.arxiv.org/rss/cs.AI, RSS 2.0 as specified at
 * https://info.arxiv.org/help/rss_specifications.html): each item's `arxiv:announce_type` is
 * new, cross (a cross-listing), replace or replace-cross. Only new and cross items are new to
 * the inbox; replacements are counted and left out. The description reads
 * "arXiv:2401.00001v1 Announce Type: new \nAbstract: ...", the authors are one `dc:creator`.
 */
export function parseArxivListing(xml: string, source: string): ArxivListing {
  const root = rootOf(parseXml(xml, source));
  const channel = root.name === "rss" ? childNamed(root, "channel") : undefined;
  if (!channel)
    throw sourceError("source.malformed", source, `not an RSS 2.0 feed (its root is <${root.name}>)`);
  let replacements = 0;
  const candidates: IncomingCandidate[] = [];
  childrenNamed(channel, "item").forEach((item, i) => {
    const where = () => ({ line: lineOf(xml, item), item: i + 1 });
    const type = plainText(childText(item, "arxiv:announce_type")).toLowerCase() || "new";
    if (type.startsWith("replace")) {
      replacements++;
      return;
    }
    const link = plainText(childText(item, "link"));
    const id = arxivIdOfUrl(link) ?? /arXiv\.org:(.+?)(?:v\d+)?$/i.exec(childText(item, "guid").trim())?.[1];
    if (!id)
      throw sourceError(
        "source.malformed",
        source,
        `the item's link "${link}" is not an arXiv address`,
        where(),
      );
    const title = plainText(childText(item, "title"));
    if (!title) throw sourceError("source.malformed", source, `the item ${id} has no title`, where());
    const description = plainText(childText(item, "description"));
    const abstract = /\bAbstract:\s*([\s\S]*)$/.exec(description)?.[1] ?? description;
    const category = plainText(childText(item, "category"));
    candidates.push({
      title,
      abstract,
      authors: splitAuthors(plainText(childText(item, "dc:creator"))),
      venue: `arXiv:${id}${category ? ` [${category}]` : ""}`,
      itemType: "journalArticle",
      url: `https://arxiv.org/abs/${id}`,
      published: dayOf(childText(item, "pubDate")),
      tags: childrenNamed(item, "category")
        .map((c) => plainText(DomUtils.textContent(c)))
        .filter(Boolean),
      externalId: id,
      hatTip: null,
    });
  });
  return { candidates, replacements };
}
