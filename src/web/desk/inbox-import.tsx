import { Hono } from "hono";
import type { StaffSession } from "../../accounts/index.ts";
import { SummaError } from "../../domain/errors.ts";
import { MAX_UPLOAD_BYTES } from "../../entries/index.ts";
import { type IntakeReport, importBytesIntoInbox, importIntoInbox } from "../../inbox/index.ts";
import type { AppEnv, Site } from "../env.ts";
import { httpStatusFor } from "../http-errors.ts";
import { Page } from "../layout.tsx";
import { formText } from "../params.ts";
import type { FieldError } from "./inbox-sources-page.tsx";

interface ImportPageProps {
  site: Site;
  session: StaffSession;
  url?: string;
  history?: boolean;
  error?: FieldError;
  report?: IntakeReport;
}

function Problem({ id, error }: { id: string; error: FieldError }) {
  return (
    <span class="field-error" id={id}>
      {error.message} <code>{error.code}</code>
    </span>
  );
}

function Report({ report }: { report: IntakeReport }) {
  return (
    <section aria-labelledby="intake-heading" class="intake-report">
      <h2 id="intake-heading">Imported</h2>
      <ul>
        <li>{report.added} added to the inbox</li>
        <li>{report.repeated} already in the inbox (not added again)</li>
        {report.alsoFrom ? <li>{report.alsoFrom} of them now also shown as from this source</li> : null}
        <li>{report.alreadySummarized} added with an “already summarized” notice</li>
        {report.possibleDuplicates ? (
          <li>
            {report.possibleDuplicates} added as possible duplicates of a candidate (“Duplicate of #N?”)
          </li>
        ) : null}
        {report.picked || report.passed ? (
          <li>
            History: {report.picked} matched an entry (picked), {report.passed} passed over
          </li>
        ) : null}
        <li>{report.skipped.length} skipped</li>
      </ul>
      {report.duplicates.length ? (
        <>
          <h3>Already known</h3>
          <ul>
            {report.duplicates.slice(0, 50).map((d) => (
              <li>
                {d.title} —{" "}
                {d.of.kind === "entry" ? (
                  <>
                    summarized{d.of.issue ? ` in ${d.of.issue}` : ""} as{" "}
                    <a href={`/desk/entries/${d.of.id}`}>{d.of.title}</a>
                  </>
                ) : (
                  `inbox candidate #${d.of.id}`
                )}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {report.skipped.length ? (
        <>
          <h3>Skipped</h3>
          <ul>
            {report.skipped.slice(0, 50).map((s) => (
              <li>{s.reason}</li>
            ))}
          </ul>
        </>
      ) : null}
      <p>
        <a href="/desk/inbox">To the inbox</a>
      </p>
    </section>
  );
}

/** /desk/inbox/import: a bibliography file or one address into the inbox, and what came of it. */
function InboxImportPage(props: ImportPageProps) {
  const { error } = props;
  const on = (field: string) => (error?.field === field ? error : undefined);
  return (
    <Page site={props.site} title="Import into the inbox" session={props.session} current="inbox">
      <h1>Import into the inbox</h1>
      <p>
        <a href="/desk/inbox">← The inbox</a> · <a href="/desk/inbox/sources">Sources</a>
      </p>
      {props.report ? <Report report={props.report} /> : null}
      <form method="post" action="/desk/inbox/import" enctype="multipart/form-data" class="inbox-import">
        <input type="hidden" name="_csrf" value={props.session.csrfToken} />
        {error && !error.field ? (
          <p class="notice error" role="alert">
            {error.message} <code>{error.code}</code>
          </p>
        ) : null}
        <div class={on("file") ? "field invalid" : "field"}>
          <label for="inbox-import-file">A bibliography file</label>
          <input
            type="file"
            id="inbox-import-file"
            name="file"
            accept=".csv,.bib,.bibtex,.ris,text/csv"
            aria-invalid={on("file") ? "true" : undefined}
            aria-describedby={`inbox-import-file-hint${on("file") ? " inbox-import-file-error" : ""}`}
          />
          <span class="hint" id="inbox-import-file-hint">
            A Zotero CSV export, BibTeX (.bib) or RIS (.ris), up to {MAX_UPLOAD_BYTES / 1024 / 1024} MB. The
            whole file is checked first: a bad record imports nothing.
          </span>
          {on("file") ? <Problem id="inbox-import-file-error" error={on("file")!} /> : null}
        </div>
        <div class={on("url") ? "field invalid" : "field"}>
          <label for="inbox-import-url">Or one address</label>
          <input
            type="url"
            id="inbox-import-url"
            name="url"
            value={props.url ?? ""}
            aria-invalid={on("url") ? "true" : undefined}
            aria-describedby={`inbox-import-url-hint${on("url") ? " inbox-import-url-error" : ""}`}
          />
          <span class="hint" id="inbox-import-url-hint">
            A paper's page, an arXiv or DOI link, or a feed (its items).
          </span>
          {on("url") ? <Problem id="inbox-import-url-error" error={on("url")!} /> : null}
        </div>
        <div class="field">
          <label>
            <input type="checkbox" name="history" value="1" checked={props.history} /> A past bibliography:
            items that match a summarized entry count as picked, the rest as passed over (they train the
            ranking and are not shown)
          </label>
        </div>
        <div class="actions">
          <button type="submit">Import</button>
        </div>
      </form>
    </Page>
  );
}

/** /desk/inbox/import (under the inbox's editors-only guard and the upload's body limit). */
export function inboxImportRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/", (c) => c.html(<InboxImportPage site={c.var.site} session={c.var.session!} />));
  app.post("/", async (c) => {
    const session = c.var.session!;
    const body = await c.req.parseBody();
    const file = body.file;
    const url = formText(body, "url");
    const history = formText(body, "history") === "1";
    const hasFile = file instanceof File && file.size > 0;
    try {
      if (hasFile && url)
        throw new SummaError("input.invalid", "Choose a file or an address, not both.", { field: "url" });
      let report: IntakeReport;
      if (hasFile) {
        if (file.size > MAX_UPLOAD_BYTES)
          throw new SummaError("source.too_large", `${file.name}: the file is larger than the upload limit`, {
            field: "file",
          });
        report = await importBytesIntoInbox(
          c.var.store,
          { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
          { history },
        );
      } else if (url) {
        if (!/^https?:\/\//i.test(url))
          throw new SummaError("input.invalid", `"${url.slice(0, 80)}" is not a web address (https://...)`, {
            field: "url",
          });
        report = await importIntoInbox(c.var.store, url, { history, read: c.var.inbox.read });
      } else
        throw new SummaError("input.invalid", "Choose a bibliography file or give an address.", {
          field: "file",
        });
      return c.html(<InboxImportPage site={c.var.site} session={session} report={report} />);
    } catch (err) {
      if (!(err instanceof SummaError) || !(err.code === "input.invalid" || err.code.startsWith("source.")))
        throw err;
      const field = typeof err.details.field === "string" ? err.details.field : hasFile ? "file" : "url";
      return c.html(
        <InboxImportPage
          site={c.var.site}
          session={session}
          url={url}
          history={history}
          error={{ field, code: err.code, message: err.message }}
        />,
        httpStatusFor(err.code),
      );
    }
  });
  return app;
}
