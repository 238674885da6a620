import type { StaffSession } from "../../accounts/index.ts";
import {
  type InboxSource,
  SOURCE_KINDS,
  type SourceKind,
  sourceAddress,
} from "../../inbox/fetching/index.ts";
import type { SourcesFetchResult, SourcesFetchRun } from "../../inbox/index.ts";
import type { Site } from "../env.ts";
import { Page } from "../layout.tsx";
import { DeskTable } from "./list-table.tsx";

/** A refusal shown next to the field it names (its form name: "name", "kind", "feed.url"...). */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

interface KindField {
  name: string;
  label: string;
  hint?: string;
}

/** What each kind of source asks for; the form names them `${kind}.${name}`. */
export const KIND_FIELDS: Record<SourceKind, KindField[]> = {
  "arxiv-query": [
    { name: "query", label: "Search query", hint: "arXiv API syntax, e.g. cat:cs.AI AND abs:alignment" },
    { name: "endpoint", label: "API address", hint: "empty: export.arxiv.org" },
    { name: "maxResults", label: "Most results per fetch", hint: "1-2000; empty: the default" },
  ],
  "arxiv-listing": [
    { name: "category", label: "Category", hint: "e.g. cs.AI, cs.LG" },
    { name: "url", label: "Listing address", hint: "empty: rss.arxiv.org's feed of the category" },
  ],
  feed: [
    { name: "url", label: "Feed address", hint: "RSS or Atom, e.g. https://www.alignmentforum.org/feed.xml" },
  ],
  forum: [
    { name: "endpoint", label: "GraphQL address", hint: "empty: the Alignment Forum's" },
    { name: "venue", label: "Venue shown on its items", hint: "e.g. LessWrong" },
    { name: "maxPosts", label: "Most posts per fetch", hint: "1-5000; empty: the default" },
  ],
};

const KIND_LABELS: Record<SourceKind, string> = {
  "arxiv-query": "arXiv search (API)",
  "arxiv-listing": "arXiv daily listing",
  feed: "RSS / Atom feed",
  forum: "ForumMagnum forum (Alignment Forum, LessWrong)",
};

export interface SourcesPageProps {
  site: Site;
  session: StaffSession;
  sources: InboxSource[];
  notice?: string;
  /** The add form as sent, and what was wrong with it. */
  values?: Record<string, string>;
  error?: FieldError;
  /** The "Fetch now" under way, if any. */
  running?: SourcesFetchRun | null;
  /** How the last fetch went (whoever started it), source by source. */
  lastFetch?: SourcesFetchResult | null;
}

function Csrf({ session }: { session: StaffSession }) {
  return <input type="hidden" name="_csrf" value={session.csrfToken} />;
}

function FieldProblem({ id, error }: { id: string; error: FieldError }) {
  return (
    <span class="field-error" id={id}>
      {error.message} <code>{error.code}</code>
    </span>
  );
}

function TextField(props: {
  name: string;
  label: string;
  hint?: string;
  values: Record<string, string>;
  error?: FieldError;
}) {
  const id = `source-${props.name.replace(/\W/g, "-")}`;
  const error = props.error?.field === props.name ? props.error : undefined;
  const described = [props.hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div class={error ? "field invalid" : "field"}>
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type="text"
        value={props.values[props.name] ?? ""}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={described || undefined}
      />
      {props.hint ? (
        <span class="hint" id={`${id}-hint`}>
          {props.hint}
        </span>
      ) : null}
      {error ? <FieldProblem id={`${id}-error`} error={error} /> : null}
    </div>
  );
}

/** The add form: a name, a kind, and each kind's fields (only the chosen kind's are read). */
function AddForm({ session, values = {}, error }: Pick<SourcesPageProps, "session" | "values" | "error">) {
  const kindError = error?.field === "kind" ? error : undefined;
  return (
    <form method="post" action="/desk/inbox/sources" class="source-add">
      <Csrf session={session} />
      {error && !error.field ? (
        <p class="notice error" role="alert">
          {error.message} <code>{error.code}</code>
        </p>
      ) : null}
      <TextField
        name="name"
        label="Name"
        hint="letters, digits, . - _; candidates carry it as their source"
        values={values}
        error={error}
      />
      <div class={kindError ? "field invalid" : "field"}>
        <label for="source-kind">Kind</label>
        <select
          id="source-kind"
          name="kind"
          aria-invalid={kindError ? "true" : undefined}
          aria-describedby={kindError ? "source-kind-error" : undefined}
        >
          {SOURCE_KINDS.map((k) => (
            <option value={k} selected={k === (values.kind ?? "feed")}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
        {kindError ? <FieldProblem id="source-kind-error" error={kindError} /> : null}
      </div>
      {SOURCE_KINDS.map((k) => (
        <fieldset class="source-kind-fields">
          <legend>For {KIND_LABELS[k]}</legend>
          {KIND_FIELDS[k].map((f) => (
            <TextField name={`${k}.${f.name}`} label={f.label} hint={f.hint} values={values} error={error} />
          ))}
        </fieldset>
      ))}
      <div class="actions">
        <button type="submit">Add source</button>
      </div>
    </form>
  );
}

const which = (run: SourcesFetchRun) => (run.only ? run.only.join(", ") : "every source that is on");

const BY: Record<SourcesFetchRun["startedBy"], string> = {
  desk: "from the desk",
  "command line": "by summa inbox fetch",
  schedule: "on serve's schedule",
};

/** A fetch under way: no report yet, and the page is to be reloaded (no script polls it). */
function FetchRunning({ run }: { run: SourcesFetchRun }) {
  return (
    <p class="notice fetch-running" role="status">
      Fetching {which(run)}, running since <time datetime={run.startedAt}>{run.startedAt}</time>.{" "}
      <a href="/desk/inbox/sources">Reload</a> to see its report when it ends.
    </p>
  );
}

function FetchReport({ result }: { result: SourcesFetchResult }) {
  const { report } = result;
  return (
    <section aria-labelledby="fetch-report-heading" class="fetch-report">
      <h2 id="fetch-report-heading">Last fetch</h2>
      <p>
        {which(result)}, fetched {BY[result.startedBy]}, from{" "}
        <time datetime={result.startedAt}>{result.startedAt}</time> to{" "}
        <time datetime={result.finishedAt}>{result.finishedAt}</time>.
      </p>
      {result.error ? (
        <p class="notice error" role="alert">
          The fetch stopped before reading any source: {result.error}
        </p>
      ) : report.length === 0 ? (
        <p>No source is turned on: nothing was fetched.</p>
      ) : (
        <DeskTable
          class="fetch-report-table"
          label="What each source gave"
          headers={["Source", "Read", "Added", "Already known", "Outcome"]}
        >
          {report.map((r) => (
            <tr>
              <td>{r.source}</td>
              <td>{r.fetched}</td>
              <td>{r.added}</td>
              <td>{r.duplicates}</td>
              <td>
                {r.error ? (
                  <span class="source-error">
                    Error: {r.error.message} <code>{r.error.code}</code>
                  </span>
                ) : r.notModified ? (
                  "Not modified since the last fetch"
                ) : (
                  "OK"
                )}
              </td>
            </tr>
          ))}
        </DeskTable>
      )}
      <p>
        <a href="/desk/inbox">To the inbox</a>
      </p>
    </section>
  );
}

function SourceRow({ source, session }: { source: InboxSource; session: StaffSession }) {
  const at = `/desk/inbox/sources/${encodeURIComponent(source.name)}`;
  return (
    <tr id={`source-${source.id}`}>
      <th scope="row">{source.name}</th>
      <td>{source.kind}</td>
      <td class="source-address">{sourceAddress(source.config)}</td>
      <td>{source.enabled ? "on" : "off"}</td>
      <td>{source.lastFetchedAt ?? "never"}</td>
      <td>{source.lastStatus ?? "—"}</td>
      <td class="source-error">{source.lastError ?? ""}</td>
      <td class="source-actions">
        <form method="post" action="/desk/inbox/sources/fetch">
          <Csrf session={session} />
          <input type="hidden" name="source" value={source.name} />
          <button type="submit" class="button subtle small">
            Fetch now
          </button>
        </form>
        <form method="post" action={`${at}/${source.enabled ? "disable" : "enable"}`}>
          <Csrf session={session} />
          <button type="submit" class="button subtle small">
            {source.enabled ? "Turn off" : "Turn on"}
          </button>
        </form>
        <a href={`${at}/remove`} class="button subtle small">
          Remove…
        </a>
      </td>
    </tr>
  );
}

/** /desk/inbox/sources: what the inbox reads, how each last went, and adding, switching, removing, fetching. */
export function SourcesPage(props: SourcesPageProps) {
  return (
    <Page site={props.site} title="Inbox sources" session={props.session} current="inbox">
      <h1>Inbox sources</h1>
      <p>
        <a href="/desk/inbox">← The inbox</a> ·{" "}
        <a href="/desk/inbox/import">Import a bibliography or an address</a>
      </p>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.running ? <FetchRunning run={props.running} /> : null}
      {props.lastFetch ? <FetchReport result={props.lastFetch} /> : null}
      <section aria-labelledby="sources-heading">
        <h2 id="sources-heading">Sources</h2>
        {props.sources.length === 0 ? (
          <p>No source yet: add one below.</p>
        ) : (
          <>
            <DeskTable
              class="sources-table"
              label="The inbox's sources"
              headers={[
                "Name",
                "Kind",
                "Address",
                "On",
                "Last fetched",
                "Last status",
                "Last error",
                { hidden: "Actions" },
              ]}
            >
              {props.sources.map((s) => (
                <SourceRow source={s} session={props.session} />
              ))}
            </DeskTable>
            <form method="post" action="/desk/inbox/sources/fetch" class="actions">
              <Csrf session={props.session} />
              <button type="submit">Fetch every source that is on now</button>
            </form>
          </>
        )}
      </section>
      <section aria-labelledby="add-heading">
        <h2 id="add-heading">Add a source</h2>
        <AddForm session={props.session} values={props.values} error={props.error} />
      </section>
    </Page>
  );
}

/** The confirmation a removal asks for (no script needed: a page with one button). */
export function RemoveSourcePage(props: { site: Site; session: StaffSession; source: InboxSource }) {
  const { source } = props;
  return (
    <Page site={props.site} title={`Remove ${source.name}`} session={props.session} current="inbox">
      <h1>Remove the source {source.name}?</h1>
      <p>
        It is no longer fetched, and how far it had read is forgotten. The candidates it brought stay in the
        inbox.
      </p>
      <form
        method="post"
        action={`/desk/inbox/sources/${encodeURIComponent(source.name)}/remove`}
        class="actions"
      >
        <Csrf session={props.session} />
        <button type="submit" class="danger">
          Remove {source.name}
        </button>{" "}
        <a href="/desk/inbox/sources">Keep it</a>
      </form>
    </Page>
  );
}
