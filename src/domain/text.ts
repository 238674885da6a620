/** Escapes text for use inside a regular expression, so user text matches literally. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
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
