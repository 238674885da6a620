import type { StaffSession } from "../../accounts/index.ts";
import { MAX_WELCOME_BODY, MAX_WELCOME_SUBJECT, type WelcomeTemplate } from "../../subscribers/index.ts";
import type { Site } from "../env.ts";
import { Page } from "../layout.tsx";
import { CSRF_FIELD } from "../security.ts";
import { When } from "./entries-widgets.tsx";

/** /desk/subscribers/welcome: the email a subscriber gets after confirming, on or off. */
export function WelcomePage(props: {
  site: Site;
  session: StaffSession;
  template: WelcomeTemplate;
  saved?: boolean;
  error?: { field: string; message: string };
}) {
  const t = props.template;
  return (
    <Page site={props.site} title="Welcome email" session={props.session} current="subscribers">
      <p>
        <a href="/desk/subscribers">← Subscribers</a>
      </p>
      <h1>Welcome email</h1>
      <p>
        Sent once to each reader who confirms their subscription, with their own links to change their
        subscription or unsubscribe at the bottom. <code>{"{newsletter}"}</code> becomes the newsletter's
        name. It is off until you switch it on.
      </p>
      {props.saved ? (
        <p class="notice" role="status">
          Saved.
        </p>
      ) : null}
      {props.error ? (
        <p class="notice error" role="alert">
          {props.error.message}
        </p>
      ) : null}
      <form method="post" action="/desk/subscribers/welcome" class="card">
        <input type="hidden" name={CSRF_FIELD} value={props.session.csrfToken} />
        <label class="checkbox">
          <input type="checkbox" name="enabled" value="on" checked={t.enabled} /> Send the welcome email
        </label>
        <div class="field">
          <label for="welcome-subject">Subject</label>
          <input
            id="welcome-subject"
            name="subject"
            type="text"
            required
            maxlength={MAX_WELCOME_SUBJECT}
            value={t.subject}
            aria-invalid={props.error?.field === "subject" ? "true" : undefined}
          />
        </div>
        <div class="field">
          <label for="welcome-body">Text (Markdown)</label>
          <textarea
            id="welcome-body"
            name="body"
            rows={12}
            required
            maxlength={MAX_WELCOME_BODY}
            aria-invalid={props.error?.field === "body" ? "true" : undefined}
          >
            {t.body}
          </textarea>
        </div>
        {t.updatedAt ? (
          <p class="muted">
            Last saved <When iso={t.updatedAt} />
            {t.updatedBy ? ` by ${t.updatedBy}` : ""}.
          </p>
        ) : (
          <p class="muted">This is the built-in text; nobody has saved it yet.</p>
        )}
        <div class="actions">
          <button type="submit">Save</button>
        </div>
      </form>
    </Page>
  );
}
