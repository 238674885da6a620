import type { StaffSession } from "../../accounts/index.ts";
import type { IssueDraftList, IssueListRow } from "../../issues/index.ts";
import type { Site } from "../env.ts";
import { Page } from "../layout.tsx";
import { Pagination } from "../pagination.tsx";
import { ActionForm, Notice, StatusBadge } from "./issues-widgets.tsx";
import { DeskTable } from "./list-table.tsx";

function IssueTable({ rows, prefix, caption }: { rows: IssueListRow[]; prefix: string; caption: string }) {
  return (
    <DeskTable
      class="issue-table"
      caption={caption}
      headers={["Issue", "Subject", "Date", "Entries", "Status"]}
    >
      {rows.map((r) => (
        <tr>
          <td>
            <a href={`/desk/issues/${r.number}`}>{`${prefix} #${r.number}`.trim()}</a>
          </td>
          <td>
            {/* A title from the highlights is shown as such: the issue still has no subject of its own. */}
            {r.subject ? (
              r.title
            ) : r.title ? (
              <>
                {r.title} <span class="muted">(highlights; no subject)</span>
              </>
            ) : (
              <span class="muted">(no subject yet)</span>
            )}
          </td>
          <td>{r.date ?? <span class="muted">not dated</span>}</td>
          <td>{r.entries}</td>
          <td>
            <StatusBadge status={r.status} />
          </td>
        </tr>
      ))}
    </DeskTable>
  );
}

/** /desk/issues: drafts being composed, then published issues a page at a time. */
export function IssueListPage(props: {
  site: Site;
  session: StaffSession;
  list: IssueDraftList;
  done?: string;
}) {
  const { list, site, session } = props;
  return (
    <Page site={site} title="Issues" session={session} current="issues" scripts={["composer.js"]}>
      <div class="composer-head">
        <h1>Issues</h1>
        <ActionForm session={session} action="/desk/issues" label="New issue" class="button" />
      </div>
      <Notice done={props.done} />
      {list.drafts.length ? (
        <IssueTable rows={list.drafts} prefix={site.prefix} caption="Drafts" />
      ) : (
        <p class="muted">No draft issues. “New issue” starts one with the next number.</p>
      )}
      {list.published.length ? (
        <IssueTable
          rows={list.published}
          prefix={site.prefix}
          caption={`Published (${list.publishedCount})`}
        />
      ) : null}
      <Pagination
        page={list.page}
        pages={list.pages}
        href={(n) => `/desk/issues?page=${n}`}
        previous="← Newer"
        next="Older →"
        small
      />
    </Page>
  );
}
