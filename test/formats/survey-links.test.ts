import assert from "node:assert/strict";
import { test } from "node:test";
import { applySurveyLinks, findSurveySlugs } from "../../src/formats/render/survey-links.ts";
import { issueEntry, issueView } from "../helpers/issue-view.ts";

test("{{survey:SLUG}} in any entry field (summary, opinion, prerequisites, read more) and the intro becomes its URL; unknown ones are named by entry and field", () => {
  const entry = issueEntry({
    title: "A paper",
    summary: "Take [the survey]({{survey:retro}}).",
    opinion: "Or {{survey:retro}}.",
    prerequisites: "{{survey:gone}}",
    readMore: "{{survey:retro}}",
    highlight: true,
  });
  const view = issueView([entry], { intro: "Intro {{survey:retro}}" });
  const urls = new Map([["retro", "https://news.example.org/surveys/retro"]]);
  const out = applySurveyLinks(view, urls);
  assert.equal(out.intro, "Intro https://news.example.org/surveys/retro");
  const e = out.highlights[0]!;
  assert.equal(e.summary, "Take [the survey](https://news.example.org/surveys/retro).");
  assert.equal(e.opinion, "Or https://news.example.org/surveys/retro.");
  assert.equal(e.readMore, "https://news.example.org/surveys/retro");
  assert.equal(e.prerequisites, "{{survey:gone}}", "an unknown slug stays as written");
  assert.deepEqual(out.unknownSurveys, [{ entryId: entry.id, field: "prerequisites", slug: "gone" }]);
  assert.deepEqual(findSurveySlugs(["{{survey:a}} {{survey:b}}", "{{survey:a}} {{survey:Bad}}"]), ["a", "b"]);
});
