import { Hono } from "hono";
import { SummaError } from "../../domain/errors.ts";
import {
  commentOnEntry,
  entryRevision,
  loadEntryForEditing,
  restoreRevision,
  reviewEntry,
  reviseEntry,
} from "../../entries/index.ts";
import type { AppEnv } from "../env.ts";
import { parseRowId } from "../params.ts";
import { RevisionPage } from "./entries-history.tsx";
import { conflictOf, editor, entryIdOf, fieldErrors } from "./entries-render.tsx";
import { type FormBody, inputFromValues, valuesFromBody, valuesFromEntry } from "./entries-values.ts";

/** The version a form was loaded at ({} when it sent none: an old page, which then saves as before). */
export function formVersion(body: FormBody): { version?: number } {
  const raw = typeof body.version === "string" ? body.version.trim() : "";
  return /^\d{1,9}$/.test(raw) ? { version: Number(raw) } : {};
}

const NOTICES: Record<string, string> = {
  submit: "Submitted for review.",
  withdraw: "Withdrawn to draft.",
  request_changes: "Changes requested.",
  mark_ready: "Marked ready.",
  comment: "Comment added.",
  restored: "Restored: the entry now has that version's fields, saved as a new version.",
};

/**
 * The review's routes under /desk/entries/:id: review steps and comments, autosave (JSON for
 * desk.js, with the same version check as Save), one revision's diff, and restore.
 */
export function reviewRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post("/:id/review", async (c) => {
    const user = c.var.session!.user;
    const id = entryIdOf(c);
    const body = (await c.req.parseBody()) as FormBody;
    const action = typeof body.action === "string" ? body.action : "";
    const comment = typeof body.comment === "string" ? body.comment : "";
    try {
      if (action === "comment") await commentOnEntry(c.var.store, user, id, comment);
      else await reviewEntry(c.var.store, user, id, action, { comment, ...formVersion(body) });
      return c.redirect(`/desk/entries/${id}/edit?done=${encodeURIComponent(action)}#review`, 303);
    } catch (err) {
      const { entry, editable } = await loadEntryForEditing(c.var.store, user, id);
      const conflict = conflictOf(err);
      if (conflict) return editor(c, { values: valuesFromEntry(entry), entry, editable, conflict }, 409);
      const errors = fieldErrors(err);
      if (!errors) throw err;
      const status = (err as SummaError).code === "review.invalid_transition" ? 409 : 422;
      return editor(c, { values: valuesFromEntry(entry), entry, editable, errors }, status);
    }
  });

  // desk.js posts the form here 2 s after typing stops; the answer is JSON for its status line.
  app.post("/:id/autosave", async (c) => {
    const user = c.var.session!.user;
    const { entry } = await loadEntryForEditing(c.var.store, user, entryIdOf(c));
    const body = (await c.req.parseBody()) as FormBody;
    c.header("Cache-Control", "no-store");
    try {
      const saved = await reviseEntry(
        c.var.store,
        user,
        entry.id,
        { ...inputFromValues(valuesFromBody(body), false), ...formVersion(body) },
        { autosave: true },
      );
      return c.json({ saved: true, version: saved.version, at: new Date().toISOString() });
    } catch (err) {
      if (!(err instanceof SummaError)) throw err;
      const status = err.code === "entry.conflict" ? 409 : err.code === "auth.forbidden" ? 403 : 422;
      return c.json({ error: { code: err.code, message: err.message, ...err.details } }, status);
    }
  });

  app.get("/:id/revisions/:rev", async (c) => {
    const user = c.var.session!.user;
    const revisionId = parseRowId(c.req.param("rev")) ?? Number.NaN;
    const { entry, revision } = await entryRevision(c.var.store, user, entryIdOf(c), revisionId);
    const { editable } = await loadEntryForEditing(c.var.store, user, entry.id);
    return c.html(
      <RevisionPage
        site={c.var.site}
        session={c.var.session!}
        entry={entry}
        revision={revision}
        canRestore={editable}
      />,
    );
  });

  app.post("/:id/revisions/:rev/restore", async (c) => {
    const user = c.var.session!.user;
    const id = entryIdOf(c);
    const revisionId = parseRowId(c.req.param("rev")) ?? Number.NaN;
    const body = (await c.req.parseBody()) as FormBody;
    try {
      await restoreRevision(c.var.store, user, id, revisionId, formVersion(body).version);
      return c.redirect(`/desk/entries/${id}/edit?done=restored#history`, 303);
    } catch (err) {
      const conflict = conflictOf(err);
      if (!conflict) throw err;
      const { entry, editable } = await loadEntryForEditing(c.var.store, user, id);
      return editor(c, { values: valuesFromEntry(entry), entry, editable, conflict }, 409);
    }
  });

  return app;
}

/** The notice for ?done=... after a review step, a comment or a restore. */
export function doneNotice(done: string | undefined): string | undefined {
  return done ? NOTICES[done] : undefined;
}
