import { Hono } from "hono";
import { SummaError } from "../../domain/errors.ts";
import type { SubscriberRow, SubscriberStatus } from "../../store/index.ts";
import { changePreferences, type PreferenceAction, subscriberForLink } from "../../subscribers/index.ts";
import type { AppEnv, Site } from "../env.ts";
import { Page } from "../layout.tsx";
import { BAD_LINK_STATUS, BadLinkPage, linkToken, smallForm } from "./subscription-common.tsx";

const STATUS: Record<SubscriberStatus, string> = {
  active: "Subscribed",
  paused: "Paused: no issues are sent until you resume",
  unsubscribed: "Unsubscribed",
  pending: "Waiting for confirmation",
  suppressed: "Stopped: mail to this address bounced or was reported as spam",
};

/** The notice after a change (?done=ACTION), read against the row as it now is. */
function doneNotice(done: string, row: SubscriberRow): { ok: boolean; text: string } | null {
  switch (done) {
    case "edition":
      return {
        ok: true,
        text:
          row.edition === "highlights"
            ? "Saved: you will receive the highlights only."
            : "Saved: you will receive the full issue.",
      };
    case "pause":
      return row.status === "paused" ? { ok: true, text: "Paused. Resume whenever you like." } : null;
    case "resume":
      return row.status === "active" ? { ok: true, text: "Resumed: the next issue will come to you." } : null;
    case "unsubscribe":
      return row.status === "unsubscribed" ? { ok: true, text: "You are unsubscribed." } : null;
    case "resubscribe":
      return row.status === "active"
        ? { ok: true, text: "Welcome back: you are subscribed again." }
        : {
            ok: false,
            text: "This address cannot be resubscribed from here: mail to it bounced or was reported as spam. Please write to the editor.",
          };
    default:
      return null;
  }
}

function ActionButton(props: { token: string; action: string; label: string; danger?: boolean }) {
  return (
    <form method="post" action={`/preferences?t=${props.token}`} class="inline-form">
      <input type="hidden" name="action" value={props.action} />
      <button type="submit" class={props.danger ? "danger" : "subtle"}>
        {props.label}
      </button>
    </form>
  );
}

function PreferencesPage(props: { site: Site; token: string; row: SubscriberRow; done: string }) {
  const { row, token } = props;
  const notice = doneNotice(props.done, row);
  const receiving = row.status === "active" || row.status === "paused" || row.status === "pending";
  return (
    <Page site={props.site} title="Your subscription" current="subscribe">
      <section class="reading narrow-page">
        <h1>Your subscription</h1>
        {notice ? (
          <p class={notice.ok ? "notice ok" : "notice error"} role="status">
            {notice.text}
          </p>
        ) : null}
        <p>
          Address: <strong>{row.email}</strong>
          <br />
          Status: {STATUS[row.status]}
        </p>
        <form method="post" action={`/preferences?t=${token}`}>
          <input type="hidden" name="action" value="edition" />
          <fieldset class="field">
            <legend>What to receive</legend>
            <div class="checkbox">
              <input
                type="radio"
                id="edition-full"
                name="edition"
                value="full"
                checked={row.edition === "full"}
              />
              <label for="edition-full">The full issue</label>
            </div>
            <div class="checkbox">
              <input
                type="radio"
                id="edition-highlights"
                name="edition"
                value="highlights"
                checked={row.edition === "highlights"}
              />
              <label for="edition-highlights">The highlights only</label>
            </div>
          </fieldset>
          <div class="actions">
            <button type="submit">Save</button>
          </div>
        </form>
        <div class="actions">
          {row.status === "active" ? <ActionButton token={token} action="pause" label="Pause" /> : null}
          {row.status === "paused" ? <ActionButton token={token} action="resume" label="Resume" /> : null}
          {row.status === "unsubscribed" ? (
            <ActionButton token={token} action="resubscribe" label="Resubscribe" />
          ) : null}
          {receiving ? <ActionButton token={token} action="unsubscribe" label="Unsubscribe" danger /> : null}
        </div>
        {row.status === "suppressed" ? (
          <p class="muted">
            The newsletter stopped sending here to protect its delivery to everyone else. If the address works
            again, please write to the editor.
          </p>
        ) : null}
      </section>
    </Page>
  );
}

const ACTIONS = new Set(["edition", "pause", "resume", "unsubscribe", "resubscribe"]);

/** The form's fields as a PreferenceAction, or input.invalid. */
function readAction(body: Record<string, unknown>): PreferenceAction {
  const action = typeof body.action === "string" ? body.action : "";
  if (!ACTIONS.has(action))
    throw new SummaError("input.invalid", "Unknown change: please use the page's buttons.");
  if (action !== "edition") return { action } as PreferenceAction;
  const edition = body.edition;
  if (edition !== "full" && edition !== "highlights")
    throw new SummaError("input.invalid", "Please choose the full issue or the highlights only.");
  return { action, edition };
}

/**
 * GET/POST /preferences?t=TOKEN: the edition (full issue or highlights), pause and resume,
 * unsubscribe and resubscribe. Each POST carries the token in its URL (the token is the
 * authority: no login, no CSRF token) and redirects back here with ?done=, so a reload does
 * not post again.
 */
export function preferencesRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/preferences", async (c) => {
    c.header("Cache-Control", "no-store");
    const token = linkToken(c);
    const linked = await subscriberForLink(c.var.store, token, "preferences");
    if (!linked) return c.html(<BadLinkPage site={c.var.site} what="preferences" />, BAD_LINK_STATUS);
    return c.html(
      <PreferencesPage
        site={c.var.site}
        token={token}
        row={linked.subscriber}
        done={c.req.query("done") ?? ""}
      />,
    );
  });

  app.post("/preferences", smallForm(), async (c) => {
    const token = linkToken(c);
    const request = readAction(await c.req.parseBody());
    const result = await changePreferences(c.var.store, token, request);
    if (!result) return c.html(<BadLinkPage site={c.var.site} what="preferences" />, BAD_LINK_STATUS);
    return c.redirect(`/preferences?t=${encodeURIComponent(token)}&done=${request.action}`, 303);
  });
  return app;
}
