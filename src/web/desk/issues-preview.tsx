import { raw } from "hono/html";
import type { StaffSession } from "../../accounts/index.ts";
import type { ComposerView, IssuePreview } from "../../issues/index.ts";
import type { Site } from "../env.ts";
import { Page } from "../layout.tsx";
import { CSRF_FIELD } from "../security.ts";
import { CheckFindings, issueTitle, Notice } from "./issues-widgets.tsx";

const DOWNLOADS = [
  { format: "text", label: "Text" },
  { format: "markdown", label: "Markdown" },
  { format: "html", label: "HTML page" },
  { format: "email-html", label: "Email HTML" },
  { format: "email", label: "Email (.eml)" },
] as const;

/**
 * /desk/issues/N/preview: every format side by side. Text and Markdown are shown as text; the
 * archive HTML is the renderer's body (escaped by it) in the site's reading styles; the email
 * HTML, a whole document with inline styles, is framed from its own sandboxed address.
 */
export function PreviewPage(props: {
  site: Site;
  session: StaffSession;
  number: number;
  preview: IssuePreview;
}) {
  const { number, preview } = props;
  const base = `/desk/issues/${number}`;
  return (
    <Page
      site={props.site}
      title={`Preview ${preview.view.label}`}
      session={props.session}
      current="issues"
      scripts={["composer.js"]}
    >
      <p class="muted">
        <a href={base}>← Back to the composer</a>
      </p>
      <h1>Preview: {issueTitle(preview.view.label, preview.view.meta.subject)}</h1>
      <nav class="actions" aria-label="Downloads">
        {DOWNLOADS.map((d) => (
          <a class="button small subtle" href={`${base}/render/${d.format}`} download>
            {d.label}
          </a>
        ))}
      </nav>
      <div class="preview-grid">
        <section class="card preview-panel" aria-labelledby="pv-text">
          <h2 id="pv-text">Text (the email's plain part)</h2>
          <pre class="preview-text">{preview.text}</pre>
        </section>
        <section class="card preview-panel" aria-labelledby="pv-markdown">
          <h2 id="pv-markdown">Markdown (for cross-posting)</h2>
          <div class="actions">
            <button type="button" class="button small" data-copy="preview-markdown" hidden>
              Copy Markdown
            </button>
            <span class="muted copy-status" role="status" />
          </div>
          <textarea id="preview-markdown" class="preview-markdown" readonly rows={20} aria-label="Markdown">
            {preview.markdown}
          </textarea>
        </section>
        <section class="card preview-panel" aria-labelledby="pv-html">
          <h2 id="pv-html">HTML (the archive page)</h2>
          <div class="reading preview-html">{raw(preview.htmlBody)}</div>
        </section>
        <section class="card preview-panel" aria-labelledby="pv-email">
          <h2 id="pv-email">Email</h2>
          <p class="preview-subject">
            <strong>Subject:</strong> {preview.emailSubject}
          </p>
          <iframe
            class="preview-email"
            src={`${base}/render/email-html?inline=1`}
            sandbox=""
            title={`${preview.view.label} as an email`}
            loading="lazy"
          />
          <p class="muted">
            <a href={`${base}/render/email-html?inline=1`} target="_blank" rel="noopener">
              Open the email HTML on its own
            </a>
          </p>
        </section>
      </div>
    </Page>
  );
}

/** /desk/issues/N/publish: what will happen, what the check found, and the confirming form. */
export function PublishPage(props: {
  site: Site;
  session: StaffSession;
  view: ComposerView;
  error?: string;
}) {
  const { view, session } = props;
  // A withdrawn issue may go back to the archive (withdrawn by mistake, or corrected since).
  const publishable = view.status === "draft" || view.status === "withdrawn";
  const canPublish = publishable && view.blocking.length === 0 && view.entryCount > 0;
  return (
    <Page
      site={props.site}
      title={`Publish ${view.label}`}
      session={session}
      current="issues"
      scripts={["composer.js"]}
    >
      <p class="muted">
        <a href={`/desk/issues/${view.number}`}>← Back to the composer</a>
      </p>
      <h1>Publish {issueTitle(view.label, view.subject)}?</h1>
      <Notice error={props.error} />
      {!publishable ? (
        <p class="notice">
          This issue is {view.status === "scheduled" ? "already scheduled" : `already ${view.status}`}.
        </p>
      ) : (
        <>
          <p>
            Publishing puts the issue and its {view.entryCount} {view.entryCount === 1 ? "entry" : "entries"}{" "}
            in the public archive and database, dated {view.date ?? "today"} (or the day of the time given).
            Afterwards only the subject and intro can be corrected; unpublishing withdraws it, with a reason
            its page shows.
          </p>
          <section class="card composer-check" aria-labelledby="publish-check">
            <h2 id="publish-check">Check</h2>
            <p class="muted">
              Only an issue without entries is refused. The rest is for you to judge: an unresolved
              cross-reference is printed as its plain text, an entry without a summary as a link.
            </p>
            <CheckFindings view={view} />
          </section>
          {canPublish ? (
            <form method="post" action={`/desk/issues/${view.number}/publish`} class="actions">
              <input type="hidden" name={CSRF_FIELD} value={session.csrfToken} />
              <input type="hidden" name="confirm" value="yes" />
              <div class="field">
                <label for="publish-at">Publish at (UTC)</label>
                <input id="publish-at" name="at" type="datetime-local" />
                <span class="hint">
                  Empty: now. A later time schedules it: nothing of it is public until then.
                </span>
              </div>
              <button type="submit">Publish {view.label}</button>
              <a class="button subtle" href={`/desk/issues/${view.number}/preview`}>
                Preview first
              </a>
            </form>
          ) : (
            <p class="notice error">Fix what blocks publishing first.</p>
          )}
        </>
      )}
    </Page>
  );
}
