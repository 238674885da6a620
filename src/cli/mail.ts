import {
  type DkimSetup,
  dkimSignatures,
  loadDkimKeys,
  type MailTransport,
  openTransport,
  signingTransport,
  type TransportOptions,
} from "../mail/index.ts";
import type { Config } from "./config.ts";

/**
 * The process's mail transport, as every command that sends mail opens it: SMTP_URL's pool,
 * wrapped to DKIM-sign each message when keys are configured (DKIM_KEYS, DKIM_PRIVATE_KEY).
 * Signing here, where the transport is made, reaches every kind of message (issue deliveries,
 * test copies, sign-up emails) through the one sendRaw they share, and signs each once. The
 * keys are read first, so a bad one stops the command before any connection is opened.
 */
export function openMailTransport(config: Config, options: TransportOptions = {}): MailTransport {
  const dkim = loadDkimKeys(config.dkim);
  const transport = openTransport(config.smtpUrl, options);
  if (dkim.keys.length === 0) return transport;
  return signingTransport(transport, dkimSignatures(dkim.keys, dkim.domain ? { domain: dkim.domain } : {}));
}

/** One line for a command's log: how its mail is signed, or that it is not. */
export function describeSigning(config: Config): string {
  const dkim: DkimSetup = loadDkimKeys(config.dkim);
  if (dkim.keys.length === 0)
    return "DKIM: no key configured, messages go out unsigned (set DKIM_KEYS; see `summa dkim keygen`)";
  const keys = dkim.keys.map((k) => `${k.selector} (${k.algorithm})`).join(", ");
  return `DKIM: signing as ${dkim.domain ?? "the From address's domain"} with ${keys}`;
}
