import { DomUtils, parseDocument } from "htmlparser2";
import type { IncomingCandidate } from "../candidate.ts";
import { sourceError } from "./errors.ts";
import { dayOf, htmlToText, httpUrl, plainText } from "./text.ts";

/**
 * A web page as a candidate, from what it says about itself: Highwire Press `citation_*` tags
 * (what Google Scholar reads: journals, arXiv, OpenReview, proceedings), then Open Graph
 * (`og:*`, `article:*`: blogs, Substack, the forums), then `<title>` and the description.
 * `url` is the address the page was fetched from; the page's canonical link wins when it is
 * http(s). A page with no title at all is an error.
 */
export function parsePage(html: string, url: string): IncomingCandidate {
  const doc = parseDocument(html, { decodeEntities: true });
  const meta = new Map<string, string[]>();
  for (const el of DomUtils.getElementsByTagName("meta", doc.children)) {
    const key = (el.attribs.name ?? el.attribs.property ?? "").trim().toLowerCase();
    const content = el.attribs.content;
    if (!key || content === undefined) continue;
    meta.set(key, [...(meta.get(key) ?? []), content]);
  }
  const one = (...keys: string[]) => {
    for (const k of keys) {
      const v = plainText(meta.get(k)?.[0] ?? "");
      if (v) return v;
    }
    return "";
  };
  const titleEl = DomUtils.getElementsByTagName("title", doc.children, true, 1)[0];
  const title =
    one("citation_title", "dc.title", "og:title", "twitter:title") ||
    plainText(titleEl ? DomUtils.textContent(titleEl) : "");
  if (!title)
    throw sourceError(
      "source.malformed",
      url,
      "the page has no title (no citation_title, og:title or <title>)",
    );
  const canonical = DomUtils.getElementsByTagName("link", doc.children).find((l) =>
    (l.attribs.rel ?? "").toLowerCase().split(/\s+/).includes("canonical"),
  );
  const citationAuthors = meta.get("citation_author") ?? meta.get("dc.creator") ?? [];
  // article:author is often a profile address, which is no name.
  const otherAuthors = [...(meta.get("author") ?? []), ...(meta.get("article:author") ?? [])].filter(
    (a) => !/^https?:/i.test(a),
  );
  const journal = one("citation_journal_title", "citation_conference_title", "citation_inbook_title");
  const venue =
    journal ||
    one(
      "citation_technical_report_institution",
      "citation_dissertation_institution",
      "citation_publisher",
      "og:site_name",
    );
  const doi = one("citation_doi").replace(/^doi:/i, "");
  const arxiv = one("citation_arxiv_id");
  return {
    title,
    abstract: htmlToText(
      one("citation_abstract", "dc.description", "og:description", "description", "twitter:description"),
    ),
    authors: (citationAuthors.length ? citationAuthors : otherAuthors).map(plainText).filter(Boolean),
    venue: venue || (arxiv ? `arXiv:${arxiv}` : ""),
    itemType: itemTypeOf(meta, journal),
    url: httpUrl(canonical?.attribs.href ?? "", url) || httpUrl(one("og:url"), url) || httpUrl(url),
    published: dayOf(
      one(
        "citation_publication_date",
        "citation_date",
        "citation_online_date",
        "article:published_time",
        "dc.date",
      ).replace(/\//g, "-"),
    ),
    tags: (meta.get("citation_keywords") ?? meta.get("article:tag") ?? [])
      .flatMap((k) => k.split(/[;,]/))
      .map(plainText)
      .filter(Boolean),
    externalId: doi ? `doi:${doi.toLowerCase()}` : arxiv ? arxiv : null,
    hatTip: null,
  };
}

function itemTypeOf(meta: Map<string, string[]>, journal: string): string {
  if (meta.has("citation_conference_title")) return "conferencePaper";
  if (meta.has("citation_journal_title") || meta.has("citation_arxiv_id")) return "journalArticle";
  if (meta.has("citation_technical_report_institution")) return "report";
  if (meta.has("citation_dissertation_institution")) return "thesis";
  if (journal) return "journalArticle";
  const og = (meta.get("og:type")?.[0] ?? "").toLowerCase();
  return og === "article" ? "blogPost" : "webpage";
}
