import { DomUtils } from "htmlparser2";
import type { IncomingCandidate } from "../candidate.ts";
import { splitAuthors } from "../candidate.ts";
import { sourceError } from "./errors.ts";
import { dayOf, htmlToText, httpUrl, plainText } from "./text.ts";
import { childNamed, childrenNamed, childText, lineOf, parseXml, rootOf, type XmlElement } from "./xml.ts";

export interface ParsedFeed {
  /** The feed's own title ("AI Alignment Forum"), used as each item's venue. */
  title: string;
  candidates: IncomingCandidate[];
}

/**
 * A blog's or forum's feed: RSS 2.0 (Alignment Forum and LessWrong `feed.xml`, Substack,
 * WordPress), RSS 1.0 (RDF) or Atom 1.0. Each item's guid (RSS) or id (Atom) is its external
 * id, else its link; authors come from `dc:creator`, `author` or Atom's `author/name`; the
 * description or content is HTML, reduced to text. `base` resolves relative links.
 */
export function parseFeed(xml: string, source: string, base?: string): ParsedFeed {
  const root = rootOf(parseXml(xml, source));
  if (root.name === "feed") return atomFeed(xml, root, source, base);
  if (root.name === "rss" || root.name === "rdf:RDF") return rssFeed(xml, root, source, base);
  throw sourceError("source.malformed", source, `not an RSS or Atom feed (its root is <${root.name}>)`);
}

function rssFeed(xml: string, root: XmlElement, source: string, base?: string): ParsedFeed {
  const channel = childNamed(root, "channel");
  if (!channel) throw sourceError("source.malformed", source, "an RSS feed without a <channel>");
  const feedTitle = plainText(childText(channel, "title"));
  // RSS 2.0 puts items in the channel; RSS 1.0 beside it.
  const items = root.name === "rss" ? childrenNamed(channel, "item") : childrenNamed(root, "item");
  const candidates = items.map((item, i) => {
    const link = httpUrl(childText(item, "link"), base);
    const guid = plainText(childText(item, "guid")) || item.attribs["rdf:about"] || link;
    const title = plainText(childText(item, "title"));
    if (!title && !link)
      throw sourceError("source.malformed", source, "an item with neither a title nor a link", {
        line: lineOf(xml, item),
        item: i + 1,
      });
    const creators = childrenNamed(item, "dc:creator").map((c) => plainText(DomUtils.textContent(c)));
    const authors =
      creators.length > 1 ? creators : splitAuthors(creators[0] ?? rssAuthor(childText(item, "author")));
    return {
      title: title || link,
      abstract: htmlToText(childText(item, "description") || childText(item, "content:encoded")),
      authors,
      venue: feedTitle,
      itemType: "blogPost",
      url: link,
      published: dayOf(childText(item, "pubDate", "dc:date")),
      tags: childrenNamed(item, "category")
        .map((c) => plainText(DomUtils.textContent(c)))
        .filter(Boolean),
      externalId: guid || null,
      hatTip: null,
    } satisfies IncomingCandidate;
  });
  return { title: feedTitle, candidates };
}

/** RSS 2.0's `author` is an email address, often with the name in brackets: "a@b.org (Ann Bo)". */
function rssAuthor(text: string): string {
  const clean = plainText(text);
  return /\(([^)]+)\)/.exec(clean)?.[1] ?? (clean.includes("@") ? "" : clean);
}

/** Atom text constructs: type="html" and "xhtml" hold markup, reduced to text; "text" is text. */
function atomText(el: XmlElement | undefined): string {
  if (!el) return "";
  const type = el.attribs.type ?? "text";
  if (type === "html") return htmlToText(DomUtils.textContent(el));
  if (type === "xhtml") return htmlToText(DomUtils.getInnerHTML(el, { xmlMode: true }));
  return plainText(DomUtils.textContent(el));
}

function atomFeed(xml: string, root: XmlElement, source: string, base?: string): ParsedFeed {
  const feedTitle = atomText(childNamed(root, "title"));
  const candidates = childrenNamed(root, "entry").map((entry, i) => {
    const links = childrenNamed(entry, "link");
    const alternate = links.find((l) => (l.attribs.rel ?? "alternate") === "alternate") ?? links[0];
    const link = alternate ? httpUrl(alternate.attribs.href ?? "", base) : "";
    const title = atomText(childNamed(entry, "title"));
    if (!title && !link)
      throw sourceError("source.malformed", source, "an entry with neither a title nor a link", {
        line: lineOf(xml, entry),
        item: i + 1,
      });
    const authors = childrenNamed(entry, "author").length
      ? childrenNamed(entry, "author")
      : childrenNamed(root, "author");
    return {
      title: title || link,
      abstract: atomText(childNamed(entry, "summary")) || atomText(childNamed(entry, "content")),
      authors: authors.map((a) => plainText(childText(a, "name"))).filter(Boolean),
      venue: feedTitle,
      itemType: "blogPost",
      url: link,
      published: dayOf(childText(entry, "published", "updated")),
      tags: childrenNamed(entry, "category")
        .map((c) => plainText(c.attribs.label ?? c.attribs.term ?? ""))
        .filter(Boolean),
      externalId: plainText(childText(entry, "id")) || link || null,
      hatTip: null,
    } satisfies IncomingCandidate;
  });
  return { title: feedTitle, candidates };
}
