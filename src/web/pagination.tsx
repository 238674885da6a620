/** Previous / "Page N of M" / next, with rel attributes; nothing when there is one page. */
export function Pagination(props: {
  page: number;
  pages: number;
  href: (page: number) => string;
  /** What the nav is called for assistive technology ("Archive pages"). */
  label?: string;
  /** Link texts; lists newest first say "← Newer" and "Older →". */
  previous?: string;
  next?: string;
  /** The desk's compact buttons. */
  small?: boolean;
}) {
  if (props.pages <= 1) return null;
  const cls = props.small ? "button subtle small" : "button subtle";
  return (
    <nav class="pagination" aria-label={props.label ?? "Pages"}>
      {props.page > 1 ? (
        <a class={cls} rel="prev" href={props.href(props.page - 1)}>
          {props.previous ?? "← Previous"}
        </a>
      ) : null}
      <span aria-current="page">
        Page {props.page.toLocaleString("en-US")} of {props.pages.toLocaleString("en-US")}
      </span>
      {props.page < props.pages ? (
        <a class={cls} rel="next" href={props.href(props.page + 1)}>
          {props.next ?? "Next →"}
        </a>
      ) : null}
    </nav>
  );
}
