import { createUser } from "../../src/accounts/index.ts";
import type { Candidate, IncomingCandidate } from "../../src/inbox/index.ts";
import type { Store } from "../../src/store/index.ts";
import { importRecords } from "../helpers/import.ts";
import { testPasswords } from "../helpers/web.ts";

/** An item as a source delivers it, with whatever a test cares about. */
export function incoming(overrides: Partial<IncomingCandidate> = {}): IncomingCandidate {
  return {
    title: "A new paper",
    abstract: "",
    authors: [],
    venue: "",
    itemType: "journalArticle",
    url: "",
    published: "2020-06-01",
    tags: [],
    externalId: null,
    hatTip: null,
    ...overrides,
  };
}

/** A candidate as the models see it (no source's id or hat tip), with whatever a test cares about. */
export function candidate(overrides: Partial<Candidate> = {}): Candidate {
  return {
    title: "A paper",
    abstract: "",
    authors: [],
    venue: "",
    itemType: "journalArticle",
    url: "https://example.org/p",
    published: "2020-01-01",
    tags: [],
    ...overrides,
  };
}

/**
 * The database the inbox deduplicates against: an arXiv paper in AN #34, a DOI, a forum post,
 * and an entry that links an arXiv paper from its read-more; Rohin Shah's papers are picks.
 */
export async function seedEntries(store: Store): Promise<void> {
  const report = await importRecords(store, [
    {
      category: "Learning human intent",
      title: "Deep reinforcement learning from human preferences",
      url: "https://arxiv.org/abs/1706.03741",
      authors: "Paul Christiano, Jan Leike",
      venue: "arXiv",
      year: "2017",
      email: "AN #34",
      summary: "Learning a reward model from human comparisons of trajectory clips.",
    },
    {
      category: "Deep learning",
      title: "Human-level control through deep reinforcement learning",
      url: "https://doi.org/10.1038/nature14236",
      authors: "Volodymyr Mnih",
      venue: "Nature",
      year: "2015",
      email: "AN #35",
      summary: "DQN plays Atari games from pixels.",
    },
    {
      category: "Problems",
      title: "The Rocket Alignment Problem",
      url: "https://www.lesswrong.com/posts/Gg9a4y8reWKtLe3Tn/the-rocket-alignment-problem",
      authors: "Eliezer Yudkowsky",
      venue: "LessWrong",
      year: "2018",
      email: "AN #36",
      summary: "A dialogue about rocket science and alignment.",
    },
    {
      category: "Technical agendas and prioritization",
      title: "The reward modeling agenda, summarized",
      url: "https://example.org/agenda",
      authors: "Rohin Shah",
      venue: "Blog",
      year: "2018",
      email: "AN #37",
      summary: "An agenda for learning rewards from feedback.",
      read_more: "[Scalable agent alignment via reward modeling](https://arxiv.org/abs/1811.07871)",
    },
    ...[
      "Preferences implicit in the state of the world",
      "On the feasibility of learning biases",
      "Learning from human corrections",
    ].map((title, i) => ({
      category: "Learning human intent",
      title,
      url: `https://arxiv.org/abs/1902.0400${i}`,
      authors: "Rohin Shah, Anca Dragan",
      venue: "arXiv",
      year: "2019",
      email: `AN #${40 + i}`,
      summary: "Inferring human preferences and reward from what people do and say.",
    })),
  ]);
  if (report.added === 0) throw new Error("the seed entries were not imported");
}

/** The password of the inbox tests' staff. */
export const STAFF_PASSWORD = "correct horse battery";

/**
 * The inbox's two people: Rohin, the editor (rohin@example.org), and Richard, a summarizer
 * (richard@example.org), both with STAFF_PASSWORD. Richard's id, for picks assigned to him.
 */
export async function addInboxStaff(store: Store): Promise<number> {
  await createUser(
    store,
    { email: "rohin@example.org", name: "Rohin", role: "editor", password: STAFF_PASSWORD },
    testPasswords,
  );
  const richard = await createUser(
    store,
    { email: "richard@example.org", name: "Richard", role: "summarizer", password: STAFF_PASSWORD },
    testPasswords,
  );
  return richard.id;
}
