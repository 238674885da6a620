import { DomUtils, parseDocument } from "htmlparser2";
import { MetadataFormatError, oneLine, type PaperMetadata } from "./paper.ts";

type Node = ReturnType<typeof parseDocument>["children"][number];

/**
 * The arXiv API's answer (an Atom feed, https://info.arxiv.org/help/api/user-manual.html) for
 * one id: its entry's title, authors, and the year of `published` (the first version). arXiv
 * answers an unknown id with a feed without entries, or with an entry titled "Error".
 */
export function parseArxivAtom(xml: string, id: string): PaperMetadata {
  if (!/<feed[\s>]/.test(xml)) throw new MetadataFormatError("not an Atom feed", "malformed");
  // htmlparser2 reads leniently: a feed cut short would still yield a (wrong) title.
  if (!/<\/feed>\s*$/.test(xml))
    throw new MetadataFormatError("the Atom feed is cut short or malformed", "malformed");
  const doc = parseDocument(xml, { xmlMode: true, decodeEntities: true });
  const feed = DomUtils.findOne((e) => e.name === "feed", doc.children);
  if (!feed) throw new MetadataFormatError("not an Atom feed", "malformed");
  const entry = DomUtils.findOne((e) => e.name === "entry", feed.children);
  if (!entry) throw new MetadataFormatError(`arXiv has no paper ${id}`, "not_found");
  const text = (name: string, within: Node[] = entry.children) => {
    const el = DomUtils.findOne((e) => e.name === name, within, false);
    return el ? oneLine(DomUtils.textContent(el)) : "";
  };
  const title = text("title");
  if (title === "Error" || text("id").includes("/api/errors"))
    throw new MetadataFormatError(`arXiv has no paper ${id} (${text("summary") || "error"})`, "not_found");
  if (title === "") throw new MetadataFormatError("the entry has no title", "malformed");
  const authors = DomUtils.findAll((e) => e.name === "author", entry.children)
    .map((a) => text("name", a.children))
    .filter(Boolean);
  const year = /^(\d{4})-/.exec(text("published"))?.[1];
  return {
    title,
    authors,
    venue: "arXiv",
    year: year ? Number(year) : null,
    url: `https://arxiv.org/abs/${id}`,
    source: "arxiv",
  };
}
