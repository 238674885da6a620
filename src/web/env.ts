import type { PasswordCost, StaffSession } from "../accounts/index.ts";
import type { FetchSourcesOptions, ReadCandidatesOptions } from "../inbox/fetching/index.ts";
import type { InboxJobs } from "../inbox/index.ts";
import type { MailTransport } from "../mail/index.ts";
import type { MetadataClient } from "../metadata/index.ts";
import type { Store } from "../store/index.ts";

/** What the site knows about itself, from settings, for every page. */
export interface Site {
  name: string;
  prefix: string;
  editor: string;
  /**
   * newsletter.site_url, normalized, or "" when unset. Feeds and the sitemap fall back to the
   * request's origin for display; nothing mailed ever does (subscribers/personal-links.ts).
   */
  baseUrl: string;
  /** The public "about the numbers" page has something to show: the footer links to it. */
  numbersPublic: boolean;
  /** The public suggest-a-paper form is on (inbox.suggest_public): the footer links to it. */
  suggestPublic: boolean;
}

/** How the inbox's pages reach outside: its background jobs, and the sources' and imports' fetches. */
export interface InboxWeb {
  jobs: InboxJobs;
  /** "Fetch now" on the desk (tests: allowPrivate, a local server). */
  fetch: Omit<FetchSourcesOptions, "deliver" | "only">;
  /** Importing one address on the desk. */
  read: ReadCandidatesOptions;
}

/** Hono's per-request context: the store, the site, and the desk session when logged in. */
export interface AppEnv {
  Variables: {
    store: Store;
    site: Site;
    session: StaffSession | null;
    /** A per-request nonce, for the one inline script a page may need (none by default). */
    requestId: string;
    /** The SMTP transport for emails a request sends (sign-up confirmations); null without SMTP_URL. */
    mail: MailTransport | null;
    /** Tells the sign-up mailer an email was queued (AppOptions.onSignupQueued; a no-op without one). */
    signupQueued: () => void;
    /** scrypt cost for desk logins' decoy (AppOptions.passwordCost); undefined: the default. */
    passwordCost: PasswordCost | undefined;
    /** Paper metadata for the entry editor's "Fill from URL" (AppOptions.metadata). */
    metadata: MetadataClient;
    inbox: InboxWeb;
  };
}
