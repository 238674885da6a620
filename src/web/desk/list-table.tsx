import type { Child } from "hono/jsx";
import { Pagination } from "../pagination.tsx";

/** A column's header: its text, or `{ hidden }` for one read by screen readers only (a column of buttons). */
export type Header = string | { hidden: string };

/**
 * A desk table: one header row, the rows given as children, in a box that scrolls sideways on
 * its own on a phone, so a wide table never widens the page.
 */
export function DeskTable(props: {
  class: string;
  headers: readonly Header[];
  /** A visible caption (the issue list's "Drafts"), or only a name for assistive technology. */
  caption?: string;
  label?: string;
  children: Child;
}) {
  return (
    <div class="table-scroll">
      <table class={props.class} aria-label={props.label}>
        {props.caption ? <caption>{props.caption}</caption> : null}
        <thead>
          <tr>
            {props.headers.map((h) => (
              <th scope="col">
                {typeof h === "string" ? h : <span class="visually-hidden">{h.hidden}</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

/** Where one page of a list sits in the whole: "51–100 of 1,234 entries", or "No entries match." */
export function listRange(
  page: number,
  pageSize: number,
  shown: number,
  total: number,
  noun: string,
): string {
  if (total === 0) return `No ${noun} match.`;
  const first = (page - 1) * pageSize + 1;
  const last = first + shown - 1;
  return `${first.toLocaleString("en")}–${last.toLocaleString("en")} of ${total.toLocaleString("en")} ${noun}`;
}

/**
 * A paged desk list (entries, subscribers): the range it shows, its table (left out when the
 * page is empty) and the links to the other pages.
 */
export function PagedTable(props: {
  class: string;
  headers: readonly Header[];
  /** The page of the list shown: its number, how many there are, and the whole list's length. */
  list: { page: number; pages: number; total: number; rows: readonly unknown[] };
  pageSize: number;
  /** What the list holds, plural ("entries"). */
  noun: string;
  href: (page: number) => string;
  /** What the pages' nav is called for assistive technology ("Subscriber pages"). */
  pagesLabel?: string;
  children: Child;
}) {
  const { list } = props;
  return (
    <>
      <p class="muted" role="status">
        {listRange(list.page, props.pageSize, list.rows.length, list.total, props.noun)}
      </p>
      {list.rows.length ? (
        <DeskTable class={props.class} headers={props.headers}>
          {props.children}
        </DeskTable>
      ) : null}
      <Pagination page={list.page} pages={list.pages} href={props.href} label={props.pagesLabel} small />
    </>
  );
}

/** Figures as a definition list ("Added 12", "Skipped 0"): an import's report and its dry run. */
export function DeskFigures({ figures }: { figures: readonly (readonly [string, number])[] }) {
  return (
    <dl class="desk-figures">
      {figures.map(([label, n]) => (
        <div>
          <dt>{label}</dt>
          <dd>{n.toLocaleString("en")}</dd>
        </div>
      ))}
    </dl>
  );
}
