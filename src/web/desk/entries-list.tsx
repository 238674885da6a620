import type { StaffSession } from "../../accounts/index.ts";
import { ENTRY_STATUSES } from "../../domain/entry.ts";
import { EDITING_PAGE_SIZE, type EditingList } from "../../entries/index.ts";
import type { Site } from "../env.ts";
import { Page } from "../layout.tsx";
import { STATUS_LABELS, StatusBadge, When } from "./entries-widgets.tsx";
import { PagedTable } from "./list-table.tsx";

/** The list's address with these filters (empty ones left out, so links stay short). */
export function listHref(list: Pick<EditingList, "status" | "scope" | "q">, page = 1): string {
  const params = new URLSearchParams();
  if (list.q) params.set("q", list.q);
  if (list.status) params.set("status", list.status);
  params.set("scope", list.scope);
  if (page > 1) params.set("page", String(page));
  return `/desk/entries?${params}`;
}

function Filters({ list }: { list: EditingList }) {
  return (
    <form method="get" action="/desk/entries" class="desk-filters" aria-label="Filter entries">
      <div class="field">
        <label for="filter-q">Title contains</label>
        <input id="filter-q" name="q" type="search" value={list.q} />
      </div>
      <div class="field">
        <label for="filter-status">Status</label>
        <select id="filter-status" name="status">
          <option value="">Any status</option>
          {ENTRY_STATUSES.map((s) => (
            <option value={s} selected={list.status === s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <fieldset class="field scope">
        <legend>Whose</legend>
        <label class="checkbox">
          <input type="radio" name="scope" value="mine" checked={list.scope === "mine"} /> Mine
        </label>
        <label class="checkbox">
          <input type="radio" name="scope" value="all" checked={list.scope === "all"} /> Everyone's
        </label>
      </fieldset>
      <div class="actions">
        <button type="submit">Filter</button>
      </div>
    </form>
  );
}

/** /desk/entries: the filter form, one row per entry, and pages. */
export function EntryListPage({
  site,
  session,
  list,
}: {
  site: Site;
  session: StaffSession;
  list: EditingList;
}) {
  return (
    <Page site={site} title="Entries" session={session} current="entries" scripts={["desk.js"]}>
      <div class="desk-heading">
        <h1>Entries</h1>
        <a class="button" href="/desk/entries/new">
          Write a new entry
        </a>
      </div>
      <Filters list={list} />
      <PagedTable
        class="desk-entries"
        headers={["Title", "Status", "Summarizer", "Updated", { hidden: "Action" }]}
        list={list}
        pageSize={EDITING_PAGE_SIZE}
        noun="entries"
        href={(n) => listHref(list, n)}
      >
        {list.rows.map((r) => (
          <tr>
            <td>
              {r.readable ? <a href={`/desk/entries/${r.id}/edit`}>{r.title}</a> : r.title}
              {r.issueLabel ? <span class="muted"> · {r.issueLabel}</span> : null}
            </td>
            <td>
              <StatusBadge status={r.status} />
            </td>
            <td>{r.summarizer}</td>
            <td>
              <When iso={r.updatedAt} />
            </td>
            <td>
              {r.readable ? (
                <a class="button subtle small" href={`/desk/entries/${r.id}/edit`}>
                  {r.editable ? "Edit" : "View"}
                  <span class="visually-hidden"> {r.title}</span>
                </a>
              ) : (
                <span class="muted" title="Another summarizer's draft: readable once marked ready">
                  draft
                </span>
              )}
            </td>
          </tr>
        ))}
      </PagedTable>
    </Page>
  );
}
