/**
 * Mail: how a finished message reaches a server. One narrow interface (MailTransport) with two
 * implementations, SMTP and memory, and a wrapper that DKIM-signs what goes through it. It knows nothing of issues, subscribers or deliveries, so
 * both the delivery worker and the subscription emails use it without depending on each other.
 * Building messages is formats/render/email's; sending many of them is delivery's.
 *
 * DKIM: `loadDkimKeys(config.dkim)` reads the keys the environment names (DKIM_KEYS, or
 * DKIM_PRIVATE_KEY with DKIM_SELECTOR; DKIM_DOMAIN), `dkimDnsRecord(key, domain)` gives the TXT
 * record each key needs (name `selector._domainkey.domain`, value `v=DKIM1; k=rsa|ed25519; p=...`),
 * and `signingTransport(transport, dkimSignatures(keys, { domain }))` signs whatever a
 * process sends (cli/mail.ts opens every command's transport that way).
 */
export { type DkimKey, type DkimSignerOptions, dkimSignatures, dkimSigner } from "./dkim.ts";
export {
  checkSelector,
  DKIM_VARIABLES,
  type DkimDnsRecord,
  type DkimEnv,
  type DkimSetup,
  dkimDnsRecord,
  dkimKey,
  generateDkimKey,
  loadDkimKeys,
  MIN_RSA_BITS,
} from "./dkim-keys.ts";
export {
  type AcceptedMessage,
  type MemoryRefusal,
  type MemoryTransport,
  type MemoryTransportOptions,
  memoryTransport,
} from "./memory.ts";
export {
  backoffDelay,
  DEFAULT_RETRY,
  decideFailure,
  describeFailure,
  type FailureDecision,
  type RetryPolicy,
} from "./retry.ts";
export { type HeaderSigner, type MessageSigner, unsigned } from "./sign.ts";
export { isSigning, signingTransport } from "./signing-transport.ts";
export { openTransport, type TransportOptions } from "./smtp.ts";
export { type MailTransport, type SmtpAcceptance, type SmtpFailure, smtpFailure } from "./transport.ts";
