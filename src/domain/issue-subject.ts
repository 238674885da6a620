import { SummaError } from "./errors.ts";

/**
 * An issue's subject and the lines made from it. The subject is stored as the editor means it,
 * without the issue's label: the email's subject line adds "[AN #172]: " (AN's own form, colon
 * included), the archive "AN #172: ". An editor who types the line the way AN did
 * ("[AN #172]: Subject") gets the label taken off, not doubled.
 */

/**
 * The subject without a typed label of its own issue. A label naming another issue of this
 * newsletter ("[AN #171]: ..." typed into AN #172, a line copied from last week) is refused
 * rather than sent under the wrong number. `prefix` is the newsletter's ("AN").
 */
export function subjectWithoutLabel(subject: string, prefix: string, number: number): string {
  const typed = ownPrefix(typedLabel(subject), prefix);
  if (!typed) return subject.trim();
  if (typed.number !== number)
    throw new SummaError(
      "input.invalid",
      `subject: it starts with "${typed.text}", but this is ${prefix.trim()} #${number}; leave the label out, it is added`,
      { fields: { subject: `starts with another issue's label (${typed.text})` } },
    );
  return typed.rest;
}

/** The subject without its own issue's typed label; another issue's label stays (see subjectWithoutLabel). */
export function stripIssueLabel(subject: string, prefix: string, number: number): string {
  const typed = ownPrefix(typedLabel(subject), prefix);
  return typed && typed.number === number ? typed.rest : subject.trim();
}

function ownPrefix<T extends { prefix: string }>(typed: T | null, prefix: string): T | null {
  return typed && typed.prefix.toLowerCase() === prefix.trim().toLowerCase() ? typed : null;
}

/** A label typed at the start of a subject: "[AN #172]:", "[AN #172]", "AN #172:", "AN#172 -". */
function typedLabel(subject: string): { prefix: string; number: number; text: string; rest: string } | null {
  // The bracketed and the bare forms are matched apart (JavaScript has no conditional groups).
  const m =
    /^\s*\[\s*([^\][#]*?)\s*#\s*(\d+)\s*\]\s*[:\-–—|]?\s*/.exec(subject) ??
    /^\s*([^\][#:]*?)\s*#\s*(\d+)\b\s*[:\-–—|]?\s*/.exec(subject);
  if (!m) return null;
  const text = m[0]
    .trim()
    .replace(/[:\-–—|]$/, "")
    .trim();
  return { prefix: m[1]!, number: Number(m[2]), text, rest: subject.slice(m[0].length).trim() };
}

/**
 * A title as plain text: Markdown links ("[A](u) and [B](v)") keep only their text. Link text
 * holds no "[" and a link's address no "(": otherwise every "[" would rescan the rest of the
 * title, and a long imported title of "[" would take seconds on every page listing it.
 */
export function plainTitle(title: string): string {
  return title
    .replace(/\[((?:\\.|[^\][\\])*)\]\([^()]*\)/g, "$1")
    .replace(/\\([[\]\\])/g, "$1")
    .trim();
}

/**
 * What names an issue in lists (the archive, the home page, the desk, the email's subject line):
 * its subject, else the titles of its highlights ("Title one; Title two"), else "".
 */
export function issueDisplayTitle(subject: string, highlightTitles: readonly string[]): string {
  if (subject.trim()) return subject.trim();
  const titles = highlightTitles.map(plainTitle).filter(Boolean);
  const joined = titles.join("; ");
  // A subject line is read in one glance: a long list of highlights is cut at a title's end.
  if (joined.length <= MAX_TITLES_LENGTH || titles.length === 1) return joined;
  let out = titles[0]!;
  for (const t of titles.slice(1)) {
    if (out.length + 2 + t.length > MAX_TITLES_LENGTH) return `${out}; …`;
    out = `${out}; ${t}`;
  }
  return out;
}

const MAX_TITLES_LENGTH = 150;

/** The email's subject line: "[AN #172]: Subject", or "[AN #172] Newsletter name" when there is nothing to say. */
export function emailSubjectLine(label: string, title: string, newsletterName: string): string {
  return title ? `[${label}]: ${title}` : `[${label}] ${newsletterName}`.trim();
}
