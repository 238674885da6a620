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
import { formText, parseRowId } from "../params.ts";
import { siteOrigin } from "../security.ts";
import { type Ctx, editor, entryIdOf, fieldErrors } from "./entries-render.tsx";
import { type FormBody, valuesFromEntry } from "./entries-values.ts";

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
    const days = formText(body, "days").trim();
    let request: AuthorReviewRequest;
    try {
      request = await requestAuthorReview(c.var.store, c.var.session!.user, id, {
        name: formText(body, "name"),
        email: formText(body, "email"),
        days: days ? Number(days) : undefined,
      });
    } catch (err) {
      const errors = fieldErrors(err);
      if (!errors) throw err;
      return entryPage(c, id, { errors }, 422);
    }
    const url = `${c.var.site.baseUrl || siteOrigin(c)}${request.path}`;
    const until = request.expiresAt.slice(0, 10);
    const email = formText(body, "email").trim();
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
