import { readFile } from "node:fs/promises";
import { SummaError } from "../domain/errors.ts";
import type { SurveyQuestion } from "../domain/survey.ts";
import type { Answer, Answers } from "../domain/survey-answers.ts";
import { CsvSyntaxError, csvTextRows } from "../formats/import/csv-records.ts";
import { insertSurveyResponse, inTransaction, type Store } from "../store/index.ts";
import { getSurvey } from "./surveys.ts";

/**
 * Google Forms' responses CSV read into a survey, so the newsletter's past surveys (which ran on
 * Google Forms) are read beside new ones. Forms writes a "Timestamp" column, then one column per
 * question headed by its text; checkbox answers are joined with ", "; an answer outside a
 * question's choices is what its "Other" box held. Columns are matched to questions by their
 * text (case, spacing and a final "?" or ":" aside), or by hand (parseColumnMapping); columns
 * that match no question are reported and left out. All or nothing: a value that cannot be read fails the import naming
 * row and column, and nothing is written. Imported responses are never linked to a subscriber.
 */

const MAX_FIELD_BYTES = 64 * 1024;
const MAX_ROWS = 100_000;

export interface FormsImportReport {
  slug: string;
  imported: number;
  /** Columns matched, as "column header -> question id". */
  mapped: { column: string; question: string }[];
  /** Columns that match no question (left out). */
  unmapped: string[];
  /** Questions no column answers. */
  unanswered: string[];
}

const key = (text: string) =>
  text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim()
    .replace(/\s*[?:.]+$/, "");

/** Google Forms' timestamp ("2019/05/10 11:23:45 AM GMT+1", "5/10/2019 11:23:45") as ISO, or null. */
export function formsTimestamp(text: string): string | null {
  const t = text.trim();
  const m =
    /^(\d{4})\/(\d{1,2})\/(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})(?:\s*([AP]M))?(?:\s*GMT([+-]\d{1,2})(?::?(\d{2}))?)?$/i.exec(
      t,
    ) ?? null;
  const us = m ? null : /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})$/.exec(t);
  if (!m && !us) return null;
  const [year, month, day, h, min, s] = m
    ? [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number)
    : [us![3], us![1], us![2], us![4], us![5], us![6]].map(Number);
  let hour = h!;
  const half = m?.[7]?.toUpperCase();
  if (half === "PM" && hour < 12) hour += 12;
  if (half === "AM" && hour === 12) hour = 0;
  const offset = m?.[8] ? Number(m[8]) * 60 + Math.sign(Number(m[8]) || 1) * Number(m[9] ?? 0) : 0;
  const ms = Date.UTC(year!, month! - 1, day!, hour, min!, s!) - offset * 60_000;
  const date = new Date(ms);
  return Number.isNaN(ms) || date.getUTCMonth() !== (month! - 1 + 12) % 12 ? null : date.toISOString();
}

/** A checkbox cell's choices: the options it names (an option may hold ", "), the rest as Other. */
export function splitChoices(cell: string, options: readonly string[]): { choices: string[]; other: string } {
  const parts = cell.split(", ");
  const byKey = new Map(options.map((o) => [key(o), o]));
  const choices: string[] = [];
  const other: string[] = [];
  for (let i = 0; i < parts.length; ) {
    // The longest run of parts that is an option.
    let found = 0;
    for (let n = parts.length - i; n >= 1 && !found; n--)
      if (byKey.has(key(parts.slice(i, i + n).join(", ")))) found = n;
    if (found) {
      choices.push(byKey.get(key(parts.slice(i, i + found).join(", ")))!);
      i += found;
    } else other.push(parts[i++]!);
  }
  return { choices: options.filter((o) => choices.includes(o)), other: other.join(", ").trim() };
}

function answerFor(q: SurveyQuestion, cell: string, where: string): Answer | undefined {
  const text = cell.replace(/\r\n?/g, "\n").trim();
  if (!text) return undefined;
  if (q.kind === "single") {
    const option = q.options.find((o) => key(o) === key(text));
    if (!option)
      throw new SummaError(
        "input.invalid",
        `${where}: "${text}" is not one of the choices (${q.options.join(", ")})`,
      );
    return option;
  }
  if (q.kind === "multiple") {
    const { choices, other } = splitChoices(text, q.options);
    if (other && !q.other)
      throw new SummaError(
        "input.invalid",
        `${where}: "${other}" is not one of the choices, and the question has no "Other"`,
      );
    return { choices, other };
  }
  if (q.kind === "scale") {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1 || n > q.max)
      throw new SummaError("input.invalid", `${where}: "${text}" is not a whole number from 1 to ${q.max}`);
    return n;
  }
  return text;
}

export async function importFormsResponses(
  store: Store,
  slug: string,
  file: string,
  mapping: ReadonlyMap<string, string> = new Map(),
): Promise<FormsImportReport> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    if (err instanceof Error && "code" in err)
      throw new SummaError("input.invalid", `${file}: ${err.message}`, { file });
    throw err;
  }
  return importFormsCsv(store, slug, text, file, mapping);
}

/**
 * Columns mapped by hand, for a form whose headers differ from the questions' text:
 * "Column header=question id" each (split at the last "="; an empty id leaves the column out).
 */
export function parseColumnMapping(lines: readonly string[]): Map<string, string> {
  const mapping = new Map<string, string>();
  for (const line of lines) {
    if (!line.trim()) continue;
    const at = line.lastIndexOf("=");
    if (at <= 0)
      throw new SummaError("input.invalid", `A column mapping is "Column header=question id", not "${line}"`);
    mapping.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  return mapping;
}

/** The same from the CSV's text (the desk's upload); `file` names it in messages. */
export async function importFormsCsv(
  store: Store,
  slug: string,
  text: string,
  file: string,
  mapping: ReadonlyMap<string, string> = new Map(),
): Promise<FormsImportReport> {
  const survey = await getSurvey(store, slug);
  let rows: string[][];
  try {
    rows = await csvTextRows(text, MAX_FIELD_BYTES, { skipBlank: true });
  } catch (err) {
    if (err instanceof CsvSyntaxError)
      throw new SummaError("input.invalid", `${file}: ${err.message}`, { file });
    throw err;
  }
  const [header, ...records] = rows;
  if (!header) throw new SummaError("input.invalid", `${file}: the file is empty`, { file });
  if (records.length > MAX_ROWS)
    throw new SummaError("input.invalid", `${file}: ${records.length} responses, more than ${MAX_ROWS}`, {
      file,
    });
  const byText = new Map(survey.questions.map((q) => [key(q.text), q]));
  const stampColumn = header.findIndex((h) => key(h) === "timestamp");
  const columns = header.map((h, i) => (i === stampColumn ? undefined : byText.get(key(h))));
  for (const [column, id] of mapping) {
    const i = header.findIndex((h) => key(h) === key(column));
    if (i < 0)
      throw new SummaError(
        "input.invalid",
        `${file}: the mapping names column "${column}", which the file does not have (its columns: ${header.map((h) => `"${h}"`).join(", ")})`,
        { file },
      );
    const q = id ? survey.questions.find((x) => x.id === id) : undefined;
    if (id && !q)
      throw new SummaError(
        "input.invalid",
        `${file}: the mapping sends column "${column}" to "${id}", which is no question of "${survey.slug}" (its questions: ${survey.questions.map((x) => x.id).join(", ")})`,
        { file },
      );
    columns[i] = q;
  }
  header.forEach((h, i) => {
    const j = columns.findIndex((q) => q !== undefined && q === columns[i]);
    if (columns[i] && j !== i)
      throw new SummaError(
        "input.invalid",
        `${file}: columns "${header[j]}" and "${h}" both answer question ${columns[i]!.id}: map one of them elsewhere (or to nothing)`,
        { file },
      );
  });
  const mapped = header.flatMap((h, i) => (columns[i] ? [{ column: h, question: columns[i]!.id }] : []));
  const unmapped = header.filter((_, i) => i !== stampColumn && !columns[i]);
  const answered = new Set(mapped.map((m) => m.question));
  const unanswered = survey.questions.filter((q) => !answered.has(q.id)).map((q) => q.id);
  if (mapped.length === 0)
    throw new SummaError("input.invalid", `${file}: no column is headed by a question of "${survey.slug}"`, {
      file,
      unmapped,
    });

  const now = new Date().toISOString();
  const responses = records.map((cells, r) => {
    const row = r + 2; // the header is row 1
    const answers: Answers = {};
    columns.forEach((q, i) => {
      if (!q) return;
      const answer = answerFor(q, cells[i] ?? "", `${file} row ${row}, column "${header[i]}"`);
      if (answer !== undefined) answers[q.id] = answer;
    });
    const stamp = stampColumn >= 0 ? (cells[stampColumn] ?? "") : "";
    const at = stamp ? formsTimestamp(stamp) : now;
    if (!at)
      throw new SummaError(
        "input.invalid",
        `${file} row ${row}, column "${header[stampColumn]}": "${stamp}" is not a Google Forms timestamp`,
      );
    return { answers, at };
  });
  await inTransaction(store, async (tx) => {
    for (const { answers, at } of responses)
      await insertSurveyResponse(tx.db, {
        survey_id: survey.id,
        subscriber_id: null,
        answers: JSON.stringify(answers),
        created_at: at,
        updated_at: at,
      });
  });
  return { slug: survey.slug, imported: responses.length, mapped, unmapped, unanswered };
}
