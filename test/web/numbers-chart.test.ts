import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { weeksBetween } from "../../src/stats/index.ts";
import { Chart, type ChartProps, chartSummary } from "../../src/web/charts/chart.tsx";
import { linearScale, niceTicks, thinLabels } from "../../src/web/charts/scale.ts";

const render = async (p: ChartProps) => String(await Chart(p).toString());
const xLabels = (html: string) =>
  [...html.matchAll(/<text class="chart-x" x="([\d.]+)"[^>]*>([^<]*)<\/text>/g)].map((m) => ({
    x: Number(m[1]),
    text: m[2]!,
  }));
/** Every figure is accessible the same way: a captioned figure, an SVG image with a title and a description, a captioned table. */
function assertAccessible(html: string, id: string) {
  assert.match(
    html,
    new RegExp(
      `<figure class="chart" id="${id}" aria-labelledby="${id}-caption"><figcaption id="${id}-caption">`,
    ),
  );
  assert.match(html, new RegExp(`<svg [^>]*role="img" aria-labelledby="${id}-title ${id}-desc"`));
  assert.match(html, new RegExp(`<title id="${id}-title">`));
  assert.match(html, new RegExp(`<desc id="${id}-desc">[^<]+</desc>`));
  assert.match(html, /<table><caption>[^<]+<\/caption><thead>/);
  assert.doesNotMatch(html, /<script/);
}

describe("charts drawn on the server", () => {
  test("no data: a figure that says so, in the picture and in the table", async () => {
    const html = await render({
      id: "c0",
      title: "Subscribers",
      kind: "line",
      labels: [],
      labelName: "Week",
      series: [{ name: "Net", values: [] }],
    });
    assertAccessible(html, "c0");
    assert.match(html, /<desc id="c0-desc">No data yet\.<\/desc>/);
    assert.match(html, />No data yet<\/text>/);
    assert.match(html, /<td colspan="2">No data yet\.<\/td>/);
    assert.doesNotMatch(html, /<path|<rect/);
  });

  test("one point: a bar even in a line chart (a line needs two), one table row", async () => {
    const html = await render({
      id: "c1",
      title: "One week",
      kind: "line",
      labels: ["2024-W23"],
      labelName: "Week",
      series: [{ name: "Net", values: [7] }],
    });
    assertAccessible(html, "c1");
    assert.equal(html.match(/<rect /g)?.length, 1);
    assert.deepEqual(
      xLabels(html).map((l) => l.text),
      ["2024-W23"],
    );
    assert.match(html, /<tr><th scope="row">2024-W23<\/th><td>7<\/td><\/tr>/);
    assert.match(html, /Week 2024-W23\. Net: highest 7 \(2024-W23\), last 7\./);
  });

  test("ten years of weeks: one path of 520+ points, labels thinned so none overlap, every week in the table", async () => {
    const weeks = weeksBetween("2015-W01", "2024-W52");
    assert.equal(weeks.length, 522);
    const values = weeks.map((_, i) => Math.round(1000 + 40 * i + 200 * Math.sin(i / 8)));
    const html = await render({
      id: "c520",
      title: "Ten years",
      kind: "line",
      labels: weeks,
      labelName: "Week",
      series: [{ name: "Net", values }],
    });
    assertAccessible(html, "c520");
    const path = /<path class="chart-line chart-series-0" d="([^"]+)"/.exec(html)![1]!;
    assert.equal(path.match(/[ML]/g)!.length, 522);
    const labels = xLabels(html);
    assert.ok(labels.length >= 5 && labels.length <= 10, `${labels.length} labels`);
    for (let i = 1; i < labels.length; i++)
      assert.ok(
        labels[i]!.x - labels[i - 1]!.x >= 63.9,
        `labels ${i - 1} and ${i} are ${labels[i]!.x - labels[i - 1]!.x}px apart`,
      );
    assert.equal(labels[0]!.text, "2015-W01");
    assert.equal(html.match(/<tr><th scope="row">/g)!.length, 522);
    // The y axis reaches past the highest value with round ticks.
    const ticks = [...html.matchAll(/<g class="chart-grid">.*?dy="0.32em"[^>]*>([^<]+)<\/text>/g)].map(
      (m) => m[1],
    );
    assert.ok(ticks.length >= 3 && ticks.length <= 12, ticks.join(" "));
    assert.match(
      chartSummary({ labels: weeks, labelName: "Week", series: [{ name: "Net", values }] }),
      /^522 points from 2015-W01 to 2024-W52\./,
    );
  });

  test("bars: several series side by side, a legend, text escaped", async () => {
    const html = await render({
      id: "cb",
      title: "Entries <by> year",
      kind: "bar",
      labels: ["2018", "<img src=x onerror=alert(1)>"],
      labelName: "Year",
      series: [
        { name: "Entries", values: [300, 0] },
        { name: "Highlights", values: [40, 0] },
      ],
    });
    assertAccessible(html, "cb");
    assert.equal(html.match(/<rect /g)!.length, 4);
    assert.match(html, /<ul class="chart-legend">/);
    assert.doesNotMatch(html, /<img/);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
  });

  test("the scale maths: round ticks, thinned labels", () => {
    assert.deepEqual(niceTicks(0, 7), { ticks: [0, 1, 2, 3, 4, 5, 6, 7], domain: [0, 7] });
    assert.deepEqual(niceTicks(0, 9), { ticks: [0, 2, 4, 6, 8, 10], domain: [0, 10] });
    assert.deepEqual(niceTicks(-3, 12).ticks, [-5, 0, 5, 10, 15]);
    assert.deepEqual(niceTicks(0, 23_456).ticks, [0, 5000, 10000, 15000, 20000, 25000]);
    assert.deepEqual(niceTicks(0, 0), { ticks: [0, 1], domain: [0, 1] });
    assert.deepEqual(niceTicks(0, 3).ticks, [0, 1, 2, 3], "counts step by whole numbers, never 0.5");
    assert.equal(linearScale([0, 10], [100, 0])(5), 50);
    assert.equal(linearScale([3, 3], [100, 0])(3), 100);
    assert.deepEqual(thinLabels(5, 500, 64), [0, 1, 2, 3, 4]);
    assert.deepEqual(thinLabels(0, 500, 64), []);
    assert.deepEqual(thinLabels(20, 100, 40), [0, 8, 16]);
  });
});
