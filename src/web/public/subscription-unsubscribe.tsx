import { Hono } from "hono";
import type { SubscriberRow } from "../../store/index.ts";
import {
  loadPageLinkConfig,
  subscriberForLink,
  subscriberLinks,
  unsubscribe,
} from "../../subscribers/index.ts";
import type { AppEnv, Site } from "../env.ts";
import { Page } from "../layout.tsx";
import { BAD_LINK_STATUS, BadLinkPage, linkToken, smallForm } from "./subscription-common.tsx";

function AskPage(props: { site: Site; token: string; row: SubscriberRow; preferences: string }) {
  const gone = props.row.status === "unsubscribed" || props.row.status === "suppressed";
  return (
    <Page site={props.site} title="Unsubscribe" current="subscribe">
      <section class="reading narrow-page">
        <h1>Unsubscribe</h1>
        {gone ? (
          <p class="notice" role="status">
            <strong>{props.row.email}</strong> receives no more issues of {props.site.name}.
          </p>
        ) : (
          <>
            <p>
              Stop sending {props.site.name} to <strong>{props.row.email}</strong>?
            </p>
            <form method="post" action={`/unsubscribe?t=${props.token}`}>
              <div class="actions">
                <button type="submit" class="danger">
                  Unsubscribe
                </button>
              </div>
            </form>
          </>
        )}
        <p>
          Or receive only the highlights, or pause for a while, on your{" "}
          <a href={props.preferences}>preferences page</a>.
        </p>
      </section>
    </Page>
  );
}

function DonePage(props: { site: Site; row: SubscriberRow; preferences: string }) {
  return (
    <Page site={props.site} title="You are unsubscribed" current="subscribe">
      <section class="reading narrow-page">
        <h1>You are unsubscribed</h1>
        <p class="notice ok" role="status">
          <strong>{props.row.email}</strong> will receive no more issues of {props.site.name}.
        </p>
        <p>
          Changed your mind? You can resubscribe on your <a href={props.preferences}>preferences page</a>.
          Every past issue stays in the <a href="/issues">archive</a>.
        </p>
      </section>
    </Page>
  );
}

/**
 * GET/POST /unsubscribe?t=TOKEN, the address in every issue's List-Unsubscribe header. POST
 * unsubscribes: RFC 8058's one-click (a mail provider posts "List-Unsubscribe=One-Click" with
 * no cookies and follows no redirect, so the answer is a 200 page) and this page's button alike;
 * the signed token is the only authority, so there is no CSRF token, and unsubscribing twice
 * answers the same. GET never unsubscribes (scanners fetch links): it shows the button.
 */
export function unsubscribeRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/unsubscribe", async (c) => {
    c.header("Cache-Control", "no-store");
    const token = linkToken(c);
    const linked = await subscriberForLink(c.var.store, token, "unsubscribe");
    if (!linked) return c.html(<BadLinkPage site={c.var.site} what="unsubscribe" />, BAD_LINK_STATUS);
    const links = subscriberLinks(await loadPageLinkConfig(c.var.store), linked.subscriber);
    return c.html(
      <AskPage site={c.var.site} token={token} row={linked.subscriber} preferences={links.preferencesUrl} />,
    );
  });

  app.post("/unsubscribe", smallForm(), async (c) => {
    c.header("Cache-Control", "no-store");
    const result = await unsubscribe(c.var.store, linkToken(c));
    if (!result) return c.html(<BadLinkPage site={c.var.site} what="unsubscribe" />, BAD_LINK_STATUS);
    const links = subscriberLinks(await loadPageLinkConfig(c.var.store), result.subscriber);
    return c.html(<DonePage site={c.var.site} row={result.subscriber} preferences={links.preferencesUrl} />);
  });
  return app;
}
