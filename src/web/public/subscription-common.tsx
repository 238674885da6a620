import type { Context } from "hono";

import { bodyLimit } from "hono/body-limit";
import type { AppEnv, Site } from "../env.ts";
import { ErrorPage } from "../error-page.tsx";
import { Page } from "../layout.tsx";

/**
 * What the subscription pages (sign-up, confirm, unsubscribe, preferences) share: who the
 * client is, which site answered, the operator's log, the answer to a link that does not work.
 */

/** The operator's log (stderr): what a reader must not be told, such as an unsent email. */
export function logLine(message: string): void {
  process.stderr.write(`summa serve: ${message}\n`);
}

/** Forms here carry a token and a word or two: a far larger body is refused unread. */
export function smallForm() {
  return bodyLimit({
    maxSize: 16 * 1024,
    onError: (c) =>
      c.html(<ErrorPage site={c.var.site} status={413} message="This form is far too large." />, 413),
  });
}

/** The signed token of a link: `t` in the query (links and forms alike post to ?t=...). */
export function linkToken(c: Context<AppEnv>): string {
  return c.req.query("t") ?? "";
}

/**
 * The answer to a link that is forged, cut short by a mail client, expired, or for an address
 * no longer on file: one page for all, since which of these it was helps no one but a prober.
 */
export function BadLinkPage({ site, what }: { site: Site; what: "confirm" | "unsubscribe" | "preferences" }) {
  return (
    <Page site={site} title="This link does not work" current="subscribe">
      <section class="reading narrow-page">
        <h1>This link does not work</h1>
        <p>
          {what === "confirm"
            ? "The confirmation link is not valid or has expired (they work for 7 days)."
            : "The link is not valid, or it was made for an address that is no longer on the list."}{" "}
          A link that wraps across two lines in some mail programs loses its end: copy the whole address into
          the browser.
        </p>
        <p>
          {what === "confirm" ? (
            <>
              To get a new link, <a href="/subscribe">subscribe again</a> with the same address.
            </>
          ) : (
            <>
              Each issue's footer has working links to unsubscribe and to change your preferences; or{" "}
              <a href="/subscribe">subscribe</a> again.
            </>
          )}
        </p>
      </section>
    </Page>
  );
}

/** The status 400 for BadLinkPage: the request (its token) is what is wrong. */
export const BAD_LINK_STATUS = 400;
