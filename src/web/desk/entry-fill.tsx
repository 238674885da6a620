import type { Context } from "hono";
import { Hono } from "hono";
import { SummaError } from "../../domain/errors.ts";
import type { PaperMetadata } from "../../metadata/index.ts";
import type { AppEnv } from "../env.ts";
import { httpStatusFor } from "../http-errors.ts";
import type { EntryFormValues } from "./entries-values.ts";

/**
 * "Fill from URL" beside the entry's URL field. Without JavaScript it submits the form
 * (action=fill) and the editor comes back with the empty fields filled; desk.js instead asks
 * /desk/entries/fill?url=... and fills the empty fields in place. Either way what the person
 * typed is kept.
 */
export function FillFromUrl() {
  return (
    <div class="field entry-fill">
      <button
        type="submit"
        name="action"
        value="fill"
        class="subtle"
        formnovalidate
        data-fill-url="/desk/entries/fill"
      >
        Fill from URL
      </button>
      <span class="hint" id="entry-fill-hint">
        An arXiv or DOI address fills Title, Authors, Venue and Year; only empty fields are filled, never what
        you typed.
      </span>
      <span class="hint" id="entry-fill-status" role="status" aria-live="polite" />
      {/* entry-fill.js names the entries this URL or title repeats here, when either loses focus. */}
      <div id="entry-duplicates" aria-live="polite" data-duplicates-url="/desk/entries/duplicates" />
    </div>
  );
}

/** The form's fields a paper's metadata fills, and their values. */
export function filledFields(paper: PaperMetadata): Record<string, string> {
  return {
    title: paper.title,
    authors: paper.authors.join(", "),
    venue: paper.venue,
    year: paper.year === null ? "" : String(paper.year),
  };
}

/** The values with their empty fields filled from the paper (typed ones kept); which were filled. */
export function fillEmpty(
  values: EntryFormValues,
  paper: PaperMetadata,
): { values: EntryFormValues; filled: string[] } {
  const text = { ...values.text };
  const filled: string[] = [];
  for (const [name, value] of Object.entries(filledFields(paper))) {
    if ((text[name] ?? "").trim() !== "" || value === "") continue;
    text[name] = value;
    filled.push(name);
  }
  return { values: { ...values, text }, filled };
}

/** The no-JavaScript path: the form's values filled from its URL, or the problem to show by the URL field. */
export async function fillFromForm(
  c: Context<AppEnv>,
  values: EntryFormValues,
): Promise<{ values: EntryFormValues; errors: Record<string, string> }> {
  try {
    const paper = await c.var.metadata.lookup(values.text.url ?? "");
    return { values: fillEmpty(values, paper).values, errors: {} };
  } catch (err) {
    if (!(err instanceof SummaError) || !err.code.startsWith("metadata.")) throw err;
    return { values, errors: { url: err.message } };
  }
}

/** GET /desk/entries/fill?url=...: the paper's fields as JSON (desk.js fills the empty ones). */
export function entryFillRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/", async (c) => {
    c.header("Cache-Control", "no-store");
    try {
      const paper = await c.var.metadata.lookup(c.req.query("url") ?? "");
      return c.json({ fields: filledFields(paper), source: paper.source, url: paper.url });
    } catch (err) {
      if (!(err instanceof SummaError) || !err.code.startsWith("metadata.")) throw err;
      return c.json({ error: { code: err.code, message: err.message } }, httpStatusFor(err.code));
    }
  });
  return app;
}
