import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { can, type StaffSession } from "../../accounts/index.ts";
import { ENTRY_STATUSES, type EntryStatus } from "../../domain/entry.ts";
import { editingOverview } from "../../entries/index.ts";
import { myQueue } from "../../inbox/index.ts";
import type { AppEnv, Site } from "../env.ts";
import { ErrorPage } from "../error-page.tsx";
import { Page } from "../layout.tsx";
import { requireCsrf, requireDesk } from "../security.ts";
import { entriesRoutes } from "./entries.tsx";
import { EntryLinks, STATUS_LABELS } from "./entries-widgets.tsx";
import { importBodyLimit, importRoutes } from "./import.tsx";
import { inboxRoutes } from "./inbox.tsx";
import { issuesRoutes } from "./issues.tsx";
import { loginRoutes } from "./login.tsx";
import { numbersRoutes } from "./numbers.tsx";
import { passwordRoutes } from "./password.tsx";
import { subscribersRoutes } from "./subscribers.tsx";
import { surveysRoutes } from "./surveys.tsx";
import { taxonomyRoutes } from "./taxonomy.tsx";
import { teamRoutes } from "./team.tsx";

const formBodyLimit = bodyLimit({
  maxSize: 1024 * 1024,
  onError: (c) =>
    c.html(
      <ErrorPage site={c.var.site} status={413} message="This form is larger than 1 MB and was not saved." />,
      413,
    ),
});

type Overview = Awaited<ReturnType<typeof editingOverview>>;
type Queue = Awaited<ReturnType<typeof myQueue>>;

/** Drafts an editor picked from the inbox and handed to this user: what to write next. */
function MyQueue({ queue }: { queue: Queue }) {
  if (queue.length === 0) return null;
  return (
    <>
      <h2 id="queue-heading">My queue</h2>
      <ul class="desk-queue" aria-labelledby="queue-heading">
        {queue.map((q) => (
          <li>
            <a href={`/desk/entries/${q.entryId}`}>{q.title}</a>{" "}
            <span class="muted">
              {q.category}
              {q.hatTip ? ` · H/T ${q.hatTip}` : ""}
              {q.pickedBy ? ` · from ${q.pickedBy}` : ""}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}

function StatusCounts({
  all,
  mine,
}: {
  all: Record<EntryStatus, number>;
  mine: Record<EntryStatus, number>;
}) {
  return (
    <table class="desk-counts">
      <caption class="visually-hidden">Entries by status</caption>
      <thead>
        <tr>
          <th scope="col">Status</th>
          <th scope="col">Yours</th>
          <th scope="col">Everyone's</th>
        </tr>
      </thead>
      <tbody>
        {ENTRY_STATUSES.map((s) => (
          <tr>
            <th scope="row">{STATUS_LABELS[s]}</th>
            <td>
              <a href={`/desk/entries?status=${s}&scope=mine`}>{mine[s].toLocaleString("en")}</a>
            </td>
            <td>
              <a href={`/desk/entries?status=${s}&scope=all`}>{all[s].toLocaleString("en")}</a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The desk home: what the user is working on, the counts, and where to go next. */
function DeskHome({
  site,
  session,
  overview,
  queue,
  notice,
}: {
  site: Site;
  session: StaffSession;
  overview: Overview;
  queue: Queue;
  notice?: string;
}) {
  const role = session.user.role;
  const more = (n: number, shown: number, status: EntryStatus, scope = "mine") =>
    n > shown ? (
      <p>
        <a href={`/desk/entries?status=${status}&scope=${scope}`}>All {n.toLocaleString("en")}</a>
      </p>
    ) : null;
  const { changesRequested, awaitingReview } = overview;
  return (
    <Page site={site} title="Desk" session={session} current="desk">
      <div class="desk-heading">
        <h1>Desk</h1>
        <a class="button" href="/desk/entries/new">
          Write a new entry
        </a>
      </div>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      <p class="desk-welcome">Welcome, {session.user.name}.</p>
      <div class="split desk-home">
        <section class="card" aria-labelledby="drafts-heading">
          <MyQueue queue={queue} />
          <h2 id="drafts-heading">Your drafts</h2>
          <EntryLinks rows={overview.drafts.rows} empty="No drafts." />
          {more(overview.drafts.total, overview.drafts.rows.length, "draft")}
          {changesRequested.total > 0 ? (
            <>
              <h2 id="changes-heading">Changes requested on your entries</h2>
              <EntryLinks rows={changesRequested.rows} empty="" />
              {more(changesRequested.total, changesRequested.rows.length, "changes_requested")}
            </>
          ) : null}
          {awaitingReview ? (
            <>
              <h2 id="review-heading">Awaiting your review</h2>
              <EntryLinks rows={awaitingReview.rows} empty="Nothing submitted." />
              {more(awaitingReview.total, awaitingReview.rows.length, "submitted", "all")}
            </>
          ) : null}
          <h2 id="ready-heading">Your entries ready for an issue</h2>
          <EntryLinks rows={overview.ready.rows} empty="Nothing waiting." />
          {more(overview.ready.total, overview.ready.rows.length, "ready")}
        </section>
        <section class="card" aria-labelledby="counts-heading">
          <h2 id="counts-heading">Entries by status</h2>
          <StatusCounts all={overview.all} mine={overview.mine} />
          <ul class="desk-links">
            <li>
              <a href="/desk/entries">Browse all entries</a>
            </li>
            <li>
              <a href="/desk/password">Change your password</a>
            </li>
            {can(role, "issues.compose") ? (
              <li>
                <a href="/desk/issues">Compose an issue</a>
              </li>
            ) : null}
            {can(role, "inbox.triage") ? (
              <li>
                <a href="/desk/inbox">Triage the inbox of candidate papers</a>
              </li>
            ) : null}
            {can(role, "taxonomy.edit") ? (
              <li>
                <a href="/desk/taxonomy">Edit the sections and categories</a>
              </li>
            ) : null}
            {can(role, "sheet.import") ? (
              <li>
                <a href="/desk/import">Import a spreadsheet</a>
              </li>
            ) : null}
            {can(role, "subscribers.manage") ? (
              <li>
                <a href="/desk/subscribers">See the subscribers</a>
              </li>
            ) : null}
            {can(role, "surveys.manage") ? (
              <li>
                <a href="/desk/surveys">Reader surveys</a>
              </li>
            ) : null}
            {can(role, "users.manage") ? (
              <li>
                <a href="/desk/team">Manage the team and API tokens</a>
              </li>
            ) : null}
          </ul>
        </section>
      </div>
    </Page>
  );
}

/** The editor's desk under /desk: login first, then every route needs a session and a CSRF token. */
export function deskRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Before anything reads a body (the login form, the CSRF check): an oversized upload, or any
  // other oversized form, is refused unread. Desk forms are text; 1 MB is far above any entry
  // or issue. Only the uploads themselves (a sheet, an inbox bibliography) may be larger.
  app.use("*", (c, next) =>
    c.req.path === "/desk/import" || c.req.path === "/desk/inbox/import"
      ? importBodyLimit(c, next)
      : formBodyLimit(c, next),
  );
  app.route("/", loginRoutes());
  app.use("*", requireDesk());
  app.use("*", requireCsrf);
  app.get("/", async (c) => {
    const session = c.var.session!;
    const [overview, queue] = await Promise.all([
      editingOverview(c.var.store, session.user),
      myQueue(c.var.store, session.user),
    ]);
    const notice = c.req.query("password") === "changed" ? "Your password was changed." : undefined;
    return c.html(
      <DeskHome site={c.var.site} session={session} overview={overview} queue={queue} notice={notice} />,
    );
  });
  app.route("/entries", entriesRoutes());
  app.route("/issues", issuesRoutes());
  app.route("/inbox", inboxRoutes());
  app.route("/taxonomy", taxonomyRoutes());
  app.route("/import", importRoutes());
  app.route("/password", passwordRoutes());
  app.route("/subscribers", subscribersRoutes());
  app.route("/surveys", surveysRoutes());
  app.route("/team", teamRoutes());
  app.route("/numbers", numbersRoutes());
  return app;
}
