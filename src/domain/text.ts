/** Escapes text for use inside a regular expression, so user text matches literally. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * `s` without the characters of `chars` at its end. What `s.replace(/[...]+$/, "")` means,
 * in linear time: that regex tries every position of a long run that does not end the text
 * and runs to the run's end from each, which is quadratic (100,000 "/" took seconds).
 */
export function trimEndChars(s: string, chars: string): string {
  let end = s.length;
  while (end > 0 && chars.includes(s[end - 1]!)) end--;
  return end === s.length ? s : s.slice(0, end);
}

// C0 and C1 controls but tab and newline, and the bidi embeddings, overrides and isolates that
// make text read differently from how it is stored.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
const HIDDEN_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text as a plain-text or Markdown render may carry it: without control characters (a terminal
 * escape, a carriage return that overwrites a line, a bidi override that reverses one) that no
 * reader sees and the HTML renderer does not show. Tab and newline stay.
 */
export function stripControlCharacters(text: string): string {
  return text.replace(HIDDEN_CONTROLS, "");
}
