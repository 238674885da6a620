import { Hono } from "hono";
import type { Store, SubscriberRow } from "../../store/index.ts";
import {
  type ConfirmOutcome,
  confirmSubscription,
  loadPageLinkConfig,
  subscriberForLink,
  subscriberLinks,
} from "../../subscribers/index.ts";
import type { AppEnv, Site } from "../env.ts";
import { Page } from "../layout.tsx";
import { BAD_LINK_STATUS, BadLinkPage, linkToken, smallForm } from "./subscription-common.tsx";

/** The reader's preferences page, for the links after confirming (site_url's, else relative). */
async function preferencesUrl(store: Store, row: SubscriberRow): Promise<string> {
  return subscriberLinks(await loadPageLinkConfig(store), row).preferencesUrl;
}

function ConfirmPage(props: { site: Site; token: string; email: string }) {
  return (
    <Page site={props.site} title="Confirm your subscription" current="subscribe">
      <section class="reading narrow-page">
        <h1>Confirm your subscription</h1>
        <p>
          Send {props.site.name} to <strong>{props.email}</strong>?
        </p>
        <form method="post" action={`/subscribe/confirm?t=${props.token}`}>
          <div class="actions">
            <button type="submit">Confirm my subscription</button>
          </div>
        </form>
        <p class="muted">
          If you did not ask to subscribe, close this page: without a confirmation, nothing is sent.
        </p>
      </section>
    </Page>
  );
}

const DONE: Record<ConfirmOutcome, { title: string; text: string }> = {
  confirmed: {
    title: "You are subscribed",
    text: "Thank you for confirming. The next issue will come to this address.",
  },
  "already-subscribed": {
    title: "You are already subscribed",
    text: "This address was confirmed before; nothing has changed.",
  },
  suppressed: {
    title: "We cannot send to this address",
    text: "Mail to this address bounced or was reported as spam, so the newsletter no longer sends to it. If that has changed, write to the editor.",
  },
  stale: {
    title: "This link is older than your unsubscribe",
    text: "You unsubscribed after this link was sent, so it no longer subscribes you. To subscribe again, use the form for a new link.",
  },
};

function ConfirmedPage(props: { site: Site; outcome: ConfirmOutcome; email: string; preferences?: string }) {
  const done = DONE[props.outcome];
  return (
    <Page site={props.site} title={done.title} current="subscribe">
      <section class="reading narrow-page">
        <h1>{done.title}</h1>
        <p class={props.outcome === "confirmed" ? "notice ok" : "notice"} role="status">
          {done.text}
        </p>
        <p>
          Address: <strong>{props.email}</strong>
        </p>
        {props.preferences ? (
          <p>
            Choose the full issue or the highlights only, pause or unsubscribe on your{" "}
            <a href={props.preferences}>preferences page</a>.
          </p>
        ) : props.outcome === "stale" ? (
          <p>
            <a href="/subscribe">Subscribe again</a>
          </p>
        ) : null}
        <p>
          Meanwhile, read the <a href="/issues">archive</a>.
        </p>
      </section>
    </Page>
  );
}

/**
 * GET/POST /subscribe/confirm?t=TOKEN. GET only shows a button: mail scanners (Outlook Safe
 * Links, corporate gateways) open every link in a message, and a GET that confirmed would let
 * them subscribe an address whose owner never clicked, defeating double opt-in. The button's
 * POST confirms; the token, not a CSRF token, is the authority (only the address's owner has it).
 */
export function confirmRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/subscribe/confirm", async (c) => {
    c.header("Cache-Control", "no-store");
    const token = linkToken(c);
    const linked = await subscriberForLink(c.var.store, token, "confirm");
    if (!linked) return c.html(<BadLinkPage site={c.var.site} what="confirm" />, BAD_LINK_STATUS);
    return c.html(<ConfirmPage site={c.var.site} token={token} email={linked.subscriber.email} />);
  });

  // Answered in place (no redirect): confirming twice is harmless, and the page needs the result.
  app.post("/subscribe/confirm", smallForm(), async (c) => {
    c.header("Cache-Control", "no-store");
    const result = await confirmSubscription(c.var.store, linkToken(c));
    if (!result) return c.html(<BadLinkPage site={c.var.site} what="confirm" />, BAD_LINK_STATUS);
    if (result.welcomeQueued) c.var.signupQueued();
    const row = result.subscriber;
    const showPreferences = row.status === "active" || row.status === "paused";
    return c.html(
      <ConfirmedPage
        site={c.var.site}
        outcome={result.outcome}
        email={row.email}
        preferences={showPreferences ? await preferencesUrl(c.var.store, row) : undefined}
      />,
    );
  });
  return app;
}
