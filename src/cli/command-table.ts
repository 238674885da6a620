import type { Command } from "commander";

/** A module of commands: registers its commands (options, arguments, actions) on the program. */
type Register = (program: Command) => void;

interface CommandSpec {
  /** One line for `summa --help`; the command's own --help has its full description. */
  summary: string;
  /** Loads the module that registers it: only the command being run is ever loaded. */
  load: () => Promise<Register>;
}

/**
 * Every top-level command, in the order `summa --help` lists them. Modules are loaded on
 * demand so that `summa search` never loads the web app, exceljs or nodemailer.
 */
export const COMMANDS: Record<string, CommandSpec> = {
  migrate: {
    summary: "create the database or bring its schema up to date",
    load: async () => (await import("./commands/migrate.ts")).registerMigrate,
  },
  import: {
    summary: "import the spreadsheet (xlsx, CSV, JSON, Sheets zip, URL) or backfill from an issue",
    load: async () => (await import("./commands/import.ts")).registerImport,
  },
  export: {
    summary: "export every entry as CSV, JSON, xlsx or BibTeX",
    load: async () => (await import("./commands/export.ts")).registerExport,
  },
  search: {
    summary: 'full-text search: words, "phrases", prefix*, OR, -excluded',
    load: async () => (await import("./commands/search.ts")).registerSearch,
  },
  lookup: {
    summary: "has this been summarized? by URL, arXiv id, DOI or title",
    load: async () => (await import("./commands/search.ts")).registerSearch,
  },
  show: {
    summary: "show one entry in full",
    load: async () => (await import("./commands/browse.ts")).registerBrowse,
  },
  issues: {
    summary: "list the issues with their entry counts",
    load: async () => (await import("./commands/browse.ts")).registerBrowse,
  },
  people: {
    summary: "list summarizers and their entry counts",
    load: async () => (await import("./commands/browse.ts")).registerBrowse,
  },
  stats: {
    summary: "the numbers: the retrospective, subscribers by week, each send (--json, --csv DIR)",
    load: async () => (await import("./commands/stats.ts")).registerStats,
  },
  taxonomy: {
    summary: "the sections and categories (show, set)",
    load: async () => (await import("./commands/browse.ts")).registerBrowse,
  },
  entry: {
    summary: "fill an entry's title, authors, venue and year from an arXiv or DOI address",
    load: async () => (await import("./commands/entry.ts")).registerEntry,
  },
  issue: {
    summary: "compose, render, check and parse issues",
    load: async () => (await import("./commands/issue.ts")).registerIssue,
  },
  survey: {
    summary: "reader surveys: create, list, results, export, close",
    load: async () => (await import("./commands/survey.ts")).registerSurvey,
  },
  inbox: {
    summary: "the candidate inbox: fetch its sources, import, list, pick, dismiss, snooze, train",
    load: async () => (await import("./commands/inbox.ts")).registerInbox,
  },
  settings: {
    summary: "the newsletter's name, issue prefix, editor and more",
    load: async () => (await import("./commands/settings.ts")).registerSettings,
  },
  feed: {
    summary: "print an RSS, Atom or JSON feed of the latest issues",
    load: async () => (await import("./commands/feed.ts")).registerFeed,
  },
  serve: {
    summary: "run the web site, the desk and the API (and a worker with SMTP_URL)",
    load: async () => (await import("./commands/serve.ts")).registerServe,
  },
  send: {
    summary: "send an issue to the subscribers; status, pause, resume, cancel",
    load: async () => (await import("./commands/send.ts")).registerSend,
  },
  worker: {
    summary: "deliver queued issues through SMTP_URL until SIGTERM",
    load: async () => (await import("./commands/worker.ts")).registerWorker,
  },
  inbound: {
    summary: "receive bounces, complaints and mailto unsubscribes over SMTP (the bounce domain's MX)",
    load: async () => (await import("./commands/inbound.ts")).registerInbound,
  },
  user: {
    summary: "desk accounts (add, password, list, role, disable, enable)",
    load: async () => (await import("./commands/user.ts")).registerUser,
  },
  token: {
    summary: "API tokens for the write endpoints (add, list, revoke)",
    load: async () => (await import("./commands/user.ts")).registerUser,
  },
  subscribers: {
    summary: "the mailing list: import, export, list, add, tester (the test list)",
    load: async () => (await import("./commands/subscribers.ts")).registerSubscribers,
  },
  bounces: {
    summary: "bounces and complaints: import, list, the webhook secret",
    load: async () => (await import("./commands/bounces.ts")).registerBounces,
  },
  doctor: {
    summary: "check what sending from your own domain needs; print the DNS records to publish",
    load: async () => (await import("./commands/doctor.ts")).registerDoctor,
  },
  dkim: {
    summary: "DKIM signing keys: generate one and print its DNS record",
    load: async () => (await import("./commands/dkim.ts")).registerDkim,
  },
};

/** Global options that take a value, so the word after them is not a command name. */
const VALUE_OPTIONS = new Set(["--db"]);

/**
 * The command a command line runs (`summa --db x.db search ...` -> "search"; `summa help
 * search` -> "search"), or null for none (bare `summa`, `--help`, `--version`).
 */
export function invokedCommand(argv: readonly string[]): string | null {
  let helpSeen = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") return argv[i + 1] ?? null;
    if (arg.startsWith("-")) {
      if (VALUE_OPTIONS.has(arg)) i++;
      continue;
    }
    if (arg === "help" && !helpSeen) {
      helpSeen = true;
      continue;
    }
    return arg;
  }
  return null;
}
