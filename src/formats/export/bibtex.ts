import type { Entry } from "../../domain/entry.ts";

/**
 * BibTeX for citing what the newsletter covered: one @misc per entry (venue as
 * howpublished, the AN issue in the note). Keys are `firstauthorYEARfirstword`, made unique.
 * Export only: a bibliography cannot carry summaries and opinions back.
 */
export function bibtexEntry(
  entry: Entry,
  usedKeys: Set<string>,
  newsletter = "Alignment Newsletter",
): string {
  const key = uniqueKey(baseKey(entry), usedKeys);
  const fields: [string, string][] = [["title", `{${escapeBibtex(stripMarkdownLinks(entry.title))}}`]];
  if (entry.authors.length)
    fields.push(["author", entry.authors.map((a) => escapeBibtex(a.name)).join(" and ")]);
  if (entry.year !== null) fields.push(["year", String(entry.year)]);
  if (entry.venue) fields.push(["howpublished", escapeBibtex(entry.venue)]);
  if (entry.url) fields.push(["url", entry.url.replace(/[{}]/g, "")]);
  const notes: string[] = [];
  if (entry.issueNumber !== null) notes.push(`Summarized in ${newsletter} #${entry.issueNumber}`);
  else if (entry.issueLabel && entry.issueLabel !== "N/A") notes.push(`Summarized in ${entry.issueLabel}`);
  if (entry.summarizers.length) notes.push(`summarized by ${entry.summarizers.join(" and ")}`);
  if (notes.length) fields.push(["note", escapeBibtex(notes.join(", "))]);
  if (entry.issueUrl) fields.push(["annote", escapeBibtex(`Issue: ${entry.issueUrl}`)]);
  if (entry.category) fields.push(["keywords", escapeBibtex(entry.category)]);
  const body = fields.map(([k, v]) => `  ${k} = {${v}}`).join(",\n");
  return `@misc{${key},\n${body}\n}\n`;
}

function baseKey(entry: Entry): string {
  const surname = (entry.authors[0]?.name.split(/\s+/).pop() ?? "anon")
    .normalize("NFKD")
    .replace(/[^A-Za-z]/g, "");
  const word =
    stripMarkdownLinks(entry.title)
      .normalize("NFKD")
      .split(/\s+/)
      .map((w) => w.replace(/[^A-Za-z0-9]/g, ""))
      .find((w) => w.length > 3 && !/^(the|and|with|from|that|this|into|towards?)$/i.test(w)) ?? "item";
  return `${surname || "anon"}${entry.year ?? ""}${word}`.toLowerCase();
}

function uniqueKey(base: string, used: Set<string>): string {
  let key = base;
  for (let i = 0; used.has(key); i++)
    key = `${base}${String.fromCharCode(97 + (i % 26))}${i >= 26 ? Math.floor(i / 26) : ""}`;
  used.add(key);
  return key;
}

/** "[A](url) and [B](url)" titles read as "A and B" in a bibliography. */
function stripMarkdownLinks(s: string): string {
  return s.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").trim();
}

const LATEX_SPECIALS: Record<string, string> = {
  "\\": "\\textbackslash{}",
  // BibTeX counts braces even when escaped, so a lone { would swallow the rest of the file.
  "{": "\\textbraceleft{}",
  "}": "\\textbraceright{}",
  "%": "\\%",
  "&": "\\&",
  $: "\\$",
  "#": "\\#",
  _: "\\_",
  "~": "\\textasciitilde{}",
  "^": "\\textasciicircum{}",
};

/** Escapes what LaTeX treats as special, in one pass (so an escape's own braces stay intact). */
export function escapeBibtex(s: string): string {
  return s
    .replace(/[\\{}%&$#_~^]/g, (c) => LATEX_SPECIALS[c]!)
    .replace(/\s+/g, " ")
    .trim();
}
