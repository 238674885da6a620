import { type Context, Hono } from "hono";
import { SummaError } from "../../domain/errors.ts";
import { requestSubscription } from "../../subscribers/index.ts";
import { clientAddress } from "../client.ts";
import type { AppEnv, Site } from "../env.ts";
import { httpStatusFor } from "../http-errors.ts";
import { Page } from "../layout.tsx";
import { formText } from "../params.ts";
import { siteOrigin } from "../security.ts";
import { logLine, smallForm } from "./subscription-common.tsx";

/** A field people cannot see or reach: only a bot filling every input puts something in it. */
const HONEYPOT = "website";

export interface SubscribeFormProps {
  /** What the reader typed, shown again after an error. */
  email?: string;
  name?: string;
  /** The edition chosen ("full" unless the reader picked the highlights). */
  edition?: string;
  error?: { field: string; message: string };
  /** Prefix of the inputs' ids, unique in the page. */
  idPrefix?: string;
}

/** The subscribe form (email, optional name, a honeypot), posting to /subscribe. */
export function SubscribeForm(props: SubscribeFormProps) {
  const id = props.idPrefix ?? "subscribe";
  const error = props.error;
  const invalid = (field: string) => (error?.field === field ? "true" : undefined);
  const describedBy = (field: string) => (error?.field === field ? `${id}-error` : undefined);
  return (
    <form method="post" action="/subscribe" class="subscribe-form">
      {error ? (
        <p class="notice error" role="alert" id={`${id}-error`}>
          {error.message}
        </p>
      ) : null}
      <div class="field">
        <label for={`${id}-email`}>Email address</label>
        <input
          type="email"
          id={`${id}-email`}
          name="email"
          required
          maxlength={254}
          autocomplete="email"
          inputmode="email"
          value={props.email ?? ""}
          aria-invalid={invalid("email")}
          aria-describedby={describedBy("email")}
        />
      </div>
      <div class="field">
        <label for={`${id}-name`}>
          Name <span class="hint">(optional)</span>
        </label>
        <input
          type="text"
          id={`${id}-name`}
          name="name"
          maxlength={200}
          autocomplete="name"
          value={props.name ?? ""}
          aria-invalid={invalid("name")}
          aria-describedby={describedBy("name")}
        />
      </div>
      <fieldset class="field plain">
        <legend>What to receive</legend>
        <label for={`${id}-edition-full`}>
          <input
            type="radio"
            id={`${id}-edition-full`}
            name="edition"
            value="full"
            checked={props.edition !== "highlights"}
          />{" "}
          The full issue
        </label>
        <label for={`${id}-edition-highlights`}>
          <input
            type="radio"
            id={`${id}-edition-highlights`}
            name="edition"
            value="highlights"
            checked={props.edition === "highlights"}
          />{" "}
          The highlights only
        </label>
      </fieldset>
      <div class="hp" aria-hidden="true">
        <label for={`${id}-${HONEYPOT}`}>Leave this field empty</label>
        <input type="text" id={`${id}-${HONEYPOT}`} name={HONEYPOT} tabindex={-1} autocomplete="off" />
      </div>
      <div class="actions">
        <button type="submit">Subscribe</button>
        <span class="hint">One email a week. New addresses stay pending until confirmed.</span>
      </div>
    </form>
  );
}

function SubscribePage({ site, ...form }: SubscribeFormProps & { site: Site }) {
  return (
    <Page site={site} title={form.error ? "Please check your address" : "Subscribe"} current="subscribe">
      <section class="reading narrow-page">
        <h1>Subscribe to {site.name}</h1>
        <p>
          Each issue arrives by email; every past issue is in the <a href="/issues">archive</a>.
        </p>
        <SubscribeForm {...form} idPrefix="subscribe-page" />
      </section>
    </Page>
  );
}

/**
 * Whether a POST comes from a page of another site. This form is public, so there is no
 * session to hold a CSRF token; it relies instead on what browsers send. Session cookies are
 * SameSite=Lax, so no login rides along on another site's POST (and this form needs none),
 * and a browser posting across origins always sends Origin (modern ones Sec-Fetch-Site too),
 * which must name this site (siteOrigin: newsletter.site_url's origin once it is set, not the
 * Host header). "Origin: null" (sandboxed or privacy-stripped) is refused. A request with
 * neither header is not from a browser, where a token would stop nothing either. The worst a
 * forged request can do is add a pending address, which needs confirming.
 */
export function fromAnotherSite(c: Context<AppEnv>): boolean {
  const origin = c.req.header("origin");
  if (origin !== undefined) return origin !== siteOrigin(c);
  return c.req.header("sec-fetch-site") === "cross-site";
}

/** GET/POST /subscribe and the page after it. */
export function subscribeRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/subscribe", (c) => c.html(<SubscribePage site={c.var.site} />));

  // Redirecting after the POST (not answering in place) keeps a reload from posting again, and
  // gives every accepted request the same answer, new address or not.
  // Anyone may post here: a body far larger than an address and a name is refused unread.
  app.post("/subscribe", smallForm(), async (c) => {
    if (fromAnotherSite(c))
      throw new SummaError(
        "auth.csrf",
        "This form was sent from another site. Please subscribe on this site.",
      );
    const body = await c.req.parseBody();
    const text = (key: string) => formText(body, key);
    if (text(HONEYPOT) !== "") return c.redirect("/subscribe/thanks", 303);
    const email = text("email");
    const name = text("name");
    const edition = text("edition");
    try {
      const outcome = await requestSubscription(
        c.var.store,
        { email, name, edition, source: "web" },
        { client: clientAddress(c) },
      );
      // The email is sent by the sign-up mailer, after this answer (same time for every address).
      if (outcome === "queued") c.var.signupQueued();
      if (outcome === "queued" && !c.var.mail)
        logLine("SMTP_URL is not set: a sign-up email waits in the queue until a server with SMTP_URL runs");
    } catch (err) {
      if (!(err instanceof SummaError) || err.code !== "input.invalid") throw err;
      const field = String(err.details.field ?? "email");
      // Shown again for correcting, without the control characters that were refused.
      const clean = (s: string) => s.replace(/\p{Cc}/gu, "");
      return c.html(
        <SubscribePage
          site={c.var.site}
          email={clean(email)}
          name={clean(name)}
          edition={edition}
          error={{ field, message: err.message }}
        />,
        httpStatusFor(err.code),
      );
    }
    return c.redirect("/subscribe/thanks", 303);
  });

  app.get("/subscribe/thanks", (c) =>
    c.html(
      <Page site={c.var.site} title="Thank you" current="subscribe">
        <section class="reading narrow-page">
          <h1>Thank you</h1>
          {c.var.mail ? (
            <p>
              Please check your inbox: we have sent you an email with a link to confirm your subscription (or,
              if you are already subscribed, a link to your preferences). It may take a few minutes; look in
              your spam folder if it does not arrive.
            </p>
          ) : (
            <p>
              Your address is recorded, pending confirmation. This site cannot send email yet, so the
              confirmation will come later.
            </p>
          )}
          <p>
            Meanwhile, read the <a href="/issues">archive</a> or search the <a href="/database">database</a>.
          </p>
        </section>
      </Page>,
    ),
  );
  return app;
}
