import type { Command } from "commander";
import { SummaError } from "../../domain/errors.ts";
import {
  applySegments,
  type CrossTab,
  closeSurvey,
  createSurvey,
  crossTab,
  describeSegment,
  exportSurvey,
  getSurvey,
  importFormsResponses,
  listSurveys,
  parseColumnMapping,
  parseSegment,
  type QuestionResult,
  resultsOf,
  surveyResponses,
} from "../../surveys/index.ts";
import { readJsonFile } from "../args.ts";
import { withStore } from "../context.ts";
import { renderTable } from "../table.ts";

const percent = (count: number, of: number) => (of ? `${Math.round((count / of) * 100)}%` : "0%");

/** One question's results as lines of text (the terminal's counterpart of the desk's bars). */
function questionLines(q: QuestionResult, index: number): string {
  const lines = [`${index + 1}. ${q.text} [${q.kind}] ${q.answers} answer(s)`];
  for (const c of q.counts ?? []) lines.push(`   ${c.option}: ${c.count} (${percent(c.count, q.answers)})`);
  for (const o of q.other ?? []) lines.push(`   Other: ${o.replace(/\s+/g, " ")}`);
  if (q.distribution) {
    for (const d of q.distribution) lines.push(`   ${d.value}: ${d.count}`);
    lines.push(`   mean ${q.mean ?? "-"}, median ${q.median ?? "-"}`);
  }
  for (const t of q.texts ?? []) lines.push(`   - ${t.replace(/\s+/g, " ")}`);
  return lines.join("\n");
}

/** `summa survey create|list|results|export|close`: reader surveys from the command line. */
export function registerSurvey(program: Command): void {
  const survey = program
    .command("survey")
    .description("reader surveys: create, list, results, export, close");
  survey
    .command("create")
    .description(
      "create a survey from a JSON file (slug, title, intro, anonymity, opens_at, closes_at, questions); prints its slug",
    )
    .argument("<file>")
    .action(async (file: string, _opts, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson }) => {
        const data = await readJsonFile(file, "survey.invalid");
        const created = await createSurvey(store, data, file);
        if (json) return printJson({ slug: created.slug, minutes: created.minutes });
        out(`${created.slug}\n`);
      }),
    );
  survey
    .command("list")
    .description("every survey: its state, anonymity, estimated minutes and responses")
    .action(async (_opts, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson, width }) => {
        const all = await listSurveys(store);
        if (json)
          return printJson(
            all.map((s) => ({
              slug: s.slug,
              title: s.title,
              state: s.state,
              anonymity: s.anonymity,
              minutes: s.minutes,
              questions: s.questions.length,
              responses: s.responses,
              opens_at: s.opensAt,
              closes_at: s.closesAt,
              closed_at: s.closedAt,
            })),
          );
        if (all.length === 0) return out("No surveys yet (summa survey create FILE.json).\n");
        out(
          `${renderTable(
            all,
            [
              { header: "slug", value: (s) => s.slug },
              { header: "state", value: (s) => s.state },
              { header: "anonymity", value: (s) => s.anonymity },
              { header: "min", value: (s) => String(s.minutes), align: "right" },
              { header: "responses", value: (s) => String(s.responses), align: "right" },
              { header: "title", value: (s) => s.title, flex: true },
            ],
            width,
          )}\n`,
        );
      }),
    );
  survey
    .command("results")
    .description(
      "per question: its text, kind, the number of answers, counts per option or the scale's distribution",
    )
    .argument("<slug>")
    .option(
      "--where <segment>",
      "only some responses: QUESTION=OPTION (a choice or scale answer), and for linked surveys edition=full|highlights, since=YYYY-MM-DD or before=YYYY-MM-DD (when the reader subscribed); repeat to combine",
      (value: string, all: string[] = []) => [...all, value],
    )
    .option("--cross <a,b>", "also a cross-tab of two choice or scale questions (rows a, columns b)")
    .action(async (slug: string, opts: { where?: string[]; cross?: string }, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson, width }) => {
        const survey = await getSurvey(store, slug);
        const segments = (opts.where ?? []).map((w) => parseSegment(survey, w));
        const responses = applySegments(survey, await surveyResponses(store, survey), segments);
        const [a, b] = (opts.cross ?? "").split(",").map((x) => x.trim());
        if (opts.cross && (!a || !b))
          throw new SummaError("input.invalid", `--cross takes two question ids, A,B`);
        const cross = a && b ? crossTab(survey, responses, a, b) : undefined;
        const results = resultsOf(survey, responses);
        const where = segments.map((s) => ({ ...s, text: describeSegment(survey, s) }));
        if (json) return printJson(cross ? { ...results, where, crossTab: cross } : { ...results, where });
        const only = where.length ? ` where ${where.map((w) => w.text).join(" and ")}` : "";
        out(`${results.title} (${results.slug}): ${results.responses} response(s)${only}\n\n`);
        out(`${results.questions.map(questionLines).join("\n\n")}\n`);
        if (cross) out(`\n${crossTabLines(cross, width)}\n`);
      }),
    );
  survey
    .command("export")
    .description("write the raw responses to FILE.csv or FILE.json (no subscriber is ever named)")
    .argument("<slug>")
    .argument("<file>", "ends in .csv or .json")
    .action(async (slug: string, file: string, _opts, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson }) => {
        const count = await exportSurvey(store, slug, file);
        if (json) return printJson({ file, responses: count });
        out(`${file}: ${count} response(s)\n`);
      }),
    );
  survey
    .command("close")
    .description("close a survey now: it takes no more responses")
    .argument("<slug>")
    .action(async (slug: string, _opts, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson }) => {
        const closed = await closeSurvey(store, slug);
        if (json) return printJson({ slug: closed.slug, closed_at: closed.closedAt });
        out(`${closed.slug} closed at ${closed.closedAt}\n`);
      }),
    );
  survey
    .command("import")
    .description(
      "read a Google Forms responses CSV into a survey: columns matched to questions by their text, the rest reported",
    )
    .argument("<slug>")
    .argument("<file>")
    .option(
      "--map <column=question>",
      'map a column to a question by hand ("Column header=question id"; an empty id leaves it out); repeat for several',
      (value: string, all: string[] = []) => [...all, value],
    )
    .action(async (slug: string, file: string, opts: { map?: string[] }, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson }) => {
        const report = await importFormsResponses(store, slug, file, parseColumnMapping(opts.map ?? []));
        if (json) return printJson(report);
        out(`Imported ${report.imported} responses into ${report.slug}.\n`);
        for (const m of report.mapped) out(`  "${m.column}" -> ${m.question}\n`);
        if (report.unmapped.length)
          out(
            `Columns matching no question (left out): ${report.unmapped.map((c) => `"${c}"`).join(", ")}\n`,
          );
        if (report.unanswered.length) out(`Questions no column answers: ${report.unanswered.join(", ")}\n`);
      }),
    );
}

/** A cross-tab as text: one line per row option, a count per column option. */
function crossTabLines(t: CrossTab, width: number | undefined): string {
  const rows = t.rows.options.map((o, i) => [o, ...t.counts[i]!.map(String)]);
  return `${t.rows.text} (rows) by ${t.columns.text} (columns), ${t.answeredBoth} answered both:\n${renderTable(
    rows,
    [
      { header: "", value: (r: string[]) => r[0]!, flex: true },
      ...t.columns.options.map((o, j) => ({
        header: o,
        value: (r: string[]) => r[j + 1]!,
        align: "right" as const,
      })),
    ],
    width,
  )}`;
}
