import { Hono } from "hono";
import { SummaError } from "../../domain/errors.ts";
import { sendAuthorReviewEmail } from "../../entries/author-review-email.ts";
import {
  type AuthorReviewRequest,
  loadEntryForEditing,
  requestAuthorReview,
  revokeAuthorReviewLink,
} from "../../entries/index.ts";
import type { AppEnv } from "../env.ts";
import { parseRowId } from "../params.ts";
import { siteOrigin } from "../security.ts";
import { type Ctx, editor, entryIdOf, fieldErrors } from "./entries-render.tsx";
import { valuesFromEntry } from "./entries-values.ts";

type FormBody = Record<string, string | File | (string | File)[]>;

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** The entry page again, with a notice or the form's errors (the author-review panel shows them). */
async function entryPage(
  c: Ctx,
  id: number,
  extra: { notice?: string; errors?: Record<string, string> },
  status: 200 | 422 = 200,
) {
  const { entry, editable } = await loadEntryForEditing(c.var.store, c.var.session!.user, id);
  return editor(c, { values: valuesFromEntry(entry), entry, editable, ...extra }, status);
}

/**
 * /desk/entries/:id/author-reviews: ask an author to review (a link shown once, and emailed
 * when an address is given), and withdraw a link. Editors only (the service checks).
 */
export function authorReviewRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post("/:id/author-reviews", async (c) => {
    const id = entryIdOf(c);
    const body = (await c.req.parseBody()) as FormBody;
    const days = text(body.days).trim();
    let request: AuthorReviewRequest;
    try {
      request = await requestAuthorReview(c.var.store, c.var.session!.user, id, {
        name: text(body.name),
        email: text(body.email),
        days: days ? Number(days) : undefined,
      });
    } catch (err) {
      const errors = fieldErrors(err);
      if (!errors) throw err;
      return entryPage(c, id, { errors }, 422);
    }
    const url = `${c.var.site.baseUrl || siteOrigin(c)}${request.path}`;
    const until = request.expiresAt.slice(0, 10);
    const email = text(body.email).trim();
    let sent = "";
    if (email) {
      try {
        await sendAuthorReviewEmail(c.var.store, c.var.mail, {
          id: request.id,
          url,
          baseUrl: c.var.site.baseUrl,
        });
        sent = ` It was emailed to ${email}.`;
      } catch (err) {
        if (!(err instanceof SummaError)) throw err;
        sent = ` It was not emailed: ${err.message}.`;
      }
    }
    return entryPage(c, id, {
      notice: `Review link (works until ${until}; copy it now, it is not shown again): ${url}.${sent}`,
    });
  });

  app.post("/:id/author-reviews/:rid/revoke", async (c) => {
    const id = entryIdOf(c);
    const rid = parseRowId(c.req.param("rid")) ?? Number.NaN;
    await revokeAuthorReviewLink(c.var.store, c.var.session!.user, id, rid);
    return c.redirect(`/desk/entries/${id}/edit#author-review`, 303);
  });

  return app;
}
