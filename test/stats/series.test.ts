import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  csvCell,
  isoWeek,
  type SubscriberTimes,
  subscriberSeries,
  toCsv,
  weekStart,
  weeksBetween,
} from "../../src/stats/index.ts";

const row = (over: Partial<SubscriberTimes>): SubscriberTimes => ({
  status: "active",
  confirmedAt: null,
  consentAt: null,
  unsubscribedAt: null,
  suppressedAt: null,
  suppressedReason: "",
  ...over,
});

describe("ISO weeks (UTC)", () => {
  test("a week belongs to the year of its Thursday, and starts on Monday", () => {
    assert.equal(isoWeek("2020-12-31T23:59:59Z"), "2020-W53");
    assert.equal(isoWeek("2021-01-03T12:00:00Z"), "2020-W53");
    assert.equal(isoWeek("2021-01-04T00:00:00Z"), "2021-W01");
    assert.equal(isoWeek("2024-06-03T08:00:00.000Z"), "2024-W23");
    assert.equal(isoWeek("2019-12-30T00:00:00Z"), "2020-W01");
    // A time east of UTC is counted by its UTC day: Sunday 23:30 in Berlin is Sunday 21:30 UTC.
    assert.equal(isoWeek("2024-06-09T23:30:00+02:00"), "2024-W23");
    assert.equal(isoWeek("not a time"), undefined);
    assert.equal(weekStart("2020-W53"), "2020-12-28");
    assert.equal(weekStart("2024-W01"), "2024-01-01");
    assert.deepEqual(weeksBetween("2020-W52", "2021-W02"), ["2020-W52", "2020-W53", "2021-W01", "2021-W02"]);
    assert.equal(weeksBetween("2015-W01", "2024-W52").length, 522);
  });
});

describe("the weekly subscriber series", () => {
  const rows: SubscriberTimes[] = [
    // Joined in W23 (confirmation time wins over the opt-in time).
    row({ confirmedAt: "2024-06-04T10:00:00Z", consentAt: "2024-05-01T00:00:00Z" }),
    // An imported opt-in time only: joined in W23 too.
    row({ status: "paused", consentAt: "2024-06-05T10:00:00Z" }),
    // Joined W23, unsubscribed W25.
    row({
      status: "unsubscribed",
      confirmedAt: "2024-06-06T00:00:00Z",
      unsubscribedAt: "2024-06-18T00:00:00Z",
    }),
    // Joined W24, hard bounce W25; joined W24, complaint W25.
    row({
      status: "suppressed",
      confirmedAt: "2024-06-10T00:00:00Z",
      suppressedAt: "2024-06-19T00:00:00Z",
      suppressedReason: "hard bounce: 550 user unknown",
    }),
    row({
      status: "suppressed",
      confirmedAt: "2024-06-11T00:00:00Z",
      suppressedAt: "2024-06-20T00:00:00Z",
      suppressedReason: "complaint",
    }),
    // Pending: never on the list.
    row({ status: "pending", consentAt: "2024-06-04T00:00:00Z" }),
    // Suppressed before suppressed_at was kept: its departure is undated.
    row({
      status: "suppressed",
      confirmedAt: "2024-06-12T00:00:00Z",
      suppressedReason: "3 soft bounces in a row",
    }),
  ];

  test("counts joins and departures by week, with the running size of the list", () => {
    const s = subscriberSeries(rows, { until: "2024-07-01T00:00:00Z" });
    assert.deepEqual(
      s.weeks.map((w) => [w.week, w.start, w.confirmed, w.unsubscribed, w.bounced, w.complained, w.net]),
      [
        ["2024-W23", "2024-06-03", 3, 0, 0, 0, 3],
        ["2024-W24", "2024-06-10", 3, 0, 0, 0, 6],
        ["2024-W25", "2024-06-17", 0, 1, 1, 1, 3],
        ["2024-W26", "2024-06-24", 0, 0, 0, 0, 3],
        ["2024-W27", "2024-07-01", 0, 0, 0, 0, 3],
      ],
    );
    assert.deepEqual(s.totals, { confirmed: 6, unsubscribed: 1, bounced: 2, complained: 1, net: 2 });
    assert.deepEqual(s.undated, { confirmed: 0, unsubscribed: 0, bounced: 1, complained: 0 });
    // The list now (active + paused) = the last week's net less the undated departures.
    assert.equal(s.totals.net, s.weeks.at(-1)!.net - s.undated.bounced);
    const sum = (k: "confirmed" | "unsubscribed" | "bounced" | "complained") =>
      s.weeks.reduce((n, w) => n + w[k], 0) + s.undated[k];
    assert.deepEqual(
      [sum("confirmed"), sum("unsubscribed"), sum("bounced"), sum("complained")],
      [6, 1, 2, 1],
    );
  });

  test("no rows: no weeks; a year keeps only its ISO weeks", () => {
    assert.deepEqual(subscriberSeries([]), {
      weeks: [],
      totals: { confirmed: 0, unsubscribed: 0, bounced: 0, complained: 0, net: 0 },
      undated: { confirmed: 0, unsubscribed: 0, bounced: 0, complained: 0 },
    });
    const s = subscriberSeries(
      [row({ confirmedAt: "2020-12-30T00:00:00Z" }), row({ confirmedAt: "2021-01-05T00:00:00Z" })],
      { year: 2021 },
    );
    assert.deepEqual(
      s.weeks.map((w) => [w.week, w.net]),
      [["2021-W01", 2]],
      "2020-12-30 is in 2020-W53; the net still counts it",
    );
  });
});

describe("CSV cells", () => {
  test("formulas are defused, numbers stay numbers, quoting is RFC 4180", () => {
    assert.equal(csvCell('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
    assert.equal(csvCell("+1"), "'+1");
    assert.equal(csvCell("@SUM(A1)"), "'@SUM(A1)");
    assert.equal(csvCell("-2"), "'-2");
    assert.equal(csvCell(-2), "-2");
    assert.equal(csvCell("a, b"), '"a, b"');
    assert.equal(csvCell(null), "");
    assert.equal(toCsv({ name: "t", header: ["a", "b"], rows: [[1, "x"]] }), "a,b\r\n1,x\r\n");
  });
});
