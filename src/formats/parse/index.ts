/**
 * Reading issues back into entries: the reverse of src/formats/render, for the three formats
 * Summa renders and for foreign copies of them (an email flattened to one line, a post without
 * separators). Pure functions of the input, the taxonomy and the newsletter's settings.
 */
export { type DetectedIssue, detectIssueFormat, parseIssue, parseIssueAs } from "./detect.ts";
export { parseIssueHtml } from "./html.ts";
export { parseIssueMarkdown } from "./markdown.ts";
export { parseIssueText } from "./text.ts";
export {
  emptyParsedEntry,
  type IssueSourceFormat,
  knownTitleKey,
  knownTitles,
  type ParsedIssue,
  type ParsedIssueEntry,
  type ParseOptions,
  type ReadingStep,
} from "./types.ts";
