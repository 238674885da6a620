import { Hono } from "hono";
import type { StaffSession } from "../../accounts/index.ts";
import { SummaError } from "../../domain/errors.ts";
import type { Taxonomy, TaxonomySection } from "../../domain/taxonomy.ts";
import { orphanedCategories } from "../../entries/index.ts";
import { loadTaxonomy } from "../../issues/index.ts";
import { changeTaxonomy } from "../../newsletter/index.ts";
import type { AppEnv, Site } from "../env.ts";
import { Page } from "../layout.tsx";
import { CSRF_FIELD, requireDesk } from "../security.ts";

/**
 * /desk/taxonomy: the sections and their categories as one form that works without
 * JavaScript. Each section is a name and a textarea (one category per line); a blank section
 * at the end adds one; Move up / Move down / Remove buttons submit the whole form, so what was
 * typed is kept and the result is saved through the same validation as `summa taxonomy set`.
 */
type Op = { kind: "save" } | { kind: "up" | "down" | "remove"; index: number };

function parseOp(raw: unknown): Op {
  const m = /^(up|down|remove)-(\d{1,4})$/.exec(typeof raw === "string" ? raw : "");
  return m ? { kind: m[1] as "up" | "down" | "remove", index: Number(m[2]) } : { kind: "save" };
}

function strings(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map((v) => (typeof v === "string" ? v : ""));
}

/** The sections as posted, in order (the trailing blank one included). */
function sectionsFromBody(body: Record<string, unknown>): TaxonomySection[] {
  const names = strings(body.name);
  const lists = strings(body.categories);
  return Array.from({ length: Math.max(names.length, lists.length) }, (_, i) => ({
    name: (names[i] ?? "").trim(),
    categories: (lists[i] ?? "")
      .split(/\r?\n/)
      .map((c) => c.trim())
      .filter((c) => c !== ""),
  }));
}

function applyOp(sections: TaxonomySection[], op: Op): TaxonomySection[] {
  const out = [...sections];
  if (op.kind === "save" || op.index >= out.length) return out;
  if (op.kind === "remove") out.splice(op.index, 1);
  const other = op.kind === "up" ? op.index - 1 : op.index + 1;
  if (op.kind !== "remove" && other >= 0 && other < out.length)
    [out[op.index], out[other]] = [out[other]!, out[op.index]!];
  return out;
}

function SectionFields(props: { section: TaxonomySection; index: number; count: number }) {
  const { section, index: i } = props;
  const isNew = i === props.count;
  const label = section.name || `section ${i + 1}`;
  return (
    <fieldset class="card desk-section">
      <legend>{isNew ? "Add a section" : `Section ${i + 1}`}</legend>
      <div class="field">
        <label for={`section-name-${i}`}>Name</label>
        <input id={`section-name-${i}`} name="name" type="text" value={section.name} />
      </div>
      <div class="field">
        <label for={`section-categories-${i}`}>Categories, one per line, in newsletter order</label>
        <textarea
          id={`section-categories-${i}`}
          name="categories"
          rows={Math.min(Math.max(section.categories.length + 1, 3), 16)}
        >
          {section.categories.join("\n")}
        </textarea>
      </div>
      {isNew ? null : (
        <div class="actions">
          <button type="submit" name="op" value={`up-${i}`} class="subtle small" disabled={i === 0}>
            Move up<span class="visually-hidden"> {label}</span>
          </button>
          <button
            type="submit"
            name="op"
            value={`down-${i}`}
            class="subtle small"
            disabled={i === props.count - 1}
          >
            Move down<span class="visually-hidden"> {label}</span>
          </button>
          <button
            type="submit"
            name="op"
            value={`remove-${i}`}
            class="subtle small"
            data-confirm={`Remove the section "${label}" and its ${section.categories.length} categories?`}
          >
            Remove<span class="visually-hidden"> {label}</span>
          </button>
        </div>
      )}
    </fieldset>
  );
}

function TaxonomyPage(props: {
  site: Site;
  session: StaffSession;
  sections: Taxonomy;
  problems?: string[];
  saved?: boolean;
  orphans: { category: string; entries: number }[];
}) {
  const { sections } = props;
  return (
    <Page site={props.site} title="Taxonomy" session={props.session} current="taxonomy" scripts={["desk.js"]}>
      <h1>Sections and categories</h1>
      <p class="muted">
        Issues list their entries in this order: sections, then each section's categories. Entries keep their
        category's text, so renaming a category here leaves its entries under "Other" until they are changed
        too.
      </p>
      {props.saved ? (
        <p class="notice ok" role="status">
          Saved.
        </p>
      ) : null}
      {props.problems?.length ? (
        <div class="notice error" role="alert">
          <p>The taxonomy was not saved:</p>
          <ul>
            {props.problems.map((p) => (
              <li>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {props.orphans.length ? (
        <div class="notice">
          <p>Entries use categories the taxonomy does not have (their issues show them under "Other"):</p>
          <ul>
            {props.orphans.map((o) => (
              <li>
                {o.category} ({o.entries.toLocaleString("en")} {o.entries === 1 ? "entry" : "entries"})
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <form method="post" action="/desk/taxonomy" class="desk-taxonomy">
        <input type="hidden" name={CSRF_FIELD} value={props.session.csrfToken} />
        {/* First in the form, so Enter in a field saves rather than moving a section. */}
        <div class="actions">
          <button type="submit" name="op" value="save">
            Save taxonomy
          </button>
        </div>
        {[...sections, { name: "", categories: [] }].map((s, i) => (
          <SectionFields section={s} index={i} count={sections.length} />
        ))}
        <div class="actions">
          <button type="submit" name="op" value="save">
            Save taxonomy
          </button>
        </div>
      </form>
    </Page>
  );
}

/** /desk/taxonomy, for editors and admins (taxonomy.edit). */
export function taxonomyRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("*", requireDesk("taxonomy.edit"));
  app.get("/", async (c) =>
    c.html(
      <TaxonomyPage
        site={c.var.site}
        session={c.var.session!}
        sections={await loadTaxonomy(c.var.store)}
        saved={c.req.query("saved") === "1"}
        orphans={await orphanedCategories(c.var.store)}
      />,
    ),
  );
  app.post("/", async (c) => {
    const body = await c.req.parseBody({ all: true });
    const edited = applyOp(sectionsFromBody(body), parseOp(body.op));
    // A section left wholly blank (the "Add a section" one, or one emptied) is no section.
    const sections = edited.filter((s) => s.name !== "" || s.categories.length > 0);
    try {
      await changeTaxonomy(c.var.store, sections, "The taxonomy");
      return c.redirect("/desk/taxonomy?saved=1", 303);
    } catch (err) {
      if (!(err instanceof SummaError) || err.code !== "taxonomy.invalid") throw err;
      const problems = (err.details.problems as string[] | undefined) ?? [err.message];
      return c.html(
        <TaxonomyPage
          site={c.var.site}
          session={c.var.session!}
          sections={sections}
          problems={problems}
          orphans={await orphanedCategories(c.var.store)}
        />,
        422,
      );
    }
  });
  return app;
}
