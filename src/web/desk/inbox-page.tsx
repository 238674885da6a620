import type { StaffSession, TeamMember } from "../../accounts/index.ts";
import { formatReason, INBOX_STATUSES, type InboxItem, type InboxList } from "../../inbox/index.ts";
import type { Site } from "../env.ts";
import { Page } from "../layout.tsx";
import { Pagination } from "../pagination.tsx";

/** The filters as the form sends them back (strings as typed). */
export interface InboxFilters {
  status: string;
  source: string;
  from: string;
  to: string;
  category: string;
}

export interface InboxPageProps {
  site: Site;
  session: StaffSession;
  list: InboxList;
  filters: InboxFilters;
  /** Which page of the list (1-based), of pageSize candidates each. */
  page: number;
  pageSize: number;
  /** The one candidate asked for by ?id=N (a link from another row), or null: the list. */
  only: number | null;
  categories: string[];
  summarizers: TeamMember[];
  /** The default snooze: a week from today. */
  snoozeUntil: string;
  notice?: string;
}

const percent = (p: number) => `${Math.round(p * 100)}%`;

function Csrf({ session }: { session: StaffSession }) {
  return <input type="hidden" name="_csrf" value={session.csrfToken} />;
}

/**
 * Where a link to another candidate goes: its row when it is on this page, else the inbox
 * showing that one candidate whatever its status and this page's filters (it may be on another
 * page, set aside, or from another source). Following an anchor focuses its row (it has a
 * tabindex), so the keyboard triage goes on from there.
 */
export function candidateHref(id: number, onPage: ReadonlySet<number>): string {
  return onPage.has(id) ? `#candidate-${id}` : `/desk/inbox?id=${id}#candidate-${id}`;
}

/** "candidate #N", a link to it: the link's own text says what it leads to. */
function CandidateLink({ id, onPage, title }: { id: number; onPage: ReadonlySet<number>; title?: string }) {
  return (
    <a href={candidateHref(id, onPage)} class="inbox-candidate-link">
      candidate #{id}
      {title ? <> “{title}”</> : null}
    </a>
  );
}

function Duplicate({ item, onPage }: { item: InboxItem; onPage: ReadonlySet<number> }) {
  const d = item.duplicateOf;
  const copies = item.copies.length ? (
    <p class="inbox-copies">
      Possible duplicates:{" "}
      {item.copies.map((id, i) => (
        <>
          {i ? ", " : ""}
          <CandidateLink id={id} onPage={onPage} />
        </>
      ))}
      . Picking or dismissing this one sets them aside.
    </p>
  ) : null;
  if (!d) return copies;
  if (d.kind === "candidate")
    return (
      <>
        <p class="inbox-duplicate">
          Duplicate of <CandidateLink id={d.id} onPage={onPage} {...(d.title ? { title: d.title } : {})} />?
          The titles are nearly the same; picking or dismissing either sets the other aside.
        </p>
        {copies}
      </>
    );
  return (
    <>
      <p class="inbox-duplicate">
        Already summarized{d.issue ? ` in ${d.issue}` : ""} as <a href={`/desk/entries/${d.id}`}>{d.title}</a>
        .
      </p>
      {copies}
    </>
  );
}

function SummarizerSelect({ summarizers, id }: { summarizers: TeamMember[]; id: string }) {
  return (
    <>
      <label for={id}>Summarizer</label>
      <select id={id} name="summarizer">
        <option value="">Nobody yet</option>
        {summarizers.map((m) => (
          <option value={String(m.id)}>{m.name}</option>
        ))}
      </select>
    </>
  );
}

/** One candidate: what it is, why it scored so, and its actions (each a plain form post). */
function Row(props: {
  item: InboxItem;
  onPage: ReadonlySet<number>;
  session: StaffSession;
  categories: string[];
  summarizers: TeamMember[];
  snoozeUntil: string;
}) {
  const { item, session } = props;
  const open = item.status === "new" || item.status === "snoozed" || item.status === "duplicate";
  const heading = `inbox-${item.id}-title`;
  const suggested = new Set(item.suggestions.map((s) => s.category));
  return (
    <li
      class="inbox-row"
      id={`candidate-${item.id}`}
      data-id={String(item.id)}
      tabindex={-1}
      aria-labelledby={heading}
    >
      <div class="inbox-select">
        {open ? (
          <input
            type="checkbox"
            name="id"
            value={String(item.id)}
            form="inbox-bulk"
            aria-labelledby={heading}
          />
        ) : null}
      </div>
      <div class="inbox-body">
        <h2 class="inbox-title" id={heading}>
          {item.url ? (
            <a href={item.url} rel="noopener noreferrer">
              {item.title}
            </a>
          ) : (
            item.title
          )}
        </h2>
        <p class="muted">
          {item.authors.length ? item.authors.join("; ") : "Authors unknown"}
          {item.venue ? ` · ${item.venue}` : ""} · {item.source}
          {item.alsoFrom.length ? ` (also from ${item.alsoFrom.join(", ")})` : ""}
          {item.published ? ` · ${item.published}` : ""}
          {item.hatTip ? ` · H/T ${item.hatTip}` : ""}
          {item.status !== "new"
            ? ` · ${item.status}${item.snoozedUntil ? ` until ${item.snoozedUntil}` : ""}`
            : ""}
        </p>
        {item.note ? <p class="inbox-note">“{item.note}”</p> : null}
        {item.lookupError ? (
          <p class="inbox-lookup-error">Looking its address up failed: {item.lookupError}</p>
        ) : null}
        {item.abstract ? (
          <details>
            <summary>Abstract</summary>
            <p>{item.abstract}</p>
          </details>
        ) : null}
        <Duplicate item={item} onPage={props.onPage} />
        <p class="inbox-score">
          Score <strong>{item.score === null ? "not yet" : percent(item.score)}</strong>
          {item.reasons.length ? (
            <span class="muted"> — {item.reasons.map(formatReason).join(", ")}</span>
          ) : null}
        </p>
        {item.entryId !== null ? (
          <p>
            Picked as <a href={`/desk/entries/${item.entryId}`}>entry #{item.entryId}</a>
            {item.decidedBy ? ` by ${item.decidedBy}` : ""}.
          </p>
        ) : null}
        {open ? (
          <div class="inbox-actions">
            <form method="post" action={`/desk/inbox/${item.id}/pick`} class="inbox-pick" data-action="pick">
              <Csrf session={session} />
              {item.suggestions.length ? (
                <p class="inbox-suggestions">
                  <span>Pick into:</span>{" "}
                  {item.suggestions.slice(0, 3).map((s) => (
                    <button type="submit" name="accept" value={s.category} class="secondary">
                      {s.category} ({percent(s.probability)})
                    </button>
                  ))}
                </p>
              ) : null}
              <label for={`category-${item.id}`}>Category</label>
              <select id={`category-${item.id}`} name="category">
                {item.suggestions.map((s) => (
                  <option value={s.category}>
                    {s.category} ({percent(s.probability)})
                  </option>
                ))}
                {props.categories
                  .filter((c) => !suggested.has(c))
                  .map((c) => (
                    <option value={c}>{c}</option>
                  ))}
              </select>
              <SummarizerSelect summarizers={props.summarizers} id={`summarizer-${item.id}`} />
              <button type="submit">Pick</button>
            </form>
            <form method="post" action={`/desk/inbox/${item.id}/dismiss`} data-action="dismiss">
              <Csrf session={session} />
              <button type="submit" class="secondary">
                Dismiss
              </button>
            </form>
            <form method="post" action={`/desk/inbox/${item.id}/snooze`} data-action="snooze">
              <Csrf session={session} />
              <input type="hidden" name="until" value={props.snoozeUntil} />
              <button type="submit" class="secondary">
                Snooze a week
              </button>
            </form>
          </div>
        ) : null}
      </div>
    </li>
  );
}

function Filters({ list, filters, categories }: Pick<InboxPageProps, "list" | "filters" | "categories">) {
  return (
    <form method="get" action="/desk/inbox" class="inbox-filters">
      <label>
        Status{" "}
        <select name="status">
          {INBOX_STATUSES.map((s) => (
            <option value={s} selected={s === (filters.status || "new")}>
              {s} ({list.counts[s].toLocaleString("en")})
            </option>
          ))}
          <option value="all" selected={filters.status === "all"}>
            all (
            {Object.values(list.counts)
              .reduce((a, b) => a + b, 0)
              .toLocaleString("en")}
            )
          </option>
        </select>
      </label>
      <label>
        Source{" "}
        <select name="source">
          <option value="">all</option>
          {list.sources.map((s) => (
            <option value={s} selected={s === filters.source}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        Published from <input type="date" name="from" value={filters.from} />
      </label>
      <label>
        to <input type="date" name="to" value={filters.to} />
      </label>
      <label>
        Suggested category{" "}
        <select name="category">
          <option value="">any</option>
          {categories.map((c) => (
            <option value={c} selected={c === filters.category}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">Filter</button>
    </form>
  );
}

/** The list's address with the filters kept, at a page. */
export function pageHref(filters: InboxFilters, page: number): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
  if (page > 1) q.set("page", String(page));
  const query = q.toString();
  return `/desk/inbox${query ? `?${query}` : ""}`;
}

/** /desk/inbox: candidates by score, with filters, per-row and bulk actions, and keyboard triage (inbox.js). */
export function InboxPage(props: InboxPageProps) {
  const { list } = props;
  const first = (props.page - 1) * props.pageSize + 1;
  const onPage = new Set(list.items.map((i) => i.id));
  return (
    <Page site={props.site} title="Inbox" session={props.session} current="inbox" scripts={["inbox.js"]}>
      <h1>Inbox</h1>
      <p class="inbox-links">
        <a href="/desk/inbox/sources">Sources</a> ·{" "}
        <a href="/desk/inbox/import">Import a bibliography or an address</a>
      </p>
      <p class="muted" id="inbox-keys">
        {list.total.toLocaleString("en")} candidate(s). Keys: j / k next and previous, p pick (with the row's
        category and summarizer), d dismiss, s snooze a week.
      </p>
      <p id="inbox-status" class="notice" role="status" aria-live="polite">
        {props.notice ?? ""}
      </p>
      <Filters list={list} filters={props.filters} categories={props.categories} />
      {props.only !== null ? (
        <p class="inbox-only">
          Showing candidate #{props.only} alone, whatever its status.{" "}
          <a href={pageHref(props.filters, 1)}>Back to the list</a>
        </p>
      ) : null}
      <form method="post" action="/desk/inbox/bulk" id="inbox-bulk" class="inbox-bulk">
        <Csrf session={props.session} />
        <fieldset>
          <legend>Selected candidates</legend>
          <SummarizerSelect summarizers={props.summarizers} id="bulk-summarizer" />
          <label for="bulk-until">Snooze until</label>
          <input type="date" id="bulk-until" name="until" value={props.snoozeUntil} />
          <button type="submit" name="action" value="pick">
            Pick selected (top category)
          </button>
          <button type="submit" name="action" value="dismiss" class="secondary">
            Dismiss selected
          </button>
          <button type="submit" name="action" value="snooze" class="secondary">
            Snooze selected
          </button>
        </fieldset>
      </form>
      {list.total > list.items.length ? (
        <p class="muted">
          {list.items.length
            ? `${first.toLocaleString("en")}–${(first + list.items.length - 1).toLocaleString("en")}`
            : "None"}{" "}
          of {list.total.toLocaleString("en")}, best first.
        </p>
      ) : null}
      {list.items.length === 0 ? (
        <p>
          Nothing here. Candidates arrive from the <a href="/desk/inbox/sources">sources</a>, an{" "}
          <a href="/desk/inbox/import">import</a> (or `summa inbox import`) and the suggest-a-paper form.
        </p>
      ) : (
        <ol class="inbox-list" aria-describedby="inbox-keys">
          {list.items.map((item) => (
            <Row
              item={item}
              onPage={onPage}
              session={props.session}
              categories={props.categories}
              summarizers={props.summarizers}
              snoozeUntil={props.snoozeUntil}
            />
          ))}
        </ol>
      )}
      <Pagination
        page={props.page}
        pages={Math.max(1, Math.ceil(list.total / props.pageSize))}
        href={(n) => pageHref(props.filters, n)}
        label="Inbox pages"
      />
    </Page>
  );
}
