import { Hono } from "hono";
import { raw } from "hono/html";
import { SummaError } from "../../domain/errors.ts";
import { answerAuthorReview, type OpenedReview, openAuthorReview } from "../../entries/index.ts";
import type { AppEnv, Site } from "../env.ts";
import { Page } from "../layout.tsx";
import { formText } from "../params.ts";
import { siteOrigin } from "../security.ts";
import { smallForm } from "./subscription-common.tsx";

/**
 * /review/TOKEN: an author's view of the planned summary of their work, from the link the
 * editor sent (entries/author-review.ts). No account: the link is the key, for this one entry.
 * Works without JavaScript; never cached (the page cache serves only its listed public paths).
 */

const ANSWER_WORDS: Record<string, string> = {
  approved: "You approved this summary",
  commented: "You sent comments",
};

function ClosedPage({ site, review }: { site: Site; review: Extract<OpenedReview, { open: false }> }) {
  return (
    <Page site={site} title="This review link is closed">
      <section class="reading narrow-page">
        <h1>This review link is closed</h1>
        <p>
          {review.why === "revoked"
            ? "The editor withdrew this link, so it no longer shows the planned summary."
            : `This link stopped working on ${review.request.expires_at.slice(0, 10)}.`}{" "}
          If you still want to comment, reply to the editor of {review.newsletter} who sent it.
        </p>
      </section>
    </Page>
  );
}

function field(errors: Record<string, string>, name: string) {
  return errors[name] ? { "aria-invalid": "true", "aria-describedby": `${name}-error` } : {};
}

function ReviewPage(props: {
  site: Site;
  token: string;
  review: Extract<OpenedReview, { open: true }>;
  errors?: Record<string, string>;
  values?: Record<string, string>;
  saved?: boolean;
}) {
  const { request, preview } = props.review;
  const errors = props.errors ?? {};
  const v = props.values ?? {
    comment: request.comment,
    summary: request.suggested_summary,
    opinion: request.suggested_opinion,
  };
  const answered = ANSWER_WORDS[request.state];
  return (
    <Page site={props.site} title="Review the planned summary">
      <section class="reading author-review">
        <h1>The planned summary of “{props.review.title}”</h1>
        <p>
          {request.author_name}, {request.requested_by_name || "the editor"} plans to summarize your work in{" "}
          {props.review.newsletter} as below ({preview.placement}). You can approve it, or comment and suggest
          other wording; the editor reads every answer and decides. This link works until{" "}
          {request.expires_at.slice(0, 10)} and shows only this summary.
        </p>
        {props.saved ? (
          <p class="notice ok" role="status">
            Thank you: your answer was sent. You can change it here until the link closes.
          </p>
        ) : answered ? (
          <p class="notice" role="status">
            {answered} on {request.responded_at?.slice(0, 10)}; you can change your answer below.
          </p>
        ) : null}
        <article class="card planned-summary" aria-label="The planned summary">
          {raw(preview.html)}
        </article>
        <form method="post" action={`/review/${props.token}`} class="author-review-form" novalidate>
          {errors.form ? (
            <p class="notice error" role="alert">
              {errors.form}
            </p>
          ) : null}
          <div class={errors.comment ? "field invalid" : "field"}>
            <label for="comment">Comments for the editor</label>
            <textarea id="comment" name="comment" rows={4} maxlength={5000} {...field(errors, "comment")}>
              {v.comment}
            </textarea>
            {errors.comment ? (
              <p class="field-error" id="comment-error">
                {errors.comment}
              </p>
            ) : null}
          </div>
          <details open={Boolean(v.summary || v.opinion) || undefined}>
            <summary>Suggest other wording</summary>
            <div class="field">
              <label for="summary">Your version of the summary (Markdown)</label>
              <textarea id="summary" name="summary" rows={8} maxlength={20000}>
                {v.summary}
              </textarea>
            </div>
            <div class="field">
              <label for="opinion">Your version of the opinion (Markdown)</label>
              <textarea id="opinion" name="opinion" rows={4} maxlength={20000}>
                {v.opinion}
              </textarea>
            </div>
          </details>
          <div class="actions">
            <button type="submit" name="decision" value="approve">
              Approve as it is
            </button>
            <button type="submit" name="decision" value="comment" class="subtle">
              Send comments
            </button>
          </div>
          <p class="muted">
            What is stored: your answer, your comments and suggested text, and when you answered, for the
            editor of {props.review.newsletter}. Nothing else about you.
          </p>
        </form>
      </section>
    </Page>
  );
}

export function authorReviewRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/review/:token", async (c) => {
    const token = c.req.param("token");
    const review = await openAuthorReview(c.var.store, token);
    // A personal page: not indexed, not kept, and its address not told to other sites
    // (same-origin, not no-referrer: under no-referrer the form's POST says "Origin: null").
    c.header("Cache-Control", "no-store");
    c.header("X-Robots-Tag", "noindex");
    c.header("Referrer-Policy", "same-origin");
    if (!review.open) return c.html(<ClosedPage site={c.var.site} review={review} />, 410);
    return c.html(
      <ReviewPage site={c.var.site} token={token} review={review} saved={c.req.query("saved") === "1"} />,
    );
  });

  app.post("/review/:token", smallForm(), async (c) => {
    const token = c.req.param("token");
    const origin = c.req.header("origin");
    if (origin && origin !== siteOrigin(c))
      throw new SummaError("auth.csrf", "This form did not come from this site. Open the review link again.");
    c.header("Cache-Control", "no-store");
    c.header("Referrer-Policy", "same-origin");
    const body = await c.req.parseBody();
    const values = {
      comment: formText(body, "comment"),
      summary: formText(body, "summary"),
      opinion: formText(body, "opinion"),
    };
    try {
      await answerAuthorReview(c.var.store, token, {
        decision: formText(body, "decision"),
        comment: values.comment,
        suggestedSummary: values.summary,
        suggestedOpinion: values.opinion,
      });
    } catch (err) {
      if (!(err instanceof SummaError)) throw err;
      const review = await openAuthorReview(c.var.store, token);
      if (!review.open) return c.html(<ClosedPage site={c.var.site} review={review} />, 410);
      if (err.code !== "input.invalid") throw err;
      const fields = (err.details.fields as Record<string, string> | undefined) ?? {};
      const errors = Object.keys(fields).length ? fields : { form: err.message };
      return c.html(
        <ReviewPage site={c.var.site} token={token} review={review} errors={errors} values={values} />,
        422,
      );
    }
    return c.redirect(`/review/${token}?saved=1`, 303);
  });

  return app;
}
