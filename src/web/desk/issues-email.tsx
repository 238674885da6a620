import type { Context, Hono } from "hono";
import type { StaffSession } from "../../accounts/index.ts";
import { renderEditionParts } from "../../delivery/index.ts";
import type { EmailParts } from "../../formats/render/email.ts";
import type { Edition } from "../../store/index.ts";
import type { AppEnv, Site } from "../env.ts";
import { Page } from "../layout.tsx";
import { RENDERED_DOCUMENT_CSP } from "../security.ts";

type Ctx = Context<AppEnv>;

/**
 * /desk/issues/N/email: the issue's email at full size, its HTML part exactly as the send
 * renders it (delivery's renderEditionParts: the same view, options and renderer as the
 * message), framed from /email/html, which is served with a sandboxing CSP so nothing in it
 * can run in the desk's origin. `?part=text` shows the plain-text part; `?edition=highlights`
 * the highlights edition. Reader values (address, unsubscribe link) show as their {{tokens}}.
 */

const EDITIONS: { edition: Edition; label: string }[] = [
  { edition: "full", label: "Full issue" },
  { edition: "highlights", label: "Highlights only" },
];

function editionOf(c: Ctx): Edition {
  return c.req.query("edition") === "highlights" ? "highlights" : "full";
}

function Toggle(props: { href: string; current: boolean; label: string }) {
  return (
    <a
      class={props.current ? "button small" : "button small subtle"}
      href={props.href}
      aria-current={props.current ? "page" : undefined}
    >
      {props.label}
    </a>
  );
}

export function EmailPreviewPage(props: {
  site: Site;
  session: StaffSession;
  number: number;
  label: string;
  parts: EmailParts;
  edition: Edition;
  part: "html" | "text";
}) {
  const { number, parts, edition, part } = props;
  const base = `/desk/issues/${number}/email`;
  const q = (e: Edition, p: "html" | "text") =>
    `${base}?${new URLSearchParams({ ...(e === "full" ? {} : { edition: e }), ...(p === "html" ? {} : { part: p }) })}`.replace(
      /\?$/,
      "",
    );
  const frame = `${base}/html${edition === "full" ? "" : `?edition=${edition}`}`;
  return (
    <Page
      site={props.site}
      title={`Email preview ${props.label}`}
      session={props.session}
      current="issues"
      scripts={["composer.js"]}
    >
      <p class="muted">
        <a href={`/desk/issues/${number}`}>← Back to the composer</a>
      </p>
      <h1>Email preview: {props.label}</h1>
      <p class="email-preview-subject">
        <strong>Subject:</strong> {parts.subject}
      </p>
      <div class="email-preview-toggles">
        <nav class="actions" aria-label="Part">
          <Toggle href={q(edition, "html")} current={part === "html"} label="HTML" />
          <Toggle href={q(edition, "text")} current={part === "text"} label="Plain text" />
        </nav>
        <nav class="actions" aria-label="Edition">
          {EDITIONS.map((e) => (
            <Toggle href={q(e.edition, part)} current={edition === e.edition} label={e.label} />
          ))}
        </nav>
      </div>
      <p class="hint">
        Exactly what the send renders; each reader's address and links show as {"{{tokens}}"} until they are
        filled in.
      </p>
      {part === "text" ? (
        <pre class="email-preview-text">{parts.text}</pre>
      ) : (
        <>
          <iframe
            class="email-preview-frame"
            src={frame}
            sandbox=""
            title={`${props.label} as an email (HTML part)`}
          />
          <p class="muted">
            <a href={frame} target="_blank" rel="noopener">
              Open the email HTML on its own
            </a>
          </p>
        </>
      )}
    </Page>
  );
}

/** Mounts the email preview's page and its framed document on the issues routes (editors only). */
export function mountEmailPreview(app: Hono<AppEnv>, issueNumber: (c: Ctx) => number): void {
  app.get("/:n{[0-9]+}/email", async (c) => {
    const number = issueNumber(c);
    const edition = editionOf(c);
    const parts = await renderEditionParts(c.var.store, number, edition);
    return c.html(
      <EmailPreviewPage
        site={c.var.site}
        session={c.var.session!}
        number={number}
        label={`${c.var.site.prefix} #${number}`.trim()}
        parts={parts}
        edition={edition}
        part={c.req.query("part") === "text" ? "text" : "html"}
      />,
    );
  });
  app.get("/:n{[0-9]+}/email/html", async (c) => {
    const parts = await renderEditionParts(c.var.store, issueNumber(c), editionOf(c));
    return c.body(parts.html, 200, {
      "Content-Type": "text/html; charset=utf-8",
      // The email's own HTML: it may style itself, never run script or reach anything, and only
      // the desk may frame it.
      "Content-Security-Policy": RENDERED_DOCUMENT_CSP,
      "X-Frame-Options": "SAMEORIGIN",
      "Cache-Control": "no-store",
    });
  });
}
