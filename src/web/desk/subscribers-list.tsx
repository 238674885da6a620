import type { StaffSession } from "../../accounts/index.ts";
import type { Edition, SubscriberFilter, SubscriberStatus } from "../../store/index.ts";
import { SUBSCRIBER_STATUSES, SUBSCRIBERS_PER_PAGE, type SubscriberPage } from "../../subscribers/index.ts";
import type { Site } from "../env.ts";
import { Page } from "../layout.tsx";
import { CSRF_FIELD } from "../security.ts";
import { When } from "./entries-widgets.tsx";
import { PagedTable } from "./list-table.tsx";

/** How each subscriber status reads on the desk. */
export const SUBSCRIBER_STATUS_LABELS: Record<SubscriberStatus, string> = {
  active: "Active",
  pending: "Pending",
  paused: "Paused",
  unsubscribed: "Unsubscribed",
  suppressed: "Suppressed",
};

export const EDITION_LABELS: Record<Edition, string> = { full: "Full issue", highlights: "Highlights only" };

/** The list's address with these filters (empty ones left out). */
export function subscribersHref(filter: SubscriberFilter, page = 1, base = "/desk/subscribers"): string {
  const params = new URLSearchParams();
  if (filter.text) params.set("q", filter.text);
  if (filter.status) params.set("status", filter.status);
  if (filter.edition) params.set("edition", filter.edition);
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `${base}?${query}` : base;
}

function Counts({ list }: { list: SubscriberPage }) {
  return (
    <table class="desk-counts">
      <caption>The whole list</caption>
      <tbody>
        {SUBSCRIBER_STATUSES.map((s) => (
          <tr>
            <th scope="row">{SUBSCRIBER_STATUS_LABELS[s]}</th>
            <td>
              <a href={subscribersHref({ status: s })}>{list.counts[s].toLocaleString("en")}</a>
            </td>
          </tr>
        ))}
        {(["full", "highlights"] as const).map((e) => (
          <tr>
            <th scope="row">{EDITION_LABELS[e]}</th>
            <td>
              <a href={subscribersHref({ edition: e })}>{list.editions[e].toLocaleString("en")}</a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Filters({ filter }: { filter: SubscriberFilter }) {
  return (
    <form method="get" action="/desk/subscribers" class="desk-filters" aria-label="Filter subscribers">
      <div class="field">
        <label for="filter-q">Address or name contains</label>
        <input id="filter-q" name="q" type="search" value={filter.text ?? ""} />
      </div>
      <div class="field">
        <label for="filter-status">Status</label>
        <select id="filter-status" name="status">
          <option value="">Any status</option>
          {SUBSCRIBER_STATUSES.map((s) => (
            <option value={s} selected={filter.status === s}>
              {SUBSCRIBER_STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="filter-edition">Edition</label>
        <select id="filter-edition" name="edition">
          <option value="">Any edition</option>
          {(["full", "highlights"] as const).map((e) => (
            <option value={e} selected={filter.edition === e}>
              {EDITION_LABELS[e]}
            </option>
          ))}
        </select>
      </div>
      <div class="actions">
        <button type="submit">Filter</button>
      </div>
    </form>
  );
}

/** The operator's add form: the address is added as active, on the editor's word that it consented. */
export function AddSubscriberForm(props: {
  csrf: string;
  values?: { email?: string; name?: string; edition?: string };
  error?: string;
}) {
  const v = props.values ?? {};
  return (
    <form method="post" action="/desk/subscribers" class="card" aria-labelledby="add-heading">
      <h2 id="add-heading">Add a subscriber</h2>
      {props.error ? (
        <p class="notice error" role="alert">
          {props.error}
        </p>
      ) : null}
      <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
      <div class="field">
        <label for="add-email">Email address</label>
        <input id="add-email" name="email" type="email" required maxlength={254} value={v.email ?? ""} />
      </div>
      <div class="field">
        <label for="add-name">
          Name <span class="hint">(optional)</span>
        </label>
        <input id="add-name" name="name" type="text" maxlength={200} value={v.name ?? ""} />
      </div>
      <div class="field">
        <label for="add-edition">Edition</label>
        <select id="add-edition" name="edition">
          {(["full", "highlights"] as const).map((e) => (
            <option value={e} selected={v.edition === e}>
              {EDITION_LABELS[e]}
            </option>
          ))}
        </select>
      </div>
      <label class="checkbox">
        <input type="checkbox" name="consent" value="yes" required /> This person asked to receive the
        newsletter (their consent is recorded as of now; no confirmation email is sent)
      </label>
      <div class="actions">
        <button type="submit">Add subscriber</button>
      </div>
    </form>
  );
}

/** /desk/subscribers: counts, filters, one row per subscriber, pages, export and add. */
export function SubscriberListPage(props: {
  site: Site;
  session: StaffSession;
  filter: SubscriberFilter;
  list: SubscriberPage;
  notice?: string;
}) {
  const { list, filter } = props;
  return (
    <Page site={props.site} title="Subscribers" session={props.session} current="subscribers">
      <div class="desk-heading">
        <h1>Subscribers</h1>
        <a class="button subtle" href={subscribersHref(filter, 1, "/desk/subscribers/export.csv")}>
          Export CSV{filter.status ? ` (${SUBSCRIBER_STATUS_LABELS[filter.status].toLowerCase()})` : ""}
        </a>
        <a class="button subtle" href="/desk/subscribers/welcome">
          Welcome email
        </a>
      </div>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <div class="split">
        <section>
          <Filters filter={filter} />
          <PagedTable
            class="desk-subscribers"
            headers={["Address", "Name", "Status", "Edition", "Since"]}
            list={list}
            pageSize={SUBSCRIBERS_PER_PAGE}
            noun="subscribers"
            href={(n) => subscribersHref(filter, n)}
            pagesLabel="Subscriber pages"
          >
            {list.rows.map((r) => (
              <tr>
                <td>
                  <a href={`/desk/subscribers/${r.id}`}>{r.email}</a>
                  {r.tester ? <span class="badge"> tester</span> : null}
                </td>
                <td>{r.name}</td>
                <td>{SUBSCRIBER_STATUS_LABELS[r.status]}</td>
                <td>{EDITION_LABELS[r.edition]}</td>
                <td>
                  <When iso={r.created_at} />
                </td>
              </tr>
            ))}
          </PagedTable>
        </section>
        <aside>
          <section class="card" aria-label="Counts">
            <Counts list={list} />
          </section>
          <AddSubscriberForm csrf={props.session.csrfToken} />
        </aside>
      </div>
    </Page>
  );
}
