import { Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { StaffSession } from "../../accounts/index.ts";
import { describeLocation, SummaError } from "../../domain/errors.ts";
import {
  confirmPreview,
  discardPreview,
  type ImportReport,
  MAX_UPLOAD_BYTES,
  previewAgain,
  previewUpload,
  sheetEncoding,
} from "../../entries/index.ts";
import type { AppEnv, Site } from "../env.ts";
import { ErrorPage } from "../error-page.tsx";
import { httpStatusFor } from "../http-errors.ts";
import { Page } from "../layout.tsx";
import { CSRF_FIELD, requireDesk } from "../security.ts";
import { ImportPreviewPage } from "./import-preview.tsx";
import { DeskFigures } from "./list-table.tsx";

const MEGABYTES = MAX_UPLOAD_BYTES / 1024 / 1024;

/**
 * Refuses an upload over the limit before anything reads it (multipart framing gets a little
 * room beyond the file itself). Mounted ahead of the CSRF check in deskRoutes.
 */
export const importBodyLimit: MiddlewareHandler<AppEnv> = bodyLimit({
  maxSize: MAX_UPLOAD_BYTES + 64 * 1024,
  onError: (c) =>
    c.html(
      <ErrorPage
        site={c.var.site}
        status={413}
        message={`The file is larger than ${MEGABYTES} MB; nothing was imported.`}
      />,
      413,
    ),
});

interface Problem {
  message: string;
  file?: string;
  row?: number;
  column?: string;
}

/** A problem's message without the "file, row, column:" its own table columns already show. */
function problemText(p: Problem): string {
  const where = `${describeLocation(p)}: `;
  return p.row !== undefined && p.message.startsWith(where) ? p.message.slice(where.length) : p.message;
}

/** The problems an import failed with: one per bad cell when the importer listed them. */
function problemsOf(err: SummaError): Problem[] {
  const listed = err.details.problems;
  if (Array.isArray(listed) && listed.length) return listed as Problem[];
  return [{ message: err.message }];
}

function ImportPage(props: { site: Site; session: StaffSession; report?: ImportReport; error?: SummaError }) {
  return (
    <Page site={props.site} title="Import a spreadsheet" session={props.session} current="import">
      <h1>Import a spreadsheet</h1>
      {props.report ? <Report report={props.report} /> : null}
      {props.error ? <Failure error={props.error} /> : null}
      <form method="post" action="/desk/import" enctype="multipart/form-data" class="card desk-upload">
        <input type="hidden" name={CSRF_FIELD} value={props.session.csrfToken} />
        <div class="field">
          <label for="import-file">Spreadsheet</label>
          <input
            id="import-file"
            name="file"
            type="file"
            required
            accept=".xlsx,.csv,.json,.zip,.html,.htm,text/csv,application/json"
            aria-describedby="import-file-hint"
          />
          <span class="hint" id="import-file-hint">
            The AN sheet as xlsx (keeps the links), CSV, JSON, or Google Sheets' "Web page" zip; up to{" "}
            {MEGABYTES} MB. Rows are matched to entries by title and issue; rows missing from the file are
            left alone. Any bad row stops the whole import: nothing is written. You see what would be added,
            changed and skipped before anything is imported.
          </span>
        </div>
        <div class="field">
          <label for="import-encoding">Text encoding (CSV)</label>
          <select id="import-encoding" name="encoding" aria-describedby="import-encoding-hint">
            <option value="utf-8">UTF-8</option>
            <option value="latin1">Latin-1 (ISO-8859-1)</option>
            <option value="windows-1252">Windows-1252</option>
          </select>
          <span class="hint" id="import-encoding-hint">
            A CSV that is not UTF-8 is refused, naming the row; choose its encoding if an older Excel wrote
            it.
          </span>
        </div>
        <div class="actions">
          <button type="submit">Preview import</button>
        </div>
      </form>
    </Page>
  );
}

function Report({ report }: { report: ImportReport }) {
  return (
    <section class="notice ok desk-report" role="status" aria-labelledby="report-heading">
      <h2 id="report-heading">
        Imported {report.file} ({report.format})
      </h2>
      <DeskFigures
        figures={[
          ["Added", report.added],
          ["Changed", report.changed],
          ["Unchanged", report.unchanged],
          ["Skipped", report.skipped],
          ["New issues", report.newIssues],
        ]}
      />
      {report.skippedRows.length ? (
        <>
          <h3>Skipped rows</h3>
          <table>
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {report.skippedRows.map((s) => (
                <tr>
                  <td>{s.row}</td>
                  <td>{s.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {report.newCategories.length ? (
        <>
          <h3>New categories</h3>
          <p>
            These were not in the taxonomy and were added to its Unsorted section;{" "}
            <a href="/desk/taxonomy">move them where they belong</a>.
          </p>
          <ul>
            {report.newCategories.map((c) => (
              <li>{c}</li>
            ))}
          </ul>
        </>
      ) : null}
      {report.unknownColumns.length ? (
        <p class="muted">Columns ignored: {report.unknownColumns.join(", ")}.</p>
      ) : null}
    </section>
  );
}

function Failure({ error }: { error: SummaError }) {
  const problems = problemsOf(error);
  const located = problems.some((p) => p.row !== undefined);
  return (
    <section class="notice error" role="alert" aria-labelledby="failure-heading">
      <h2 id="failure-heading">Nothing was imported</h2>
      {located ? (
        <>
          <p>
            {problems.length} problem{problems.length > 1 ? "s" : ""} to fix in the file first:
          </p>
          <table class="desk-problems">
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">Column</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {problems.map((p) => (
                <tr>
                  <td>{p.row ?? ""}</td>
                  <td>{p.column ?? ""}</td>
                  <td>{problemText(p)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <p class="desk-message">{error.message}</p>
      )}
    </section>
  );
}

/**
 * /desk/import: upload a spreadsheet and see its dry run (nothing written); confirming imports
 * exactly that file in one transaction and shows the report, or the problems.
 */
export function importRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("*", requireDesk("sheet.import"));
  app.get("/", (c) => c.html(<ImportPage site={c.var.site} session={c.var.session!} />));
  app.post("/", async (c) => {
    const session = c.var.session!;
    const body = await c.req.parseBody();
    const file = body.file;
    try {
      if (!(file instanceof File) || file.size === 0)
        throw new SummaError("import.unreadable", "Choose a spreadsheet file to import.");
      const encoding = sheetEncoding(typeof body.encoding === "string" ? body.encoding : "utf-8") ?? "utf-8";
      const { token, plan } = await previewUpload(
        c.var.store,
        { name: file.name, size: file.size, stream: () => file.stream() },
        session.user.id,
        encoding,
      );
      return c.html(<ImportPreviewPage site={c.var.site} session={session} token={token} plan={plan} />);
    } catch (err) {
      if (!(err instanceof SummaError) || !err.code.startsWith("import.")) throw err;
      return c.html(<ImportPage site={c.var.site} session={session} error={err} />, 422);
    }
  });
  app.post("/confirm", async (c) => {
    const session = c.var.session!;
    const body = await c.req.parseBody();
    const token = typeof body.token === "string" ? body.token : "";
    try {
      const report = await confirmPreview(c.var.store, token, session.user.id);
      return c.html(<ImportPage site={c.var.site} session={session} report={report} />);
    } catch (err) {
      if (!(err instanceof SummaError) || !err.code.startsWith("import.")) throw err;
      // The database moved on, or another import held it: the same file, planned again, to confirm again.
      const again = err.details.changed === "database" || err.code === "import.busy";
      if (again) {
        const { plan } = await previewAgain(c.var.store, token, session.user.id);
        return c.html(
          <ImportPreviewPage
            site={c.var.site}
            session={session}
            token={token}
            plan={plan}
            notice={err.message}
          />,
          409,
        );
      }
      return c.html(<ImportPage site={c.var.site} session={session} error={err} />, httpStatusFor(err.code));
    }
  });
  app.post("/cancel", async (c) => {
    const body = await c.req.parseBody();
    const token = typeof body.token === "string" ? body.token : "";
    await discardPreview(token, c.var.session!.user.id).catch(() => undefined);
    return c.redirect("/desk/import", 303);
  });
  return app;
}
