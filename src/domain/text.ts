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
