import assert from "node:assert/strict";

/** A complete, valid entry form (what a browser sends when every field is filled). */
export function entryForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    title: "Learning to summarize from human feedback",
    url: "https://arxiv.org/abs/2009.01325",
    authors: "Nisan Stiennon*, Long Ouyang*, Paul Christiano",
    authorsDisplay: "",
    venue: "NeurIPS",
    venueUrl: "https://neurips.cc",
    year: "2020",
    category: "Learning human intent",
    hatTip: "Daniel",
    summarizers: "",
    summary: "They train a reward model on **human comparisons**.",
    opinion: "Good *work*.",
    prerequisites: "Deep RL from human preferences",
    prerequisitesUrl: "https://arxiv.org/abs/1706.03741",
    readMore: "The blog post",
    readMoreUrl: "https://openai.com/blog/learning-to-summarize-with-human-feedback/",
    status: "draft",
    // These tests save one paper many times: past the duplicate warning (desk-entry-fill.test.ts tests it).
    action: "save-anyway",
    ...overrides,
  };
}

/** The id in a "saved" redirect to /desk/entries/ID/edit?saved=1. */
export function savedId(res: Response): number {
  assert.equal(res.status, 303);
  const m = /^\/desk\/entries\/(\d+)\/edit\?saved=1$/.exec(res.headers.get("location") ?? "");
  assert.ok(m, `unexpected redirect ${res.headers.get("location")}`);
  return Number(m[1]);
}
