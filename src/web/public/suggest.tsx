import { Hono } from "hono";
import { SummaError } from "../../domain/errors.ts";
import { type Suggestion, suggestPaper } from "../../inbox/index.ts";
import { clientAddress } from "../client.ts";
import type { AppEnv, Site } from "../env.ts";
import { httpStatusFor } from "../http-errors.ts";
import { Page } from "../layout.tsx";
import { formText } from "../params.ts";
import { fromAnotherSite } from "./subscribe.tsx";
import { smallForm } from "./subscription-common.tsx";

/** The same trap as the sign-up form's: a field people cannot see or reach. */
const HONEYPOT = "website";

interface FormProps {
  site: Site;
  values?: Partial<Suggestion>;
  error?: { field: string; message: string };
}

function SuggestPage({ site, values = {}, error }: FormProps) {
  const invalid = (field: string) => (error?.field === field ? "true" : undefined);
  const describedBy = (field: string) => (error?.field === field ? "suggest-error" : undefined);
  return (
    <Page site={site} title={error ? "Please check your suggestion" : "Suggest a paper"}>
      <section class="reading narrow-page">
        <h1>Suggest a paper</h1>
        <p>
          Seen something {site.name || "the newsletter"} should summarize? Send its address. If it is picked,
          your name goes in the hat tip (H/T).
        </p>
        <form method="post" action="/suggest" class="suggest-form">
          {error ? (
            <p class="notice error" role="alert" id="suggest-error">
              {error.message}
            </p>
          ) : null}
          <div class="field">
            <label for="suggest-url">Address of the paper or post</label>
            <input
              type="url"
              id="suggest-url"
              name="url"
              required
              maxlength={2000}
              value={values.url ?? ""}
              aria-invalid={invalid("url")}
              aria-describedby={describedBy("url")}
            />
          </div>
          <div class="field">
            <label for="suggest-title">
              Title <span class="hint">(optional)</span>
            </label>
            <input
              type="text"
              id="suggest-title"
              name="title"
              maxlength={500}
              value={values.title ?? ""}
              aria-invalid={invalid("title")}
              aria-describedby={describedBy("title")}
            />
          </div>
          <div class="field">
            <label for="suggest-note">
              Why it matters <span class="hint">(optional)</span>
            </label>
            <textarea
              id="suggest-note"
              name="note"
              maxlength={2000}
              rows={4}
              aria-invalid={invalid("note")}
              aria-describedby={describedBy("note")}
            >
              {values.note ?? ""}
            </textarea>
          </div>
          <div class="field">
            <label for="suggest-name">
              Your name, for the hat tip <span class="hint">(optional)</span>
            </label>
            <input
              type="text"
              id="suggest-name"
              name="name"
              maxlength={200}
              autocomplete="name"
              value={values.name ?? ""}
              aria-invalid={invalid("name")}
              aria-describedby={describedBy("name")}
            />
          </div>
          <div class="hp" aria-hidden="true">
            <label for={`suggest-${HONEYPOT}`}>Leave this field empty</label>
            <input type="text" id={`suggest-${HONEYPOT}`} name={HONEYPOT} tabindex={-1} autocomplete="off" />
          </div>
          <div class="actions">
            <button type="submit">Suggest</button>
          </div>
        </form>
      </section>
    </Page>
  );
}

/** GET/POST /suggest: the public suggest-a-paper form, protected as the sign-up form is. */
export function suggestRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Switched off (inbox.suggest_public = off): the form and its thanks are not there at all.
  app.use("/suggest/*", async (c, next) => (c.var.site.suggestPublic ? next() : c.notFound()));
  app.use("/suggest", async (c, next) => (c.var.site.suggestPublic ? next() : c.notFound()));
  app.get("/suggest", (c) => c.html(<SuggestPage site={c.var.site} />));

  // As /subscribe: no session, so the Origin check stands in for a CSRF token; a body far larger
  // than the fields is refused unread; a bot that fills the hidden field is thanked and ignored.
  app.post("/suggest", smallForm(), async (c) => {
    if (fromAnotherSite(c))
      throw new SummaError("auth.csrf", "This form was sent from another site. Please suggest on this site.");
    const body = await c.req.parseBody();
    if (formText(body, HONEYPOT) !== "") return c.redirect("/suggest/thanks", 303);
    const values: Suggestion = {
      url: formText(body, "url"),
      title: formText(body, "title"),
      note: formText(body, "note"),
      name: formText(body, "name"),
    };
    try {
      const { lookUp } = await suggestPaper(c.var.store, values, { client: clientAddress(c) });
      // Without a title the address stands in for one: the page is read after this answer.
      c.var.inbox.jobs.lookUpSoon(lookUp);
    } catch (err) {
      if (!(err instanceof SummaError) || err.code !== "input.invalid") throw err;
      const clean = (s: string) => s.replace(/(?![\n])\p{Cc}/gu, "");
      return c.html(
        <SuggestPage
          site={c.var.site}
          values={{
            url: clean(values.url),
            title: clean(values.title),
            note: clean(values.note),
            name: clean(values.name),
          }}
          error={{ field: String(err.details.field ?? "url"), message: err.message }}
        />,
        httpStatusFor(err.code),
      );
    }
    return c.redirect("/suggest/thanks", 303);
  });

  app.get("/suggest/thanks", (c) =>
    c.html(
      <Page site={c.var.site} title="Thank you">
        <section class="reading narrow-page">
          <h1>Thank you</h1>
          <p>Your suggestion is with the editor. Whether it is summarized, you will see in a coming issue.</p>
          <p>
            <a href="/suggest">Suggest another</a> or search the <a href="/database">database</a>.
          </p>
        </section>
      </Page>,
    ),
  );
  return app;
}
