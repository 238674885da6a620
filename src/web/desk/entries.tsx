import { Hono } from "hono";
import type { SummaError } from "../../domain/errors.ts";
import {
  createEntry,
  listEntriesForEditing,
  loadEntryForEditing,
  possibleDuplicates,
  previewEntry,
  reviseEntry,
  suggestTitles,
} from "../../entries/index.ts";
import type { AppEnv } from "../env.ts";
import { parseRowId } from "../params.ts";
import { authorReviewRoutes } from "./entries-author-review-routes.tsx";
import { PreviewPanel } from "./entries-form.tsx";
import { EntryListPage } from "./entries-list.tsx";
import { conflictOf, editor, entryIdOf, fieldErrors } from "./entries-render.tsx";
import { doneNotice, formVersion, reviewRoutes } from "./entries-review-routes.tsx";
import {
  blankValues,
  type FormBody,
  inputFromValues,
  valuesFromBody,
  valuesFromEntry,
} from "./entries-values.ts";
import { entryDuplicateRoutes, wantsDuplicateCheck } from "./entry-duplicates.tsx";
import { entryFillRoutes, fillFromForm } from "./entry-fill.tsx";

/**
 * /desk/entries: the list, the editor (new and edit, with a no-JavaScript Preview button), the
 * live preview fragment and the `<@` title suggestions desk.js asks for.
 */
export function entriesRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/", async (c) => {
    const list = await listEntriesForEditing(c.var.store, c.var.session!.user, {
      status: c.req.query("status"),
      scope: c.req.query("scope"),
      q: c.req.query("q"),
      page: Number(c.req.query("page") ?? "1"),
    });
    return c.html(<EntryListPage site={c.var.site} session={c.var.session!} list={list} />);
  });

  app.route("/fill", entryFillRoutes());
  app.route("/duplicates", entryDuplicateRoutes());

  app.get("/titles", async (c) => {
    const titles = await suggestTitles(c.var.store, c.req.query("q") ?? "");
    c.header("Cache-Control", "no-store");
    return c.json({ titles: titles.map((t) => ({ id: t.id, title: t.title, issue: t.issueLabel })) });
  });

  // desk.js posts the whole form here while the person types (CSRF token in X-CSRF-Token).
  app.post("/preview", async (c) => {
    const body = (await c.req.parseBody()) as FormBody;
    const id = parseRowId(body.id) ?? undefined;
    const preview = await previewEntry(
      c.var.store,
      c.var.session!.user,
      inputFromValues(valuesFromBody(body), false),
      id,
    );
    c.header("Cache-Control", "no-store");
    return c.html(<PreviewPanel preview={preview} />);
  });

  app.get("/new", (c) => editor(c, { values: blankValues(), editable: true }));

  // An entry's own address (My queue, the inbox's "picked as" and "already summarized as" link
  // here) is its page on the desk: the editor.
  app.get("/:id{[0-9]+}", (c) => c.redirect(`/desk/entries/${c.req.param("id")}/edit`, 302));

  app.post("/new", async (c) => {
    const body = (await c.req.parseBody()) as FormBody;
    const values = valuesFromBody(body);
    if (body.action === "preview") return editor(c, { values, editable: true, preview: true });
    if (body.action === "fill") return editor(c, { ...(await fillFromForm(c, values)), editable: true });
    if (wantsDuplicateCheck(body.action)) {
      const duplicates = await possibleDuplicates(c.var.store, values.text);
      if (duplicates.length) return editor(c, { values, editable: true, preview: true, duplicates });
    }
    try {
      const entry = await createEntry(c.var.store, c.var.session!.user, inputFromValues(values, true));
      return c.redirect(`/desk/entries/${entry.id}/edit?saved=1`, 303);
    } catch (err) {
      const errors = fieldErrors(err);
      if (!errors) throw err;
      const status = (err as SummaError).code === "conflict" ? 409 : 422;
      return editor(c, { values, editable: true, errors, preview: true }, status);
    }
  });

  app.get("/:id/edit", async (c) => {
    const { entry, editable } = await loadEntryForEditing(c.var.store, c.var.session!.user, entryIdOf(c));
    return editor(c, {
      values: valuesFromEntry(entry),
      entry,
      editable,
      saved: c.req.query("saved") === "1",
      notice: doneNotice(c.req.query("done")),
    });
  });

  app.post("/:id/edit", async (c) => {
    const { entry, editable } = await loadEntryForEditing(c.var.store, c.var.session!.user, entryIdOf(c));
    const body = (await c.req.parseBody()) as FormBody;
    const values = valuesFromBody(body);
    if (body.action === "preview") return editor(c, { values, entry, editable, preview: true });
    if (body.action === "fill") return editor(c, { ...(await fillFromForm(c, values)), entry, editable });
    if (editable && wantsDuplicateCheck(body.action)) {
      const duplicates = await possibleDuplicates(c.var.store, values.text, entry.id);
      if (duplicates.length) return editor(c, { values, entry, editable, preview: true, duplicates });
    }

    const withStatus = entry.status !== "in_issue" && entry.status !== "published";
    try {
      // The service decides who may change what (and refuses with 403 otherwise); the version
      // the form was loaded at makes a save over someone else's a 409, never an overwrite.
      await reviseEntry(c.var.store, c.var.session!.user, entry.id, {
        ...inputFromValues(values, withStatus),
        ...formVersion(body),
      });
      return c.redirect(`/desk/entries/${entry.id}/edit?saved=1`, 303);
    } catch (err) {
      const conflict = conflictOf(err);
      if (conflict) {
        const current = await loadEntryForEditing(c.var.store, c.var.session!.user, entry.id);
        return editor(c, { values, entry: current.entry, editable, conflict, preview: true }, 409);
      }
      const errors = fieldErrors(err);
      if (!errors) throw err;
      const status = (err as SummaError).code === "conflict" ? 409 : 422;
      return editor(c, { values, entry, editable, errors, preview: true }, status);
    }
  });

  app.route("/", reviewRoutes());
  app.route("/", authorReviewRoutes());
  return app;
}
