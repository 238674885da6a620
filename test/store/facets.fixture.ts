import type { EntryFields, EntryStatus } from "../../src/domain/entry.ts";

/** Entries spread over every facet: case variants, joint credit, missing values, a draft. */
export const FACET_FIXTURE: [string, Partial<EntryFields>, EntryStatus?][] = [
  [
    "irl",
    {
      title: "Inverse reward design",
      category: "Learning human intent",
      summarizers: ["Rohin"],
      year: 2017,
      venue: "NeurIPS",
      issueNumber: 1,
      issueLabel: "AN #1",
      highlight: true,
    },
  ],
  [
    "attention",
    {
      title: "Attention is not explanation",
      category: "Interpretability",
      summarizers: ["Richard"],
      year: 2019,
      venue: "NAACL",
      issueNumber: 53,
      issueLabel: "AN #53",
      summary: "Attention weights and reward.",
    },
  ],
  [
    "overfit",
    {
      title: "Are deep networks overfitted?",
      category: "Deep learning",
      summarizers: ["Rohin"],
      year: 2019,
      venue: "neurips",
      issueNumber: 53,
      issueLabel: "AN #53",
      highlight: true,
    },
  ],
  [
    "joint",
    {
      title: "Reward modeling agenda",
      category: "Technical agendas and prioritization",
      summarizers: ["Rohin", "Robert"],
      year: 2018,
      venue: "arXiv",
      issueNumber: 34,
      issueLabel: "AN #34",
    },
  ],
  [
    "curiosity",
    {
      title: "Rewarding curiosity",
      category: "exploration",
      summarizers: ["Flo"],
      year: 2020,
      venue: "",
      issueNumber: 90,
      issueLabel: "AN #90",
    },
  ],
  [
    "explore",
    {
      title: "Exploration by random distillation",
      category: "Exploration",
      summarizers: ["rohin"],
      year: null,
      venue: "ICLR",
      issueNumber: 90,
      issueLabel: "AN #90",
    },
  ],
  [
    "news",
    {
      title: "A reward job at a lab",
      category: "News",
      summarizers: [],
      year: 2020,
      venue: "",
      issueNumber: null,
      issueLabel: "N/A",
    },
  ],
  [
    "unsorted",
    {
      title: "Something uncategorized about reward",
      category: "",
      summarizers: ["Cody"],
      year: 2021,
      venue: "Blog",
      issueNumber: 120,
      issueLabel: "AN #120",
    },
  ],
  [
    "draft",
    {
      title: "Secret reward draft",
      category: "Draft-only category",
      summarizers: ["Zed"],
      year: 1999,
      venue: "DraftConf",
      issueNumber: 150,
      issueLabel: "AN #150",
      highlight: true,
    },
    "draft",
  ],
];
