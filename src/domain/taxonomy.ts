/**
 * The taxonomy: top-level sections, each with its categories (the sheet's Category column),
 * in newsletter order. It is data: the default below is AN's, and editors replace it.
 * Categories match entries case-insensitively ("Miscellaneous (alignment)" is
 * "Miscellaneous (Alignment)"); entries keep their category text verbatim.
 */
export interface TaxonomySection {
  name: string;
  categories: string[];
}

export type Taxonomy = TaxonomySection[];

/** AN's sections as they appeared in the newsletter, with every category the real sheet uses. */
export const AN_TAXONOMY: Taxonomy = [
  {
    name: "Technical AI alignment",
    categories: [
      "Summary: Inverse Reinforcement Learning",
      "Embedded agency sequence",
      "Value learning sequence",
      "Iterated amplification sequence",
      "Fixed point sequence",
      "AISFP blog posts",
      "Problems",
      "Technical agendas and prioritization",
      "Iterated amplification",
      "Mesa optimization",
      "Agent foundations",
      "Learning human intent",
      "Reward learning theory",
      "Preventing bad behavior",
      "Handling groups of agents",
      "Interpretability",
      "Adversarial examples",
      "Verification",
      "Robustness",
      "Uncertainty",
      "Philosophical deliberation",
      "Forecasting",
      "Critiques (Alignment)",
      "Field building",
      "Miscellaneous (Alignment)",
    ],
  },
  {
    name: "Near-term concerns",
    categories: [
      "Fairness and bias",
      "Privacy and security",
      "Security",
      "Machine ethics",
      "Recommender systems",
    ],
  },
  { name: "AI strategy and policy", categories: ["AI governance"] },
  {
    name: "Other progress in AI",
    categories: [
      "Exploration",
      "Reinforcement learning",
      "Multiagent RL",
      "Hierarchical RL",
      "Deep learning",
      "Meta learning",
      "Unsupervised learning",
      "Machine learning",
      "Applications",
      "AGI theory",
      "Critiques (AI)",
      "Miscellaneous (Capabilities)",
      "Miscellaneous (AI)",
    ],
  },
  { name: "News", categories: ["News"] },
  { name: "Previous newsletters", categories: ["Previous newsletters"] },
];

/** The section that new, unknown categories land in on import, so nothing is dropped. */
export const UNSORTED_SECTION = "Unsorted";

export function categoryKey(name: string): string {
  return name.trim().replace(/\s+/g, " ").toLowerCase();
}

/** Problems with a taxonomy an editor supplied, all at once (empty when it is valid). */
export function validateTaxonomy(taxonomy: unknown): string[] {
  const problems: string[] = [];
  if (!Array.isArray(taxonomy)) return ["the taxonomy must be a list of sections"];
  const sections = new Set<string>();
  const categories = new Map<string, string>();
  taxonomy.forEach((section, i) => {
    const where = `section ${i + 1}`;
    if (typeof section !== "object" || section === null) {
      problems.push(`${where}: must be an object with "name" and "categories"`);
      return;
    }
    const { name, categories: cats } = section as { name?: unknown; categories?: unknown };
    if (typeof name !== "string" || name.trim() === "")
      problems.push(`${where}: "name" must be a non-empty string`);
    else if (sections.has(categoryKey(name))) problems.push(`${where}: section "${name}" appears twice`);
    else sections.add(categoryKey(name));
    if (!Array.isArray(cats)) {
      problems.push(`${where}: "categories" must be a list of names`);
      return;
    }
    cats.forEach((cat, j) => {
      if (typeof cat !== "string" || cat.trim() === "") {
        problems.push(`${where}, category ${j + 1}: must be a non-empty string`);
      } else if (categories.has(categoryKey(cat))) {
        problems.push(`${where}: category "${cat}" is already in ${categories.get(categoryKey(cat))}`);
      } else {
        const label = typeof name === "string" && name.trim() !== "" ? `section "${name}"` : where;
        categories.set(categoryKey(cat), label);
      }
    });
  });
  return problems;
}
