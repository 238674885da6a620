import { categoryKey, type Taxonomy } from "../../domain/taxonomy.ts";
import { escapeRegExp } from "../../domain/text.ts";

/**
 * The flat-text reader tells a heading from the same words in a title by the order headings
 * come in; an issue's order is its taxonomy's when it was sent, which need not be the one the
 * database has now. So the order is read from the text first: each section where its name
 * first stands as a heading would (after a sentence's end, written as the taxonomy writes it
 * or in capitals), and each category where it first follows its section's heading. Names not
 * found keep their places after the found ones.
 */
export function taxonomyInTextOrder(s: string, taxonomy: Taxonomy): Taxonomy {
  const names = taxonomy.flatMap((x) => [x.name, ...x.categories]).map((n) => n.toLowerCase());
  const lowered = s.toLowerCase();
  // Where a name stands after a sentence's end, a group or another heading, it is a heading;
  // after any other word it may be part of a title ("Safe Learning with Model Uncertainty
  // Estimates"), so such a place counts only when the name stands nowhere better.
  const longer = (name: string) => {
    const key = `${name.toLowerCase()} `;
    return names.filter((n) => n.startsWith(key));
  };
  const marked = (start: number): boolean =>
    start === 0 ||
    /[.!?)\]"'”’:]\s*$/.test(s.slice(Math.max(0, start - 4), start)) ||
    names.some((n) => lowered.endsWith(n, start - 1));
  const at = (name: string, from: number, categories: string[] = []): number => {
    const re = new RegExp(
      `(?:^|[.!?)\\]"'”’:]\\s+|\\s)(${escapeRegExp(name)}|${escapeRegExp(name.toUpperCase())})(?=\\s|$)`,
      "g",
    );
    re.lastIndex = from;
    let weak = Number.POSITIVE_INFINITY;
    const longerNames = longer(name);
    for (let m = re.exec(s); m; m = re.exec(s)) {
      const start = m.index + m[0].length - m[1]!.length;
      // A heading is followed by what opens a title or a category (a capital, a figure, a quote,
      // "(When) is Truth-telling ...") and is not mid-sentence.
      if (!/^\s+[\p{Lu}\p{N}"'“‘[(¡¿$]/u.test(s.slice(start + m[1]!.length, start + m[1]!.length + 3)))
        continue;
      // "Iterated amplification sequence" is another heading than "Iterated amplification".
      if (longerNames.some((n) => lowered.startsWith(n, start))) continue;
      if (marked(start)) return start;
      // A section's heading is followed by its first category's: where it stands after another
      // word and before none of them, it ends a phrase ("Defending Against Neural Fake News The
      // Hacker ..." in an issue with no News section) and places the section nowhere.
      const after = lowered.slice(start + m[1]!.length).trimStart();
      if (categories.length > 0 && !categories.some((c) => after.startsWith(c.toLowerCase()))) continue;
      weak = Math.min(weak, start);
    }
    return weak;
  };
  const sections = taxonomy.map((section, i) => ({
    section,
    i,
    pos: at(section.name, 0, section.categories),
  }));
  sections.sort((a, b) => a.pos - b.pos || a.i - b.i);
  return sections.map(({ section, pos }) => {
    const from = Number.isFinite(pos) ? pos + section.name.length : 0;
    const categories = section.categories.map((c, i) => ({
      c,
      i,
      pos: categoryKey(c) === categoryKey(section.name) ? from - 1 : at(c, from),
    }));
    categories.sort((a, b) => a.pos - b.pos || a.i - b.i);
    return { ...section, categories: categories.map((x) => x.c) };
  });
}
