import type { StaffSession } from "../../accounts/index.ts";
import type { ImportPlan, PlannedRow } from "../../entries/index.ts";
import type { Site } from "../env.ts";
import { Page } from "../layout.tsx";
import { CSRF_FIELD } from "../security.ts";
import { DeskFigures } from "./list-table.tsx";

/** Rows shown per group on the page (the figures count them all). */
export const PREVIEW_ROWS = 50;

/**
 * The dry run of an upload: the figures, the first rows of each group, and the buttons that
 * import exactly this file (its token) or drop it. `notice`: why the person sees it again (the
 * database changed since the first preview; another import was running).
 */
export function ImportPreviewPage(props: {
  site: Site;
  session: StaffSession;
  token: string;
  plan: ImportPlan;
  notice?: string;
}) {
  const { plan, token, session } = props;
  const writes = plan.added.length + plan.changed.length;
  return (
    <Page site={props.site} title="Import: dry run" session={session} current="import">
      <h1>Import: dry run</h1>
      {props.notice ? (
        <p class="notice error" role="alert">
          {props.notice}
        </p>
      ) : null}
      <section class="notice desk-report" aria-labelledby="plan-heading">
        <h2 id="plan-heading">
          What importing {plan.file} ({plan.format}, {plan.rows.toLocaleString("en")} rows) would do
        </h2>
        <p>Nothing has been written yet. Check the rows below, then import or cancel.</p>
        <DeskFigures
          figures={[
            ["Would add", plan.added.length],
            ["Would change", plan.changed.length],
            ["Unchanged", plan.unchanged.length],
            ["Skipped", plan.skipped.length],
            ["New issues", plan.newIssues.length],
          ]}
        />
        {plan.newCategories.length ? (
          <p>New categories (they will go to the Unsorted section): {plan.newCategories.join(", ")}.</p>
        ) : null}
        {plan.unknownColumns.length ? (
          <p class="muted">Columns ignored: {plan.unknownColumns.join(", ")}.</p>
        ) : null}
      </section>
      <form method="post" action="/desk/import/confirm" class="actions">
        <input type="hidden" name={CSRF_FIELD} value={session.csrfToken} />
        <input type="hidden" name="token" value={token} />
        <button type="submit">
          {writes
            ? `Import: add ${plan.added.length}, change ${plan.changed.length}`
            : "Import (nothing to change)"}
        </button>
        <button type="submit" formaction="/desk/import/cancel" class="subtle">
          Cancel
        </button>
      </form>
      <RowGroup id="added" title="Would add" rows={plan.added} />
      <RowGroup
        id="changed"
        title="Would change"
        rows={plan.changed}
        detail={(r) => (r.fields ?? []).join(", ")}
      />
      <RowGroup id="skipped" title="Skipped" rows={plan.skipped} detail={(r) => r.reason ?? ""} />
    </Page>
  );
}

function RowGroup(props: {
  id: string;
  title: string;
  rows: PlannedRow[];
  detail?: (r: PlannedRow) => string;
}) {
  const { rows } = props;
  if (rows.length === 0) return null;
  const shown = rows.slice(0, PREVIEW_ROWS);
  return (
    <section aria-labelledby={`plan-${props.id}`} id={`plan-${props.id}-rows`}>
      <h2 id={`plan-${props.id}`}>
        {props.title} ({rows.length.toLocaleString("en")})
      </h2>
      {rows.length > shown.length ? (
        <p class="muted">
          The first {shown.length} of {rows.length.toLocaleString("en")} rows.
        </p>
      ) : null}
      <table>
        <thead>
          <tr>
            <th scope="col">Row</th>
            <th scope="col">Title</th>
            <th scope="col">Issue</th>
            {props.detail ? <th scope="col">{props.id === "changed" ? "Fields" : "Reason"}</th> : null}
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr>
              <td>{r.row}</td>
              <td>
                {r.entryId !== undefined ? (
                  <a href={`/desk/entries/${r.entryId}/edit`}>{r.title}</a>
                ) : (
                  r.title
                )}
              </td>
              <td>{r.issue}</td>
              {props.detail ? <td>{props.detail(r)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
