import type { EntryStatus } from "../../domain/entry.ts";
import type { EditableEntryRow } from "../../store/index.ts";

/** How each workflow status reads on the desk. */
export const STATUS_LABELS: Record<EntryStatus, string> = {
  draft: "Draft",
  submitted: "Submitted",
  changes_requested: "Changes requested",
  ready: "Ready",
  in_issue: "In an issue",
  published: "Published",
};

/** A status as a coloured badge (the colour repeats the words, never replaces them). */
export function StatusBadge({ status }: { status: EntryStatus }) {
  return <span class={`badge status-${status}`}>{STATUS_LABELS[status]}</span>;
}

/** A stored ISO time as "2024-05-01 14:03 UTC", machine-readable too. */
export function When({ iso }: { iso: string }) {
  const shown = /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(iso) ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : iso;
  return <time datetime={iso}>{shown}</time>;
}

/** A short list of entries (the desk home's drafts and ready ones). */
export function EntryLinks({ rows, empty }: { rows: EditableEntryRow[]; empty: string }) {
  if (!rows.length) return <p class="muted">{empty}</p>;
  return (
    <ul class="desk-entry-links">
      {rows.map((r) => (
        <li>
          <a href={`/desk/entries/${r.id}/edit`}>{r.title}</a>{" "}
          <span class="muted">
            updated <When iso={r.updatedAt} />
          </span>
        </li>
      ))}
    </ul>
  );
}
