import { randomBytes } from "node:crypto";
import { SummaError } from "../domain/errors.ts";
import { escapeHtml } from "../formats/render/html-escape.ts";
import { transactionalEmail } from "../formats/render/transactional-email.ts";
import type { MailTransport } from "../mail/index.ts";
import { findAuthorReview, getEditableEntry, readNewsletterSettings, type Store } from "../store/index.ts";

/**
 * The email asking an author to review a planned summary: the link and what it is for, through
 * the same transport as issues (signed the same way: cli/mail.ts wraps it). Refused without a
 * transport or the site's public address: a link in an email must name the site, never the
 * address a request happened to come to.
 */
export async function sendAuthorReviewEmail(
  store: Store,
  mail: MailTransport | null,
  request: { id: number; url: string; baseUrl: string },
  now = new Date(),
): Promise<void> {
  if (!mail)
    throw new SummaError("config.incomplete", "no SMTP server is set (SMTP_URL); copy the link instead");
  if (!request.baseUrl)
    throw new SummaError(
      "config.incomplete",
      "the site's address is not set (newsletter.site_url); copy the link instead",
    );
  const row = await findAuthorReview(store.db, request.id);
  if (!row?.author_email) throw new SummaError("input.invalid", "this request has no email address");
  const entry = await getEditableEntry(store.db, row.entry_id);
  if (!entry) throw new SummaError("not_found", `There is no entry #${row.entry_id}`);
  const s = await readNewsletterSettings(store.db);
  const newsletter = s.name || "the newsletter";
  const until = row.expires_at.slice(0, 10);
  const lines = [
    `Hello ${row.author_name},`,
    "",
    `${row.requested_by_name || "The editor"} plans to summarize "${entry.title}" in ${newsletter}, and would like you to see the summary and opinion before they go out.`,
    "",
    `Read it, approve it, or comment and suggest other wording here (no account needed; the link works until ${until}):`,
    request.url,
    "",
    "This link is for you: it shows only this summary.",
  ];
  const html = lines
    .map((l) =>
      l === request.url
        ? `<p><a href="${escapeHtml(l)}">${escapeHtml(l)}</a></p>`
        : l
          ? `<p>${escapeHtml(l)}</p>`
          : "",
    )
    .join("\n");
  const raw = transactionalEmail({
    newsletterName: newsletter,
    fromAddress: s.fromAddress,
    to: { email: row.author_email, name: row.author_name },
    subject: `Your work in ${newsletter}: the planned summary of "${entry.title}"`,
    now,
    nonce: randomBytes(12).toString("hex"),
    kind: "author-review",
    text: `${lines.join("\n")}\n`,
    html,
  });
  await mail.sendRaw({ from: s.bounceAddress || s.fromAddress, to: row.author_email, raw });
}
