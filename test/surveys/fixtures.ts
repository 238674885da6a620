/** A survey definition with every kind of question, as `summa survey create` reads it. */
export function surveyJson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    slug: "retrospective-2019",
    title: "One year of the newsletter",
    intro: "Please help me figure out **what to change**.",
    anonymity: "anonymous",
    questions: [
      {
        id: "role",
        kind: "single",
        text: "What do you do?",
        options: ["Research", "Engineering", "Other work"],
        required: true,
      },
      {
        id: "parts",
        kind: "multiple",
        text: "Which parts do you read?",
        options: ["Highlights", "Summaries", "Opinions"],
        other: true,
      },
      {
        id: "useful",
        kind: "scale",
        text: "How useful is it?",
        max: 5,
        min_label: "Not at all",
        max_label: "Very",
        required: true,
      },
      { id: "name", kind: "short_text", text: "What should we call the newsletter?" },
      { id: "more", kind: "long_text", text: "Anything else?" },
    ],
    ...overrides,
  };
}

/** A form as a browser posts it: each field's values. */
export function formOf(fields: Record<string, string | string[]>): (name: string) => string[] {
  return (name) => {
    const v = fields[name];
    return v === undefined ? [] : Array.isArray(v) ? v : [v];
  };
}
