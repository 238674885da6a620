import { porterStem } from "../formats/porter.ts";

/**
 * Words of a title or an abstract as the inbox's text features see them: lowercased, diacritics
 * folded, common English words and the bibliography's boilerplate dropped, Porter-stemmed (the
 * search index's stems, formats/porter.ts), so "agents" and "agent" are one feature.
 */
const STOPWORDS = new Set(
  (
    "a about above after again against all also am an and any are aren as at be because been before being below " +
    "between both but by can cannot could did do does doing down during each few for from further get gets got had " +
    "has have having he her here hers him his how however i if in into is isn it its itself just like make makes " +
    "many may me might more most much must my no nor not now of off on once one only or other our out over own per " +
    "rather really same she should so some such than that the their them then there these they this those through " +
    "thus to too under until up upon us use used using very via was way we well were what when where whether which " +
    "while who whom why will with within without would yet you your et al"
  ).split(/\s+/),
);

export function textTokens(text: string): string[] {
  const words =
    text
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .match(/[a-z][a-z0-9]+/g) ?? [];
  const out: string[] = [];
  for (const w of words) if (w.length >= 3 && !STOPWORDS.has(w)) out.push(porterStem(w));
  return out;
}

/** Tokens and the pairs of neighbouring tokens ("reward_model"), for phrases one word misses. */
export function textTokensWithBigrams(text: string): string[] {
  const tokens = textTokens(text);
  const out = [...tokens];
  for (let i = 1; i < tokens.length; i++) out.push(`${tokens[i - 1]}_${tokens[i]}`);
  return out;
}
