import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, test } from "node:test";
import {
  IssueSubjectSources,
  slugTokens,
  subjectFromIssueUrl,
  subjectSlugWords,
} from "../../src/formats/import/index.ts";
import { anDataFile, needAnData } from "../helpers/env.ts";

const MC = "https://mailchi.mp/083a96caafb4";

describe("the subject an issue's address holds", () => {
  test("a slug after an-N holds words; a bare, foreign or mismatched one holds none", () => {
    assert.deepEqual(subjectSlugWords(`${MC}/an-171-disagreements-between-optimists`, 171), [
      "disagreements",
      "between",
      "optimists",
    ]);
    // The number glued to the first word, as about 60 of AN's are.
    assert.deepEqual(subjectSlugWords(`${MC}/an-62are-adversarial-examples?e=f665c7b50a`, 62), [
      "are",
      "adversarial",
      "examples",
    ]);
    // A subject starting with a number stays whole: the issue's own number is what is cut.
    assert.deepEqual(subjectSlugWords(`${MC}/an-100what-might-go-wrong`, 100), [
      "what",
      "might",
      "go",
      "wrong",
    ]);
    assert.equal(subjectSlugWords(`${MC}/alignment-newsletter-49`, 49), null);
    assert.equal(subjectSlugWords(`${MC}/4da2bu7tjd`, 87), null);
    assert.equal(subjectSlugWords(`${MC}/an-1710-x`, 171), null, "another issue's number");
    assert.equal(subjectSlugWords(`${MC}/an-17-subject`, 171), null);
    assert.equal(subjectSlugWords("not a url", 1), null);
    assert.equal(subjectSlugWords(`${MC}/an-5-2019`, 5), null, "no word in it");
  });

  test("capitals and marks come back from the issue's own words, only where they say something", () => {
    const subject = (slug: string, titles: string[], texts: string[] = []) =>
      subjectFromIssueUrl(`${MC}/an-7-${slug}`, 7, { titles, texts });
    // Acronyms and camel case from a Title Case title; its other capitals say nothing.
    assert.equal(
      subject("how-openai-five-used-gpt-3-for-ai-safety", [
        "How OpenAI Five Used GPT-3 for AI Safety Research",
      ]),
      "How OpenAI five used GPT-3 for AI safety",
    );
    // A name capitalised mid-sentence in prose; a word written lowercase stays so.
    assert.equal(
      subject(
        "a-minecraft-benchmark",
        ["Learning from Play"],
        ["We build on Minecraft, a game. A benchmark is"],
      ),
      "A Minecraft benchmark",
    );
    // "AN #42" in a summary does not make the article "an" an acronym.
    assert.equal(
      subject(
        "avert-an-existential-catastrophe",
        [],
        ["As in AN #42, an agent can avert an existential risk."],
      ),
      "Avert an existential catastrophe",
    );
    // Marks: a slash and an apostrophe the slug dropped; "I" alone; a possessive of a name.
    assert.equal(
      subject(
        "buck-and-i-discussargue-about-russells-book",
        [],
        ["We discuss/argue here.", "By Stuart Russell."],
      ),
      "Buck and I discuss/argue about Russell's book",
    );
    // A hyphenated spelling only when it is written hyphenated more often than apart.
    assert.equal(
      subject("deep-rl-and-goal-directed-agents", [], ["Deep RL with deep RL and goal-directed agents"]),
      "Deep RL and goal-directed agents",
    );
    // Unknown words stay as the slug has them.
    assert.equal(subject("zyx-qwv", []), "Zyx qwv");
  });

  test("an import's collector reads each issue against the sheet's spellings", () => {
    const sources = new IssueSubjectSources();
    sources.add(1, `${MC}/alignment-newsletter-1`, { title: "A", texts: [] });
    sources.add(2, `${MC}/an-2-what-ai-needs`, { title: "Something", texts: ["about needs"] });
    sources.add(3, `${MC}/an-3-openai-and-russells-book`, { title: "x", texts: [] });
    sources.add(4, "", { title: "Notes by OpenAI, and Stuart Russell on AI", texts: [] });
    sources.add(5, `${MC}/an-5-x`, { title: "Y", texts: ["Work by Stuart Russell at OpenAI."] });
    const subjects = sources.subjects();
    assert.deepEqual([...subjects.keys()].sort(), [2, 3, 5]);
    assert.equal(subjects.get(2), "What ai needs", "no issue with a slug writes AI");
    assert.equal(subjects.get(3), "OpenAI and Russell's book", "spelled as issue 5 writes them");
  });
});

interface JsonRow {
  title: string;
  summary: string;
  opinion: string;
  issue_number: number | null;
  issue_url: string;
}

test("on every real AN slug: 116 of 170 issues get a subject, each the slug's own words", {
  skip: needAnData(),
}, async () => {
  const rows = JSON.parse(await readFile(anDataFile("an-database-2022.json"), "utf8")) as JsonRow[];
  const sources = new IssueSubjectSources();
  const urls = new Map<number, string>();
  for (const r of rows) {
    if (r.issue_number === null) continue;
    if (r.issue_url && !urls.has(r.issue_number)) urls.set(r.issue_number, r.issue_url);
    sources.add(r.issue_number, r.issue_url, { title: r.title, texts: [r.summary, r.opinion] });
  }
  const subjects = sources.subjects();
  assert.equal(urls.size, 170);
  const bare = [...urls]
    .sort((a, b) => a[0] - b[0])
    .filter(([n, u]) => !subjectSlugWords(u, n))
    .map(([n]) => n);
  console.log(`# ${subjects.size} of ${urls.size} issues get a subject; ${bare.length} addresses hold none`);
  assert.equal(subjects.size, 116);
  // AN #1-#53 are `alignment-newsletter-N`; #87's address is a campaign id.
  assert.deepEqual(bare, [...Array.from({ length: 53 }, (_, i) => i + 1), 87]);
  let glued = 0;
  for (const [n, subject] of subjects) {
    // Nothing added, nothing lost: the subject, slugged again, is the slug.
    assert.deepEqual(slugTokens(subject), subjectSlugWords(urls.get(n)!, n), `AN #${n}: ${subject}`);
    assert.match(subject, /^[\p{Lu}\d]/u, `AN #${n} starts with a capital`);
    if (/\/an-\d+[a-z]/.test(urls.get(n)!)) glued++;
  }
  console.log(`# ${glued} slugs glue the number to the first word`);
  assert.ok(glued >= 55, `${glued} glued`);
  // Spot checks, read against the slugs and the issues' entries by hand.
  const expected: Record<number, string> = {
    171: "Disagreements between alignment optimists and pessimists",
    62: "Are adversarial examples caused by real but imperceptible features",
    69: "Stuart Russell's new book on why we need to replace the standard model of AI",
    82: "How OpenAI Five distributed their training computation",
    83: "Sample efficient deep learning with ReMixMatch",
    96: "Buck and I discussargue about AI alignment",
    102: "Meta-learning by GPT-3 and a list of full proposals for AI alignment",
    103: "ARCHES an agenda for existential safety and combining natural language with deep RL",
    117: "How neural nets would fare under the TEVV framework",
    136: "How well will GPT-N perform on downstream tasks",
    146: "Plausible stories of how we might fail to avert an existential catastrophe",
    155: "A Minecraft benchmark for algorithms that learn without reward functions",
    157: "Measuring misalignment in the technology underlying Copilot",
    160: "Building AIs that learn and think like people",
    170: "Analyzing the argument for risk from power-seeking AI",
  };
  for (const [n, subject] of Object.entries(expected))
    assert.equal(subjects.get(Number(n)), subject, `AN #${n}`);
});
