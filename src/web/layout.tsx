import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import type { StaffSession } from "../accounts/index.ts";
import { can } from "../accounts/index.ts";
import { assetUrl } from "./assets.ts";
import type { Site } from "./env.ts";
import { CSRF_FIELD } from "./security.ts";

/** The feeds every page announces (and the footer links to). */
export const FEEDS = [
  { type: "application/rss+xml", href: "/feed.xml", title: "RSS" },
  { type: "application/atom+xml", href: "/atom.xml", title: "Atom" },
  { type: "application/feed+json", href: "/feed.json", title: "JSON Feed" },
] as const;

/** "RSS, Atom, JSON Feed" as links, for the footer and the home page. */
export function FeedLinks() {
  return (
    <>
      {FEEDS.map((f, i) => (
        <>
          {i ? ", " : ""}
          <a href={f.href} type={f.type}>
            {f.title}
          </a>
        </>
      ))}
    </>
  );
}

export interface PageProps {
  site: Site;
  title: string;
  /** Which top-level link is current ("archive", "database", ...), for aria-current. */
  current?: string;
  description?: string;
  /** Set on desk pages: shows the desk's navigation and the logout button. */
  session?: StaffSession | null;
  /** Extra scripts from /assets (all pages load app.js). */
  scripts?: string[];
  /** A link rel=canonical, prev/next and the like. */
  links?: { rel: string; href: string }[];
  children?: Child;
}

const PUBLIC_NAV = [
  { key: "archive", href: "/issues", label: "Archive" },
  { key: "database", href: "/database", label: "Database" },
  { key: "subscribe", href: "/#subscribe", label: "Subscribe" },
];

function DeskNav({ session, current }: { session: StaffSession; current?: string }) {
  const role = session.user.role;
  const items = [
    { key: "desk", href: "/desk", label: "Desk" },
    { key: "entries", href: "/desk/entries", label: "Entries" },
    ...(can(role, "inbox.triage") ? [{ key: "inbox", href: "/desk/inbox", label: "Inbox" }] : []),
    ...(can(role, "issues.compose") ? [{ key: "issues", href: "/desk/issues", label: "Issues" }] : []),
    ...(can(role, "taxonomy.edit") ? [{ key: "taxonomy", href: "/desk/taxonomy", label: "Taxonomy" }] : []),
    ...(can(role, "sheet.import") ? [{ key: "import", href: "/desk/import", label: "Import" }] : []),
    ...(can(role, "subscribers.manage")
      ? [
          { key: "subscribers", href: "/desk/subscribers", label: "Subscribers" },
          { key: "numbers", href: "/desk/numbers", label: "Numbers" },
        ]
      : []),
    ...(can(role, "users.manage") ? [{ key: "team", href: "/desk/team", label: "Team" }] : []),
  ];
  return (
    <nav class="desk-nav" aria-label="Desk">
      <ul>
        {items.map((i) => (
          <li>
            <a href={i.href} aria-current={i.key === current ? "page" : undefined}>
              {i.label}
            </a>
          </li>
        ))}
      </ul>
      <form method="post" action="/desk/logout" class="logout">
        <input type="hidden" name={CSRF_FIELD} value={session.csrfToken} />
        <span class="who">
          {session.user.name} <span class="role">{session.user.role}</span>
        </span>
        <button type="submit" class="button subtle">
          Log out
        </button>
      </form>
    </nav>
  );
}

/** Every page's frame: skip link, masthead and navigation, main landmark, footer with feeds. */
export function Page(props: PageProps) {
  const { site } = props;
  const fullTitle = props.title === site.name ? site.name : `${props.title} · ${site.name}`;
  return (
    <>
      {raw("<!doctype html>")}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{fullTitle}</title>
          {props.description ? <meta name="description" content={props.description} /> : null}
          <meta name="color-scheme" content="light dark" />
          <link rel="icon" href={assetUrl("icon.svg")} type="image/svg+xml" />
          <link rel="stylesheet" href={assetUrl("site.css")} />
          {FEEDS.map((f) => (
            <link rel="alternate" type={f.type} href={f.href} title={`${site.name} (${f.title})`} />
          ))}
          {(props.links ?? []).map((l) => (
            <link rel={l.rel} href={l.href} />
          ))}
          <script src={assetUrl("app.js")} defer />
          {(props.scripts ?? []).map((s) => (
            <script src={assetUrl(s)} defer />
          ))}
        </head>
        <body class={props.session ? "desk" : "public"}>
          <a class="skip" href="#main">
            Skip to content
          </a>
          <header class="masthead">
            <div class="inner">
              <a class="brand" href="/">
                <span class="mark" aria-hidden="true">
                  {(site.prefix || site.name).slice(0, 2)}
                </span>
                <span class="brand-name">{site.name}</span>
              </a>
              <nav class="site-nav" aria-label="Site">
                <ul>
                  {PUBLIC_NAV.map((i) => (
                    <li>
                      <a href={i.href} aria-current={i.key === props.current ? "page" : undefined}>
                        {i.label}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            </div>
            {props.session ? <DeskNav session={props.session} current={props.current} /> : null}
          </header>
          <main id="main" tabindex={-1}>
            {props.children}
          </main>
          <footer class="site-footer">
            <div class="inner">
              <p>
                {site.name} · <a href="/issues">Archive</a> · <a href="/database">Database</a> · Feeds:{" "}
                <FeedLinks /> · <a href="/api/v1/openapi.json">API</a>
                {site.numbersPublic ? (
                  <>
                    {" "}
                    · <a href="/numbers">About the numbers</a>
                  </>
                ) : null}
                {site.suggestPublic ? (
                  <>
                    {" "}
                    · <a href="/suggest">Suggest a paper</a>
                  </>
                ) : null}{" "}
                · <a href="/desk">Desk</a>
              </p>
            </div>
          </footer>
        </body>
      </html>
    </>
  );
}
