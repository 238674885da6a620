import { SummaError } from "../domain/errors.ts";
// A type only: loading src/mail (nodemailer) for every command is what the lazy command table avoids.
import type { DkimEnv } from "../mail/index.ts";

/**
 * Everything Summa reads from its environment and global flags, read once when a command starts
 * and validated: a bad value stops the command before it opens anything, naming the variable and
 * the value (exit code 2). Commands take their settings from here, never from process.env.
 */
export interface Config {
  /** --db, else DATABASE_URL (a file path, sqlite:PATH or postgres://...); undefined: ./data/summa.db. */
  database: string | undefined;
  /** --json: machine-readable output, errors included. */
  json: boolean;
  /** --create: make a missing SQLite database. */
  create: boolean;
  /** SMTP_URL: where email goes (smtp:// or smtps://); undefined: none is sent. */
  smtpUrl: string | undefined;
  /** SUMMA_LEASE_MS: how long a worker's claim lasts without a heartbeat (`--lease-ms` wins). */
  leaseMs: number;
  /** PORT: `summa serve`'s port (`--port` wins); 0 takes any free port. */
  port: number;
  /** HOST: the address `summa serve` listens on (`--host` wins). */
  host: string;
  /** INBOUND_SMTP: where `summa inbound` (and `summa serve`) take bounce mail; undefined: serve does not. */
  inboundSmtp: ListenAddress | undefined;
  /** INBOUND_TLS_KEY and INBOUND_TLS_CERT: PEM files for STARTTLS on the inbound listener (both or neither). */
  inboundTls: { keyFile: string; certFile: string } | undefined;
  /**
   * DKIM_KEYS, DKIM_PRIVATE_KEY, DKIM_SELECTOR, DKIM_DOMAIN as given: the keys are read (and
   * checked) by loadDkimKeys when a command opens a mail transport, so a bad key stops the
   * commands that send mail and no other.
   */
  dkim: DkimEnv;
}

/** A host and port to listen on ("127.0.0.1:2525", "[::1]:25"). */
export interface ListenAddress {
  host: string;
  port: number;
}

/** Reads "host:port" ("[v6]:port" for IPv6); null when it is not one. */
export function parseListenAddress(value: string): ListenAddress | null {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^\s:[\]]+)):(\d{1,5})$/.exec(value.trim());
  if (!m) return null;
  const port = Number(m[3]);
  if (port > 65_535) return null;
  return { host: m[1] ?? m[2]!, port };
}

/** The global flags, as commander parsed them. */
export interface GlobalFlags {
  db?: string;
  json?: boolean;
  create?: boolean;
}

/** The environment variables Summa reads, for the README and the error messages. */
export const CONFIG_VARIABLES = [
  "DATABASE_URL",
  "SMTP_URL",
  "SUMMA_LEASE_MS",
  "PORT",
  "HOST",
  "INBOUND_SMTP",
  "INBOUND_TLS_KEY",
  "INBOUND_TLS_CERT",
  "DKIM_KEYS",
  "DKIM_PRIVATE_KEY",
  "DKIM_SELECTOR",
  "DKIM_DOMAIN",
] as const;

type Env = Readonly<Record<string, string | undefined>>;

/** Reads and checks the configuration; throws one `config.invalid` error listing every bad value. */
export function loadConfig(env: Env, flags: GlobalFlags = {}): Config {
  const problems: string[] = [];
  // An empty variable is an unset one: `DATABASE_URL= summa ...` means "no URL".
  const read = (name: (typeof CONFIG_VARIABLES)[number]) => {
    const value = env[name];
    return value === undefined || value.trim() === "" ? undefined : value;
  };
  const wholeNumber = (name: "SUMMA_LEASE_MS" | "PORT", fallback: number, min: number, max: number) => {
    const value = read(name);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || n < min || n > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, got "${value}"`);
      return fallback;
    }
    return n;
  };

  const smtpUrl = read("SMTP_URL");
  if (smtpUrl !== undefined && !isSmtpUrl(smtpUrl))
    problems.push(
      `SMTP_URL must be smtp://[user:pass@]host:port or smtps://..., got "${smtpUrl.replace(/^([^:/]*:\/*)[^@/]*@/, "$1***@")}"`,
    );
  const inbound = read("INBOUND_SMTP");
  const inboundSmtp = inbound === undefined ? undefined : parseListenAddress(inbound);
  if (inboundSmtp === null)
    problems.push(`INBOUND_SMTP must be host:port (127.0.0.1:2525, [::1]:25), got "${inbound}"`);
  const keyFile = read("INBOUND_TLS_KEY");
  const certFile = read("INBOUND_TLS_CERT");
  if ((keyFile === undefined) !== (certFile === undefined))
    problems.push("INBOUND_TLS_KEY and INBOUND_TLS_CERT go together: set both (PEM files) or neither");
  const config: Config = {
    database: flags.db ?? read("DATABASE_URL"),
    json: Boolean(flags.json),
    create: Boolean(flags.create),
    smtpUrl,
    leaseMs: wholeNumber("SUMMA_LEASE_MS", 60_000, 1, 2_147_483_647),
    port: wholeNumber("PORT", 3000, 0, 65_535),
    host: read("HOST")?.trim() ?? "127.0.0.1",
    inboundSmtp: inboundSmtp ?? undefined,
    inboundTls: keyFile && certFile ? { keyFile, certFile } : undefined,
    dkim: Object.fromEntries(
      (["DKIM_KEYS", "DKIM_PRIVATE_KEY", "DKIM_SELECTOR", "DKIM_DOMAIN"] as const).flatMap((name) => {
        const value = read(name);
        return value === undefined ? [] : [[name, value]];
      }),
    ),
  };
  if (problems.length)
    throw new SummaError(
      "config.invalid",
      problems.length === 1 ? problems[0]! : `bad configuration:\n  ${problems.join("\n  ")}`,
      { problems },
    );
  return config;
}

function isSmtpUrl(value: string): boolean {
  if (!/^smtps?:\/\//i.test(value)) return false;
  try {
    return new URL(value).hostname !== "";
  } catch {
    return false;
  }
}
