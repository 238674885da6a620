import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Taxonomy } from "../../src/domain/taxonomy.ts";
import { abbreviates, plausibleAuthors } from "../../src/formats/parse/flat-anchors.ts";
import { parseFlatText } from "../../src/formats/parse/flat-text.ts";
import { knownTitles, parseIssue } from "../../src/formats/parse/index.ts";
import { PER_INPUT_LIMIT_MS } from "../fuzz/rules.ts";
import { TEST_NEWSLETTER } from "../helpers/issue-view.ts";
import { within } from "../helpers/timing.ts";

/**
 * The flattened reader segments the whole issue at once (flat-segment.ts): each case is a
 * misreading a reader that decides title by title made, one reading cascading into the rest.
 */
const TAXONOMY: Taxonomy = [
  { name: "Technical AI alignment", categories: ["Field building", "Learning human intent"] },
  { name: "AI strategy and policy", categories: ["AI governance"] },
  { name: "Other progress in AI", categories: ["Deep learning"] },
  { name: "News", categories: ["News"] },
];
const read = (text: string, known?: string[], taxonomy: Taxonomy = TAXONOMY) =>
  parseIssue(`Find all resources here . ${text}`, taxonomy, TEST_NEWSLETTER, {
    knownTitles: known ? knownTitles(known) : undefined,
  });
const rows = (text: string, known?: string[]) =>
  read(text, known).entries.map((e) => [e.title, e.authors, e.category, e.readMore]);

describe("flattened issues segmented as a whole", () => {
  test("a heading's words at the start of a title do not file the rest of the issue under it", () => {
    assert.deepEqual(
      rows(
        "Technical AI alignment Field building AI Governance Career Paths for Europeans (Ann Bee) : Apply now. " +
          "Other progress in AI Deep learning A Paper (Cy Dee) : It works.",
      ),
      [
        ["AI Governance Career Paths for Europeans", "Ann Bee", "Field building", ""],
        ["A Paper", "Cy Dee", "Deep learning", ""],
      ],
    );
  });

  test('"News News" is the section and its category, and a title without authors may follow', () => {
    assert.deepEqual(
      rows(
        "Other progress in AI Deep learning A Paper (Cy Dee) : It works. Read more: Logic Tensor Networks , The Bitter Lesson " +
          "News News DPhil Scholarships Applications Open",
      ),
      [
        ["A Paper", "Cy Dee", "Deep learning", "Logic Tensor Networks , The Bitter Lesson"],
        ["DPhil Scholarships Applications Open", "", "News", ""],
      ],
    );
  });

  test("a Read more without a full stop ends where a word in lower case meets a capital", () => {
    assert.deepEqual(
      rows(
        "Deep learning A Paper (Cy Dee) : It works. Read more: Github repo Self-training with Noisy Student (Qizhe Xie et al) : It also works.",
      ).map((r) => [r[0], r[3]]),
      [
        ["A Paper", "Github repo"],
        ["Self-training with Noisy Student", ""],
      ],
    );
  });

  test("a title may open with a short question; prose before a title does not join it", () => {
    const titles = (text: string) => read(text).entries.map((e) => e.title);
    assert.deepEqual(
      titles(
        "Deep learning A Paper (Cy Dee) : See this comment . Deep limitations? Examining expert disagreement (Carla Cremer) : Survey.",
      ),
      ["A Paper", "Deep limitations? Examining expert disagreement"],
    );
    assert.deepEqual(
      titles(
        "Deep learning A Paper (Cy Dee) : Read the retrospective and tell me your opinions in the comments! Are Networks Overfitted? (Lil Weng) : No.",
      ),
      ["A Paper", "Are Networks Overfitted?"],
    );
  });

  test("a link-only entry may have a Prerequisites line; the next heading still counts", () => {
    assert.deepEqual(
      rows(
        "Technical AI alignment Learning human intent Voting Theory (Jam Quinn) Prerequisites: A voting primer " +
          "AI strategy and policy AI governance Game Changers (Sub Committee)",
      ),
      [
        ["Voting Theory", "Jam Quinn", "Learning human intent", ""],
        ["Game Changers", "Sub Committee", "AI governance", ""],
      ],
    );
  });

  test("titles the archive knows anchor an ambiguous reading", () => {
    const text =
      "Deep learning A Paper (Cy Dee) : It works. Read more: Concrete Problems in AI Safety Mechanistic Transparency for Machine Learning (Chris Olah) : Circuits.";
    const known = ["Mechanistic Transparency for Machine Learning"];
    assert.deepEqual(
      rows(text, known).map((r) => [r[0], r[3]]),
      [
        ["A Paper", "Concrete Problems in AI Safety"],
        ["Mechanistic Transparency for Machine Learning", ""],
      ],
    );
    // Markdown links and case in the archive's titles do not matter.
    assert.equal(
      read(text, ["[Mechanistic transparency](https://x.org) for Machine Learning"]).entries[1]!.title,
      "Mechanistic Transparency for Machine Learning",
    );
  });

  test("a colon in prose is no header: the text after it in lower case, a sentence for a title, an abbreviation for authors", () => {
    const titles = (text: string) => read(text).entries.map((e) => e.title);
    assert.deepEqual(
      titles(
        "Deep learning A Paper (Cy Dee): Models are graphs. However, consider the following Cool Fact: for some models you can recover the graph. " +
          "Thus, we need Causal Influence Diagrams (CIDs): They are formal. Another Paper (Ed Fay): It works.",
      ),
      ["A Paper", "Another Paper"],
    );
  });

  test("a Read more list runs into the next title: no one-word title, no title inside a heading's name, none after 'vs.'", () => {
    const titles = (text: string) => read(text).entries.map((e) => [e.title, e.readMore]);
    assert.deepEqual(
      titles(
        "Deep learning A Paper (Cy Dee): It works. Read more: Building Better Machines Generalized Hindsight for Reinforcement Learning (Al Li): " +
          "Generalized hindsight relabels trajectories for reinforcement learning. Compact vs. Wide Models (Van Iver): It compares.",
      ),
      [
        ["A Paper", "Building Better Machines"],
        ["Generalized Hindsight for Reinforcement Learning", ""],
        ["Compact vs. Wide Models", ""],
      ],
    );
  });

  // The fuzz test's slowest shape (issue 18): a page whose every line is a heading's name.
  test("a page of 20,000 heading names reads within the fuzz test's 1 s, as text and as an HTML document", async () => {
    const names = "Highlights\n".repeat(20_000);
    const page = `<!doctype html>\n<html><head><title>Issue</title></head>\n${names}`;
    for (const [input, format] of [
      [names, "text"],
      [page, "html"],
    ] as const) {
      const parsed = await within(1000, format, () => parseIssue(input, TAXONOMY, TEST_NEWSLETTER));
      assert.equal(parsed.format, format);
      assert.equal(parsed.entries.length, 0);
    }
  });
  // The fuzz test's slowest shapes after it (issue 18): a label repeated thousands of times
  // ("Read more: Read more: ...", 260 KB). Each is a header's colon without authors, and each
  // looked ahead to the next header and scanned the text to it, and each read the 600
  // characters after it for the words a summary repeats: 8 to 15 s for one such page.
  test("a label repeated 24,000 times reads within the fuzz test's 1 s, and a few times reads right", async () => {
    const issue = (label: string, times: number) =>
      `Find all resources here . Deep learning A Paper (Cy Dee): It works. ${label.repeat(times)}the paper. ` +
      `Another Paper (Ed Fo): It also works. ${label.repeat(times)}`;
    for (const label of ["Read more: ", "Prerequisites: ", "Rohin's opinion: "]) {
      const small = parseIssue(issue(label, 3), TAXONOMY, TEST_NEWSLETTER);
      assert.deepEqual(
        small.entries.map((e) => [e.title, e.authors, e.category, e.summary]),
        [
          ["A Paper", "Cy Dee", "Deep learning", "It works."],
          ["Another Paper", "Ed Fo", "Deep learning", "It also works."],
        ],
        label,
      );
      const page = issue(label, 12_000);
      const parsed = await within(
        PER_INPUT_LIMIT_MS,
        `${label.trim()} x 24,000 (${page.length} characters)`,
        () => parseIssue(page, TAXONOMY, TEST_NEWSLETTER),
      );
      assert.equal(parsed.format, "text");
      assert.deepEqual(
        parsed.entries.map((e) => e.title),
        ["A Paper", "Another Paper"],
      );
    }
  });
});

describe("evidence a reader weighs where nothing marks the boundary", () => {
  test("a summarized entry does not follow a link-only one in its category: '(PERLS) Workshop' is one title", () => {
    assert.deepEqual(
      rows(
        "News News Political Economy of Reinforcement Learning (PERLS) Workshop : The workshop will be held online. " +
          "A Job (Ann Bee) : Apply now.",
      ).map((r) => [r[0], r[1]]),
      [
        ["Political Economy of Reinforcement Learning (PERLS) Workshop", ""],
        ["A Job", "Ann Bee"],
      ],
    );
  });

  test("a Read more list runs into a title: a word that modifies the next ('Massively', 'Adaptive') opens the title", () => {
    for (const first of ["Massively", "Adaptive", "Generalized", "Causal"])
      assert.deepEqual(
        rows(
          `Deep learning A Paper (Cy Dee) : It works. Read more: Paper: Outperforming the Atari Human Benchmark ${first} Scaling Reinforcement Learning with Agents (Ed Fo) : Scaling reinforcement learning with agents works.`,
        ).map((r) => [r[0], r[3]]),
        [
          ["A Paper", "Paper: Outperforming the Atari Human Benchmark"],
          [`${first} Scaling Reinforcement Learning with Agents`, ""],
        ],
        first,
      );
  });

  test("a Read more list runs into a title: a verb in -ing ('Improving') opens the title, a topic noun ('Planning') ends the list", () => {
    const issue = (list: string, title: string) =>
      `Deep learning A Paper (Cy Dee) : Planning helps; planning is fast, planning scales, planning learns and planning plans. Read more: Paper: ${list} ${title} (Ed Fo) : Sample efficiency from images matters.`;
    for (const verb of ["Improving", "Unifying", "Evaluating"])
      assert.deepEqual(
        rows(
          issue("Neuroevolution of Self-Interpretable Agents", `${verb} Sample Efficiency from Images`),
        ).map((r) => [r[0], r[3]]),
        [
          ["A Paper", "Paper: Neuroevolution of Self-Interpretable Agents"],
          [`${verb} Sample Efficiency from Images`, ""],
        ],
        verb,
      );
    // The same place, but a word the issue keeps using: the list's last word, as it was.
    assert.deepEqual(
      rows(issue("Model-Based Planning", "Sample Efficiency from Images")).map((r) => [r[0], r[3]]),
      [
        ["A Paper", "Paper: Model-Based Planning"],
        ["Sample Efficiency from Images", ""],
      ],
    );
  });

  test("a label that headers without authors repeat ('Step 1:', 'Step 2:') is a list in the summary, not entries", () => {
    assert.deepEqual(
      rows(
        "Technical AI alignment Field building My research methodology (Paul Christiano): The idea is to alternate. " +
          "Step 1: RL with a handcoded reward. Step 2: This is vulnerable to gaming. " +
          "Step 1: RL from human preferences. Step 2: The system might still pursue bad actions. " +
          "Rohin's opinion: I like it. A Paper (Cy Dee): It works.",
      ).map((r) => r[0]),
      ["My research methodology", "A Paper"],
    );
  });

  test("a label numbered differently each time ('Claim 1:', 'Claim 3:') is a list in the summary, not entries", () => {
    assert.deepEqual(
      rows(
        "Technical AI alignment Field building Thread: Circuits (Chris Olah et al): The thread makes three claims. " +
          "Claim 1: Features are understandable. They argue it at length. " +
          "Claim 2: Circuits are understandable. The weights say so. " +
          "Claim 3: Universality: different models learn analogous features. This is speculative. " +
          "A Paper (Cy Dee): It works.",
      ).map((r) => r[0]),
      ["Thread: Circuits", "A Paper"],
    );
  });

  test("a Read more list runs into a title: a lower-case word that leaves a phrase open ('than', 'no') does not end the list", () => {
    for (const [list, title] of [
      ["Don't Condition on no Catastrophes", "Conditions under which misaligned subagents can arise"],
      ["Better than Chance", "Adaptive Scaling Laws for Transfer"],
    ] as const)
      assert.deepEqual(
        rows(
          `Deep learning A Paper (Cy Dee) : It works. Read more: ${list} ${title} (Ed Fo) : Scaling laws transfer.`,
        ).map((r) => [r[0], r[3]]),
        [
          ["A Paper", list],
          [title, ""],
        ],
        list,
      );
  });

  test("a title may open with a lower-case name ('γ-Models'), after a Read more list in sentence case", () => {
    assert.deepEqual(
      rows(
        "Deep learning A Paper (Cy Dee) : It works. Read more: Fast reinforcement learning with generalized policy updates " +
          "γ-Models: Generative Temporal Difference Learning for Infinite-Horizon Prediction (Ed Fo) : A γ-model is a generative model of the future, learned by temporal difference.",
      ).map((r) => [r[0], r[3]]),
      [
        ["A Paper", "Fast reinforcement learning with generalized policy updates"],
        ["γ-Models: Generative Temporal Difference Learning for Infinite-Horizon Prediction", ""],
      ],
    );
  });

  test("an adverb or a question word in parentheses is part of a title, not a forum name", () => {
    for (const word of ["Mostly", "When"])
      assert.deepEqual(
        rows(
          `Deep learning A Human Baseline for GLUE: People Still (${word}) Beat Machines (Ann Bee) : People beat machines on GLUE.`,
        ).map((r) => [r[0], r[1]]),
        [[`A Human Baseline for GLUE: People Still (${word}) Beat Machines`, "Ann Bee"]],
        word,
      );
  });

  test("a category heading of another section, with no section heading before it, is a title's word", () => {
    const taxonomy: Taxonomy = [
      { name: "Technical AI alignment", categories: ["Field building"] },
      { name: "Near-term concerns", categories: ["Security"] },
    ];
    const { entries } = read(
      "Technical AI alignment Field building A Paper (Cy Dee) : It works. " +
        "Read more: Longer summary from MAIEI How Will National Security Considerations Affect Antitrust Decisions in AI? " +
        "An Examination of Historical Precedents (Cullen O'Keefe) : This paper looks at whether the US has used antitrust law " +
        "to advance unrelated aims like national security.",
      undefined,
      taxonomy,
    );
    assert.deepEqual(
      entries.map((e) => [e.authors, e.category]),
      [
        ["Cy Dee", "Field building"],
        ["Cullen O'Keefe", "Field building"],
      ],
    );
  });

  test("a Read more list runs into a title: a question opening after a word ('MAIEI How Will') opens the title", () => {
    assert.deepEqual(
      rows(
        "Technical AI alignment Field building A Paper (Cy Dee) : It works. Read more: Longer summary from MAIEI " +
          "How Will National Security Considerations Affect Antitrust Decisions in AI? An Examination of Historical Precedents " +
          "(Cullen O'Keefe) : This paper looks at whether the US has used antitrust law to advance national security.",
      ).map((r) => [r[0], r[3]]),
      [
        ["A Paper", "Longer summary from MAIEI"],
        [
          "How Will National Security Considerations Affect Antitrust Decisions in AI? An Examination of Historical Precedents",
          "",
        ],
      ],
    );
    // After a colon the question belongs to the item: "Roadmap to a Roadmap: How Could We Tell ...".
    assert.deepEqual(
      rows(
        "Technical AI alignment Field building A Paper (Cy Dee) : It works. Read more: Roadmap to a Roadmap: " +
          "How Could We Tell When AGI is Near? Another Paper (Ed Fo) : Another paper works.",
      ).map((r) => [r[0], r[3]]),
      [
        ["A Paper", "Roadmap to a Roadmap: How Could We Tell When AGI is Near?"],
        ["Another Paper", ""],
      ],
    );
  });

  test("a summary that only points elsewhere ('See Import AI', 'See also ChinAI #134') ends without a full stop", () => {
    const { entries } = read(
      "AI strategy and policy AI governance The Advent of a Law (Bharath Ramsundar) : See Import AI " +
        "China Now Has the Most Valuable AI Startup in the World : See Import AI Rohin's opinion: It's a short piece. " +
        "The Deep Roots of Technonationalism (Ann Bee) : See Import AI Other progress in AI Deep learning A Survey (Ed Fo) : " +
        "The survey asks. See also ChinAI #134 A Paper (Cy Dee) : It works.",
    );
    assert.deepEqual(
      entries.map((e) => [e.title, e.authors, e.category, e.summary, e.opinion]),
      [
        ["The Advent of a Law", "Bharath Ramsundar", "AI governance", "See Import AI", ""],
        [
          "China Now Has the Most Valuable AI Startup in the World",
          "",
          "AI governance",
          "See Import AI",
          "It's a short piece.",
        ],
        ["The Deep Roots of Technonationalism", "Ann Bee", "AI governance", "See Import AI", ""],
        ["A Survey", "Ed Fo", "Deep learning", "The survey asks. See also ChinAI #134", ""],
        ["A Paper", "Cy Dee", "Deep learning", "It works.", ""],
      ],
    );
  });

  test("a title may end in a short group that names no one ('(Year 5)'), with or without a space before the colon", () => {
    for (const colon of [" :", ":"])
      assert.deepEqual(
        rows(
          `News News Announcing a Fellowship (Daniel Filan)${colon} FLI is launching a fellowship, due November 5. ` +
            `The Open Phil AI Fellowship (Year 5)${colon} Applications are now open for the fifth cohort. They are due October 29.`,
        ).map((r) => [r[0], r[1]]),
        [
          ["Announcing a Fellowship", "Daniel Filan"],
          ["The Open Phil AI Fellowship (Year 5)", ""],
        ],
        colon,
      );
  });

  test("a title without authors between a link-only entry and a heading is an entry of its own", () => {
    assert.deepEqual(
      rows(
        "AI strategy and policy AI governance Accounting for the Neglected Dimensions of AI Progress (Fernando Martinez-Plumed et al) " +
          "Artificial Intelligence and International Affairs: Disruption Anticipated (Chatham House) " +
          "India's National Strategy for Artificial Intelligence Other progress in AI Deep learning " +
          "Self-Imitation Learning (Junhyuk Oh et al) Improving Language Understanding with Unsupervised Learning (Alec Radford et al)",
      ).map((r) => [r[0], r[1], r[2]]),
      [
        [
          "Accounting for the Neglected Dimensions of AI Progress",
          "Fernando Martinez-Plumed et al",
          "AI governance",
        ],
        [
          "Artificial Intelligence and International Affairs: Disruption Anticipated",
          "Chatham House",
          "AI governance",
        ],
        ["India's National Strategy for Artificial Intelligence", "", "AI governance"],
        ["Self-Imitation Learning", "Junhyuk Oh et al", "Deep learning"],
        [
          "Improving Language Understanding with Unsupervised Learning",
          "Alec Radford et al",
          "Deep learning",
        ],
      ],
    );
  });

  test("a title without authors after the last full stop ends the issue; 'A.I.' is no full stop", () => {
    assert.deepEqual(
      rows(
        "News News Internships and fellowships for 2019 : There are many to apply for, including the Uber AI Residency . " +
          "The AAAI's Workshop on Artificial Intelligence Safety",
      ).map((r) => [r[0], r[1]]),
      [
        ["Internships and fellowships for 2019", ""],
        ["The AAAI's Workshop on Artificial Intelligence Safety", ""],
      ],
    );
    assert.deepEqual(
      rows(
        "News News Introducing an Initiative (Fei-Fei Li et al.): It wants AI to help people. Should we not? " +
          "Read more: How to Make A.I. That’s Good for People",
      ).map((r) => [r[0], r[3]]),
      [["Introducing an Initiative", "How to Make A.I. That’s Good for People"]],
    );
  });

  test("an opinion without its full stop: a Read more list after it is still a label, prose is not", () => {
    const [entry] = read(
      "Deep learning A Paper (Cy Dee) : It works. Cody's opinion: I wonder whether the intuition extends to more complex ones " +
        "Read more: Cody's longer summary",
    ).entries;
    assert.deepEqual(
      [entry?.opinion, entry?.readMore],
      ["I wonder whether the intuition extends to more complex ones", "Cody's longer summary"],
    );
    // What follows is prose (a sentence ends inside it): no label.
    const [prose] = read(
      "Deep learning A Paper (Cy Dee) : It works. Cody's opinion: I would tell everyone to Read more: papers are good. They help.",
    ).entries;
    assert.deepEqual(
      [prose?.opinion, prose?.readMore],
      ["I would tell everyone to Read more: papers are good. They help.", ""],
    );
  });

  test("an aside in lower case ('(and improved)') neither ends a Read more item nor names authors", () => {
    assert.deepEqual(
      rows(
        "Deep learning A Paper (Cy Dee) : It works. Read more: What does the universal prior look like? " +
          "Repeated (and improved) Sleeping Beauty problem (Linda Linsefors) : The Sleeping Beauty problem is about probability.",
      ).map((r) => [r[0], r[1], r[3]]),
      [
        ["A Paper", "Cy Dee", "What does the universal prior look like?"],
        ["Repeated (and improved) Sleeping Beauty problem", "Linda Linsefors", ""],
      ],
    );
    assert.equal(plausibleAuthors("and improved"), false);
    assert.equal(plausibleAuthors("et al"), false);
    assert.equal(plausibleAuthors("de Haan"), true);
    assert.equal(plausibleAuthors("van der Merwe et al"), true);
  });

  test("a sentence may close emphasis left in ('... shake out._'): a label or a title may follow it", () => {
    assert.deepEqual(
      read(
        "Deep learning A Paper (Cy Dee): To quote the post: _we will see how things shake out._ Rohin's opinion: " +
          "Spot on, as usual. _I agree._ Another Paper (Ed Fo): It works.",
      ).entries.map((e) => [e.title, e.summary, e.opinion]),
      [
        [
          "A Paper",
          "To quote the post: _we will see how things shake out._",
          "Spot on, as usual. _I agree._",
        ],
        ["Another Paper", "It works.", ""],
      ],
    );
  });

  test("a Read more list runs into a title: two words the issue says together elsewhere ('momentum contrast') stay together", () => {
    const summary =
      "Unsupervised visual representation learning by contrast is popular. In most deep learning settings, the batch size " +
      "primarily controls the variance of the gradient, with higher batch sizes decreasing variance. However, with typical " +
      "contrastive learning, batch size also determines the task: typically, the task is to maximize agreement between two " +
      "examples in the batch, and minimize agreement with all the other examples in the batch. Put another way, given one " +
      "input, you have to correctly classify which of the remaining examples in the minibatch is a differently transformed " +
      "version of that input. So, the batch size determines the number of negative examples. A queue of negatives and a " +
      "slowly moving encoder make momentum contrast work with small batches.";
    assert.deepEqual(
      rows(
        "Deep learning A Simple Framework for Contrastive Learning (Ting Chen et al) : It contrasts views. Read more: " +
          "Advancing Self-Supervised and Semi-Supervised Learning with SimCLR " +
          `Momentum Contrast for Unsupervised Visual Representation Learning (Kaiming He et al) : ${summary}`,
      ).map((r) => [r[0], r[3]]),
      [
        [
          "A Simple Framework for Contrastive Learning",
          "Advancing Self-Supervised and Semi-Supervised Learning with SimCLR",
        ],
        ["Momentum Contrast for Unsupervised Visual Representation Learning", ""],
      ],
    );
  });

  test("a Read more list runs into a title: it does not end at a comma ('Rather than Assuming, | Human Biases')", () => {
    const [first, second] = read(
      "Deep learning A Paper (Cy Dee) : It works. Read more: On the Feasibility of Learning, Rather than Assuming, " +
        "Human Biases for Reward Inference Cognitive Model Priors for Predicting Decisions (Ed Fo) : " +
        "Human biases matter for reward inference, and human decisions show these biases.",
    ).entries;
    // Where the list does end is another question (both sides are title-case phrases); not at the comma.
    assert.match(first!.readMore, /^On the Feasibility of Learning, Rather than Assuming, Human Biases/);
    assert.doesNotMatch(second!.title, /^Human Biases/);
  });

  test("a group that spells the initials of the words before it ('(FAT*)') is the title's abbreviation, not its authors", () => {
    assert.deepEqual(
      rows(
        "News News Conference on Fairness, Accountability, and Transparency (FAT*) : The conference will be held early 2019 " +
          "in Atlanta. Abstract pre-registration deadline is August 16. RAISE is hiring (Toon) : RAISE is looking for people.",
      ).map((r) => [r[0], r[1]]),
      [
        ["Conference on Fairness, Accountability, and Transparency (FAT*)", ""],
        ["RAISE is hiring", "Toon"],
      ],
    );
    assert.equal(abbreviates("Center for Human-Compatible AI ", "CHAI"), true);
    assert.equal(abbreviates("Postdoc role at CHAI ", "CHAI"), false);
    assert.equal(abbreviates("Senior Systems Safety Engineer ", "OpenAI"), false);
  });

  test("a title that opens with an auxiliary verb asks a question: 'Robustness | May Be at Odds' is no heading and a title", () => {
    const { entries } = read(
      "Technical AI alignment Adversarial examples A Paper (Cy Dee): It works on noisy images. " +
        "Robustness May Be at Odds with Accuracy (Dimitris Tsipras et al.) (summarized by Dan H): Adversarial training can hurt accuracy.",
      undefined,
      [{ name: "Technical AI alignment", categories: ["Adversarial examples", "Robustness"] }],
    );
    assert.deepEqual(
      entries.map((e) => [e.title, e.category]),
      [
        ["A Paper", "Adversarial examples"],
        ["Robustness May Be at Odds with Accuracy", "Adversarial examples"],
      ],
    );
  });

  test("a title may open with a parenthesis after a heading, and '(When)' ends no Read more item", () => {
    const { entries } = read(
      "Technical AI alignment Iterated amplification (When) is Truth-telling Favored in AI debate? " +
        "(Vojtěch Kovařík et al.): Debate aims to find the truth. Read more: Paper: (When) Is Truth-telling Favored in AI Debate? " +
        "AI Safety Debate and Its Applications (Vojta Kovarik): This post defines the components of a debate. " +
        "Mesa optimization Malign generalization without internal search (Matthew Barnett): This post argues for it.",
      undefined,
      [{ name: "Technical AI alignment", categories: ["Iterated amplification", "Mesa optimization"] }],
    );
    assert.deepEqual(
      entries.map((e) => [e.title, e.category, e.readMore]),
      [
        [
          "(When) is Truth-telling Favored in AI debate?",
          "Iterated amplification",
          "Paper: (When) Is Truth-telling Favored in AI Debate?",
        ],
        ["AI Safety Debate and Its Applications", "Iterated amplification", ""],
        ["Malign generalization without internal search", "Mesa optimization", ""],
      ],
    );
  });

  test("a title without authors may end in a question mark right before its colon", () => {
    assert.deepEqual(
      rows(
        "Deep learning A Paper (Cy Dee): It works. Do Better ImageNet Models Transfer Better?: They do, mostly. " +
          "Another Paper (Ed Fo): It works too.",
      ).map((r) => [r[0], r[1]]),
      [
        ["A Paper", "Cy Dee"],
        ["Do Better ImageNet Models Transfer Better?", ""],
        ["Another Paper", "Ed Fo"],
      ],
    );
  });

  test("a title seldom ends in a modifier: 'Training for Faster Adversarial | Robustness' is no title and a heading", () => {
    const { entries } = read(
      "Technical AI alignment Interpretability Transparency and Explanation in Deep " +
        "Reinforcement Learning Neural Networks (Rahul Iyer et al) Verification Training for Faster Adversarial Robustness " +
        "Verification via Inducing ReLU Stability (Kai Y. Xiao et al) : The idea behind verification is to consider all inputs.",
      undefined,
      [{ name: "Technical AI alignment", categories: ["Interpretability", "Verification", "Robustness"] }],
    );
    assert.deepEqual(
      entries.map((e) => [e.title, e.category]),
      [
        ["Transparency and Explanation in Deep Reinforcement Learning Neural Networks", "Interpretability"],
        [
          "Training for Faster Adversarial Robustness Verification via Inducing ReLU Stability",
          "Verification",
        ],
      ],
    );
  });

  test("a question inside a Read more list that goes on ('Progress? , Takeoff speeds') does not end it before a heading", () => {
    const { entries } = read(
      "Technical AI alignment Forecasting Double Cruxing the AI Foom debate (agilecaveman) Read more: Will AI See Sudden " +
        "Progress? , Takeoff speeds and The Hanson-Yudkowsky AI-Foom Debate Critiques (Alignment) " +
        "The seven deadly sins of AI predictions (Rodney Brooks) : This is an older article.",
      undefined,
      [{ name: "Technical AI alignment", categories: ["Forecasting", "Critiques (Alignment)"] }],
    );
    assert.deepEqual(
      entries.map((e) => [e.title, e.category, e.readMore]),
      [
        [
          "Double Cruxing the AI Foom debate",
          "Forecasting",
          "Will AI See Sudden Progress? , Takeoff speeds and The Hanson-Yudkowsky AI-Foom Debate",
        ],
        ["The seven deadly sins of AI predictions", "Critiques (Alignment)", ""],
      ],
    );
  });

  test("a long title without authors (AN's longest has 23 words) between a link-only entry and a heading is an entry", () => {
    assert.deepEqual(
      rows(
        "AI strategy and policy AI governance Robust Institutions for Robust Machines (Ann G. Bee) " +
          "Delegates From Several Nations – Among Them Two Large Ones – Stall the Talks on a Treaty to Limit Autonomous Weapons " +
          "Other progress in AI Deep learning A Paper (Cy Dee) : It works.",
      ).map((r) => [r[0], r[2]]),
      [
        ["Robust Institutions for Robust Machines", "AI governance"],
        [
          "Delegates From Several Nations – Among Them Two Large Ones – Stall the Talks on a Treaty to Limit Autonomous Weapons",
          "AI governance",
        ],
        ["A Paper", "Deep learning"],
      ],
    );
  });

  test("a Read more list runs into a title: a word in -ic ('Probabilistic') modifies the next and opens the title", () => {
    assert.deepEqual(
      rows(
        "Deep learning A Paper (Cy Dee) : It works. Read more: Open Problems in Robust Control " +
          "Probabilistic Programs for Reward Learning (Ann Bee) : One useful thread of research would be to write the reward as a program.",
      ).map((r) => [r[0], r[3]]),
      [
        ["A Paper", "Open Problems in Robust Control"],
        ["Probabilistic Programs for Reward Learning", ""],
      ],
    );
  });

  test("a section's name that no category heading follows ('Fake News The Hacker') places the section nowhere", () => {
    assert.deepEqual(
      rows(
        "AI strategy and policy AI governance Grover: A Defense against Neural Fake News (Rowan Zellers et al) : " +
          "Fake news can be detected. Read more: Defending Against Neural Fake News The Hacker Learns to Trust (Connor Leahy) : " +
          "He did not release it. Other progress in AI Deep learning A Paper (Cy Dee) : It works.",
      ).map((r) => [r[0], r[2], r[3]]),
      [
        ["Grover: A Defense against Neural Fake News", "AI governance", "Defending Against Neural Fake News"],
        ["The Hacker Learns to Trust", "AI governance", ""],
        ["A Paper", "Deep learning", ""],
      ],
    );
  });

  test("a title in sentence case before ': See ...' is an entry's: only summaries point elsewhere so", () => {
    assert.deepEqual(
      rows(
        "AI strategy and policy AI governance A Report on Strategy (Ann Bee) : See Import AI's summary . " +
          "Germany's national plan for research : See Import AI's summary . Other progress in AI Deep learning A Paper (Cy Dee) : It works.",
      ).map((r) => [r[0], r[1], r[2]]),
      [
        ["A Report on Strategy", "Ann Bee", "AI governance"],
        ["Germany's national plan for research", "", "AI governance"],
        ["A Paper", "Cy Dee", "Deep learning"],
      ],
    );
  });

  test("'Cy Dee adds in Policy Notes #12 :' introduces a quotation inside a summary, not a title", () => {
    assert.deepEqual(
      rows(
        "AI strategy and policy AI governance A Report on Strategy (Ann Bee) : The report is long, so I won't copy it here. " +
          "Cy Dee adds in Policy Notes #12 : [I]f you make it past the bluster, it is good. Other progress in AI Deep learning A Paper (Cy Dee) : It works.",
      ).map((r) => [r[0], r[2]]),
      [
        ["A Report on Strategy", "AI governance"],
        ["A Paper", "Deep learning"],
      ],
    );
  });

  test("in a section of announcements, a title in sentence case before a colon opens an entry; 'From the website:' does not", () => {
    assert.deepEqual(
      rows(
        "News News Summer School on Robust Agents (Ann Bee): The deadline is May 1. From the website: " +
          '"The school covers safety." Grants for people early in their career: This program funds a year of study. ' +
          "The deadline is June 1.",
      ).map((r) => [r[0], r[1], r[2]]),
      [
        ["Summer School on Robust Agents", "Ann Bee", "News"],
        ["Grants for people early in their career", "", "News"],
      ],
    );
    // The same sentence elsewhere is prose: there, titles without authors are few.
    assert.deepEqual(
      rows(
        "Other progress in AI Deep learning A Paper (Cy Dee): It works. Grants for people early in their career: " +
          "This program funds a year of study.",
      ).map((r) => r[0]),
      ["A Paper"],
    );
  });

  test("a title does not run over 'From the website:': 'Research Fellows Programme: From the website: \"...\"'", () => {
    assert.deepEqual(
      rows(
        'News News Research Fellows Programme: From the website: "The institute is launching a programme." ' +
          "Applications close in May.",
      ).map((r) => [r[0], r[1]]),
      [["Research Fellows Programme", ""]],
    );
  });

  test("a Read more list runs into a title: it ends after what a link points to ('Project Website | Image ...')", () => {
    assert.deepEqual(
      rows(
        "Deep learning A Paper (Cy Dee) : It works. Read more: Project Website " +
          "Image Cropping Is All You Need for Robust Agents (Ann Bee) : This paper crops images.",
      ).map((r) => [r[0], r[3]]),
      [
        ["A Paper", "Project Website"],
        ["Image Cropping Is All You Need for Robust Agents", ""],
      ],
    );
  });

  test("a Read more list runs into a title that opens with a year ('... Seek Power | 2019 AI Alignment Review')", () => {
    assert.deepEqual(
      rows(
        "Deep learning A Paper (Cy Dee) : It works. Read more: Farsighted Agents Tend to Seek Power " +
          "2019 AI Alignment Literature Review and Charity Comparison (Ann Bee) : This post reviews the field.",
      ).map((r) => [r[0], r[3]]),
      [
        ["A Paper", "Farsighted Agents Tend to Seek Power"],
        ["2019 AI Alignment Literature Review and Charity Comparison", ""],
      ],
    );
  });

  test("a list's labels after a colon ('x-risk: Robustness: ... Tail Risks: ...') are no entries; job posts in News are", () => {
    assert.deepEqual(
      rows(
        "HIGHLIGHTS A Paper on Safety (Cy Dee et al) (summarized by Cy Dee): It works. It is long. Cy Dee's opinion: My " +
          "coauthors and I wrote this. Here is how the problems relate to risk: Adversarial Robustness: This is needed " +
          "for proxies. We make this explicit on page 9. Black Swans and Tail Risks: It is hard to be safe without " +
          "reliability. Even simple tasks are unsolved. Hidden Model Functionality: Models may hide what they do. " +
          "Rohin's opinion: I like it. TECHNICAL AI ALIGNMENT FIELD BUILDING Another Paper (Ann Bee): It also works.",
      ).map((r) => r[0]),
      ["A Paper on Safety", "Another Paper"],
    );
    assert.deepEqual(
      rows(
        "News News Research Engineer at Lab One: The lab is hiring an engineer. Apply by May. " +
          "Policy Fellow at Lab Two: The lab is hiring a fellow. Apply by June.",
      ).map((r) => [r[0], r[1]]),
      [
        ["Research Engineer at Lab One", ""],
        ["Policy Fellow at Lab Two", ""],
      ],
    );
  });

  test("Prerequisites without a full stop: a Read more after them is still a label", () => {
    const [entry] = read(
      "Deep learning A Paper (Cy Dee) : It works. Prerequisites: DualDICE Read more: GAIL , Another Paper",
    ).entries;
    assert.deepEqual([entry?.prerequisites, entry?.readMore], ["DualDICE", "GAIL , Another Paper"]);
  });
});

describe("a copy that kept its paragraphs (a page copied from a browser)", () => {
  const paragraphs = (text: string) =>
    parseFlatText(text, TAXONOMY, TEST_NEWSLETTER).entries.map((e) => [
      e.title,
      e.authors,
      e.category,
      e.readMore,
    ]);

  test("a header inside a paragraph is prose; a paragraph's end ends a list without a full stop", () => {
    const text =
      "Intro.\n\nAI governance\n\n" +
      "Title One (Ann Author): We build on a known paper, Better Methods (Bob Lee): it showed gains.\n\n" +
      "Read more: Paper X\n\nDeep learning\n\nTitle Two (Cy Dee): Summary two.\n\nMore of it.";
    assert.deepEqual(paragraphs(text), [
      ["Title One", "Ann Author", "AI governance", "Paper X"],
      ["Title Two", "Cy Dee", "Deep learning", ""],
    ]);
    assert.equal(
      parseFlatText(text, TAXONOMY, TEST_NEWSLETTER).entries[1]!.summary,
      "Summary two.\n\nMore of it.",
    );
  });
});
