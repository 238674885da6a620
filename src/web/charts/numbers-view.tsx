import { NUMBERS_BLOCK_LABELS, type NumbersBlock } from "../../domain/numbers-blocks.ts";
import { type ContentFigures, type CsvTable, type Numbers, toCsv } from "../../stats/index.ts";
import { Chart } from "./chart.tsx";

/** Which CSV table belongs to which block: a table is offered only with its block. */
export function tableBlock(name: string): NumbersBlock | null {
  if (name.startsWith("content-")) return "issues";
  if (name.startsWith("summarizers-")) return "summarizers";
  if (name.startsWith("categories-")) return "sections";
  if (name.startsWith("venues-")) return "venues";
  if (name.startsWith("cited-")) return "cited";
  if (name === "subscribers-weekly") return "subscribers";
  if (name === "sends") return "sends";
  return null;
}

/** The periods a page shows: the calendar years when issues are dated, else runs of 52 issues. */
function periodsOf(
  n: Numbers,
  prefix: string,
): { name: string; periods: ContentFigures[]; label: (p: ContentFigures) => string } {
  const dated = n.retrospective.byYear.filter((p) => p.period !== "undated");
  if (dated.length) return { name: "Year", periods: n.retrospective.byYear, label: (p) => p.period };
  return {
    name: "Issues",
    periods: n.retrospective.byVolume,
    label: (p) => `${prefix ? `${prefix} ` : ""}#${p.firstIssue}-#${p.lastIssue}`,
  };
}

const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
const num = (v: number | null) => (v === null ? "-" : v.toLocaleString("en"));

function Downloads({ tables, block, base }: { tables: CsvTable[]; block: NumbersBlock; base: string }) {
  const mine = tables.filter((t) => tableBlock(t.name) === block);
  if (!mine.length) return null;
  return (
    <p class="numbers-downloads">
      CSV:{" "}
      {mine.map((t, i) => (
        <>
          {i ? ", " : ""}
          <a href={`${base}/${t.name}.csv`} download>
            {t.name}
          </a>
        </>
      ))}
    </p>
  );
}

function Ranking({
  caption,
  rows,
  of,
}: {
  caption: string;
  rows: { name: string; entries: number }[];
  of: string;
}) {
  return (
    <table class="numbers-ranking">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{of}</th>
          <th scope="col">Entries</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr>
            <th scope="row">{r.name}</th>
            <td>{r.entries.toLocaleString("en")}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The numbers' blocks, in order, each a section with a chart and its table, or a table: the
 * desk shows them all, the public page the ones the editor made public. `csvBase` is where
 * each block's CSV files are downloaded from.
 */
export function NumbersBlocks(p: {
  numbers: Numbers;
  blocks: readonly NumbersBlock[];
  tables: CsvTable[];
  csvBase: string;
  prefix: string;
}) {
  const n = p.numbers;
  const o = n.retrospective.overall;
  const { name, periods, label } = periodsOf(n, p.prefix);
  const labels = periods.map(label);
  const section = (block: NumbersBlock, body: unknown) => (
    <section class="numbers-block" id={`numbers-${block}`} aria-labelledby={`numbers-${block}-heading`}>
      <h2 id={`numbers-${block}-heading`}>{NUMBERS_BLOCK_LABELS[block]}</h2>
      {body}
      <Downloads tables={p.tables} block={block} base={p.csvBase} />
    </section>
  );
  const render: Record<NumbersBlock, () => unknown> = {
    issues: () =>
      section(
        "issues",
        <>
          <p>
            {o.issues.toLocaleString("en")} issues, {o.entries.toLocaleString("en")} entries (
            {o.summarized.toLocaleString("en")} with a summary), {o.wordsSummarized.toLocaleString("en")}{" "}
            words of summaries and {o.opinionWords.toLocaleString("en")} of opinions (words summarized count
            summaries only); {o.highlights.toLocaleString("en")} highlights ({pct(o.highlightsShare)}).
          </p>
          <Chart
            id="chart-entries"
            title={`Entries and highlights by ${name.toLowerCase()}`}
            kind="bar"
            labelName={name}
            labels={labels}
            series={[
              { name: "Entries", values: periods.map((x) => x.entries) },
              { name: "Highlights", values: periods.map((x) => x.highlights) },
            ]}
          />
          <Chart
            id="chart-words"
            title={`Words of summaries by ${name.toLowerCase()}`}
            kind="bar"
            labelName={name}
            labels={labels}
            series={[{ name: "Summary words", values: periods.map((x) => x.wordsSummarized) }]}
          />
        </>,
      ),
    summarizers: () =>
      section(
        "summarizers",
        <Ranking caption="Entries credited to each summarizer" of="Summarizer" rows={o.summarizers} />,
      ),
    sections: () =>
      section(
        "sections",
        <>
          <Ranking caption="Entries by section" of="Section" rows={o.sections} />
          <table class="numbers-ranking">
            <caption>Entries by section and {name.toLowerCase()}</caption>
            <thead>
              <tr>
                <th scope="col">Section</th>
                {labels.map((l) => (
                  <th scope="col">{l}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {o.sections.map((s) => (
                <tr>
                  <th scope="row">{s.name}</th>
                  {periods.map((x) => (
                    <td>{(x.sections.find((y) => y.name === s.name)?.entries ?? 0).toLocaleString("en")}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <Ranking caption="Entries by category" of="Category" rows={o.categories} />
        </>,
      ),
    venues: () =>
      section(
        "venues",
        <Ranking caption="The 20 venues with most entries" of="Venue" rows={o.venues.slice(0, 20)} />,
      ),
    lengths: () =>
      section(
        "lengths",
        <table class="numbers-ranking">
          <caption>Median length in words, by {name.toLowerCase()}</caption>
          <thead>
            <tr>
              <th scope="col">{name}</th>
              <th scope="col">Summary</th>
              <th scope="col">Opinion</th>
            </tr>
          </thead>
          <tbody>
            {[...periods, o].map((x) => (
              <tr>
                <th scope="row">{x === o ? "All" : label(x)}</th>
                <td>{num(x.medianSummaryWords)}</td>
                <td>{num(x.medianOpinionWords)}</td>
              </tr>
            ))}
          </tbody>
        </table>,
      ),
    cited: () =>
      section(
        "cited",
        <table class="numbers-ranking">
          <caption>The entries cited most by later entries</caption>
          <thead>
            <tr>
              <th scope="col">Entry</th>
              <th scope="col">Issue</th>
              <th scope="col">Cited by</th>
            </tr>
          </thead>
          <tbody>
            {o.mostCited.map((c) => (
              <tr>
                <th scope="row">{c.title}</th>
                <td>
                  <a href={`/issues/${c.issueNumber}`}>#{c.issueNumber}</a>
                </td>
                <td>{c.citations}</td>
              </tr>
            ))}
          </tbody>
        </table>,
      ),
    subscribers: () => {
      const s = n.subscribers;
      if (!s) return null;
      return section(
        "subscribers",
        <>
          <p>
            {s.totals.net.toLocaleString("en")} on the list: {s.totals.confirmed.toLocaleString("en")}{" "}
            confirmed, {s.totals.unsubscribed.toLocaleString("en")} unsubscribed,{" "}
            {s.totals.bounced.toLocaleString("en")} bounced, {s.totals.complained.toLocaleString("en")}{" "}
            complained
            {s.undated.confirmed + s.undated.unsubscribed + s.undated.bounced + s.undated.complained
              ? ` (of which ${s.undated.confirmed} joins and ${s.undated.unsubscribed + s.undated.bounced + s.undated.complained} departures have no date and are not in the weeks)`
              : ""}
            . Weeks are ISO weeks in UTC.
          </p>
          <Chart
            id="chart-list"
            title="Subscribers on the list, by week"
            kind="line"
            labelName="Week"
            labels={s.weeks.map((w) => w.week)}
            series={[{ name: "On the list", values: s.weeks.map((w) => w.net) }]}
            longTable
          />
          <Chart
            id="chart-flows"
            title="Joins and departures, by week"
            kind="line"
            labelName="Week"
            labels={s.weeks.map((w) => w.week)}
            series={[
              { name: "Confirmed", values: s.weeks.map((w) => w.confirmed) },
              { name: "Unsubscribed", values: s.weeks.map((w) => w.unsubscribed) },
              { name: "Bounced", values: s.weeks.map((w) => w.bounced) },
              { name: "Complained", values: s.weeks.map((w) => w.complained) },
            ]}
            longTable
          />
        </>,
      );
    },
    sends: () => {
      const sends = n.sends;
      if (!sends) return null;
      return section(
        "sends",
        <Chart
          id="chart-sends"
          title="Each send: delivered, bounced, complaints and unsubscribes"
          kind="bar"
          labelName="Issue"
          labels={sends.map((s) => `#${s.issueNumber}`)}
          series={[
            { name: "Sent", values: sends.map((s) => s.sent) },
            { name: "Failed", values: sends.map((s) => s.failed) },
            { name: "Bounced", values: sends.map((s) => s.bounced) },
            { name: "Complaints", values: sends.map((s) => s.complaints) },
            { name: "Unsubscribes", values: sends.map((s) => s.unsubscribes) },
          ]}
          longTable={sends.length > 20}
        />,
      );
    },
  };
  return <>{p.blocks.map((b) => render[b]())}</>;
}

/** A table as a CSV download. */
export function csvResponse(table: CsvTable): Response {
  return new Response(toCsv(table), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${table.name}.csv"`,
    },
  });
}
