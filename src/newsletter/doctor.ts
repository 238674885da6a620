import { SET_SITE_URL_HINT } from "../domain/site-url.ts";
import {
  findSettingValue,
  listTesterRows,
  readNewsletterSettings,
  SETTING_DEFAULTS,
  type Store,
} from "../store/index.ts";
// The one file, not the folder's index: every command loads src/newsletter, and the index would
// bring the sign-up mailer and nodemailer with it.
import { mailtoUnsubscribeIsRead, unsubscribeAddressFrom } from "../subscribers/personal-links.ts";
import { type DnsRecord, dnsRecords, emailDomain, smtpHost } from "./dns-records.ts";
import { SET_POSTAL_ADDRESS_HINT } from "./settings.ts";

export { type DnsRecord, emailDomain } from "./dns-records.ts";

/**
 * `summa doctor`: what a self-hosted sender must have in place before mail to real readers
 * reaches their inboxes (Gmail's and Yahoo's 2024 bulk-sender rules, CAN-SPAM, RFC 8058), each
 * as a check with what it found and how to fix it, and the DNS records to publish. Reads the
 * settings and the environment the caller hands in; changes nothing, sends nothing.
 */

export type CheckStatus = "ok" | "warn" | "fail";

export interface DoctorCheck {
  /** A stable name for scripts: "site_url", "from_address", "smtp", "dkim", ... */
  name: string;
  status: CheckStatus;
  /** What was found. */
  detail: string;
  /** What to do about it ("" when nothing). */
  fix: string;
}

/** The DKIM keys as configured, which the caller reads (the environment; src/mail's loader). */
export interface DkimStatus {
  configured: boolean;
  /** What was found ("2 keys: s1 (rsa), s2 (ed25519)"), or what is missing and how to set it. */
  detail: string;
  /** The public keys' TXT records, once known; none: a placeholder record is printed. */
  records: DnsRecord[];
}

/** What the doctor reads besides the database: the process's configuration. */
export interface DoctorEnvironment {
  /** SMTP_URL; undefined when unset. */
  smtpUrl: string | undefined;
  dkim: DkimStatus;
}

/** What the database says, read once (doctorFacts), or the defaults when there is no database. */
export interface DoctorFacts {
  /** Why there is no database to read ("" when there is one). */
  missingDatabase: string;
  siteUrl: string;
  fromAddress: string;
  postalAddress: string;
  unsubscribeAddress: string;
  /** mail.bounce_address, the envelope sender's setting, as stored ("" when unset). */
  bounceAddress: string;
  linkSecret: boolean;
  /** Testers who get test copies (active or paused). */
  testers: number;
}

export interface DoctorReport {
  /** No check failed (warnings allowed). */
  ok: boolean;
  checks: DoctorCheck[];
  /** The DNS records to publish for the sender's domains (none until the From address is usable). */
  records: DnsRecord[];
}

/** The settings key of the bounce (envelope sender) address (src/bounces/verp.ts tags it per delivery). */
const BOUNCE_ADDRESS_KEY = "mail.bounce_address";
/** The link secret's key (subscribers/links.ts makes it on first use; the doctor only looks). */
const LINK_SECRET_KEY = "security.link_secret";

/**
 * Free-mail providers whose DMARC policy (p=reject or quarantine) makes receivers refuse mail
 * From their addresses sent by anyone else's servers.
 */
export const FREE_MAIL_DOMAINS = new Set([
  "gmail.com",
  "googlemail.com",
  "yahoo.com",
  "yahoo.co.uk",
  "ymail.com",
  "rocketmail.com",
  "aol.com",
  "outlook.com",
  "hotmail.com",
  "hotmail.co.uk",
  "live.com",
  "msn.com",
  "icloud.com",
  "me.com",
  "mac.com",
  "proton.me",
  "protonmail.com",
  "gmx.com",
  "gmx.de",
  "web.de",
  "mail.com",
  "yandex.ru",
  "zoho.com",
]);

/** Reads what the checks need from the database, creating nothing (not even the link secret). */
export async function doctorFacts(store: Store): Promise<DoctorFacts> {
  const s = await readNewsletterSettings(store.db);
  const testers = await listTesterRows(store.db);
  return {
    missingDatabase: "",
    siteUrl: s.siteUrl,
    fromAddress: s.fromAddress,
    postalAddress: s.postalAddress,
    unsubscribeAddress: s.unsubscribeAddress,
    bounceAddress: s.bounceAddress,
    linkSecret: (await findSettingValue(store.db, LINK_SECRET_KEY)) !== undefined,
    testers: testers.filter((t) => t.status === "active" || t.status === "paused").length,
  };
}

/** The facts of an installation without a database: every setting at its default. */
export function factsWithoutDatabase(why: string): DoctorFacts {
  return {
    missingDatabase: why,
    siteUrl: "",
    fromAddress: SETTING_DEFAULTS["newsletter.from_address"],
    postalAddress: "",
    unsubscribeAddress: "",
    bounceAddress: "",
    linkSecret: false,
    testers: 0,
  };
}

const check = (name: string, status: CheckStatus, detail: string, fix = ""): DoctorCheck => ({
  name,
  status,
  detail,
  fix,
});

/** A From address a receiver could accept: set, on a real domain, not a free-mail provider's. */
function fromCheck(from: string): DoctorCheck {
  const domain = emailDomain(from);
  const fix = "summa settings set newsletter.from_address newsletter@your-domain.example";
  if (from === SETTING_DEFAULTS["newsletter.from_address"] || isReservedDomain(domain))
    return check("from_address", "fail", `newsletter.from_address is not set (${from})`, fix);
  if (FREE_MAIL_DOMAINS.has(domain))
    return check(
      "from_address",
      "fail",
      `${from} is at ${domain}, whose DMARC policy makes receivers reject mail From it sent by other servers`,
      `use an address at a domain you control: ${fix}`,
    );
  return check("from_address", "ok", `${from} (domain ${domain})`);
}

/** RFC 2606 and RFC 6761 names: never a sender's real domain. */
function isReservedDomain(domain: string): boolean {
  return (
    /^example\.(com|net|org)$/.test(domain) ||
    /\.(example|test|invalid|localhost)$/.test(domain) ||
    !domain.includes(".")
  );
}

function siteCheck(siteUrl: string): DoctorCheck {
  if (!siteUrl)
    return check(
      "site_url",
      "fail",
      "newsletter.site_url is not set: nothing that mails a link works",
      SET_SITE_URL_HINT,
    );
  if (siteUrl.startsWith("http:"))
    return check(
      "site_url",
      "fail",
      `${siteUrl} is http: one-click unsubscribe (RFC 8058) needs https, so sends to anyone but testers are refused`,
      `serve the site over https, then: ${SET_SITE_URL_HINT}`,
    );
  return check("site_url", "ok", siteUrl);
}

/** How mail leaves: smtps, or STARTTLS the server must offer, or a relay on this machine. */
function smtpCheck(smtpUrl: string | undefined): DoctorCheck {
  const fix = "SMTP_URL=smtps://USER:PASSWORD@smtp.your-relay.example:465";
  if (!smtpUrl) return check("smtp", "fail", "SMTP_URL is not set: nothing is emailed", fix);
  const host = smtpHost(smtpUrl) ?? "?";
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    return check("smtp", "fail", "SMTP_URL is not a URL", fix);
  }
  const where = `${host}:${url.port || (url.protocol === "smtps:" ? 465 : 587)}`;
  if (url.protocol === "smtps:") return check("smtp", "ok", `smtps://${where} (TLS from the first byte)`);
  if (url.searchParams.get("requireTLS") === "true")
    return check("smtp", "ok", `smtp://${where} with STARTTLS required`);
  if (isLoopback(host))
    return check("smtp", "ok", `smtp://${where}: a relay on this machine (no network between)`);
  return check(
    "smtp",
    "warn",
    `smtp://${where}: STARTTLS is used only when the server offers it, so anyone on the path can strip it and read the password`,
    `use smtps://...:465, or add ?requireTLS=true to SMTP_URL`,
  );
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127\./.test(host);
}

/** Every check, in the order an operator fixes them, and the records to publish. Pure. */
export function diagnose(facts: DoctorFacts, env: DoctorEnvironment): DoctorReport {
  const checks: DoctorCheck[] = [];
  if (facts.missingDatabase)
    checks.push(check("database", "fail", facts.missingDatabase, "summa migrate (or summa import FILE)"));
  const from = fromCheck(facts.fromAddress);
  checks.push(siteCheck(facts.siteUrl), from, smtpCheck(env.smtpUrl));
  checks.push(
    env.dkim.configured
      ? check("dkim", "ok", env.dkim.detail)
      : check(
          "dkim",
          "fail",
          `${env.dkim.detail}: Gmail and Yahoo require DKIM of bulk senders`,
          "DKIM_KEYS=... (or DKIM_PRIVATE_KEY and DKIM_SELECTOR), then publish its TXT record (below)",
        ),
  );
  checks.push(
    facts.bounceAddress
      ? check("bounce_address", "ok", `bounces and auto-replies go to ${facts.bounceAddress}`)
      : check(
          "bounce_address",
          "warn",
          `${BOUNCE_ADDRESS_KEY} is not set: bounces and auto-replies go to the From address, and nothing records them`,
          `summa settings set ${BOUNCE_ADDRESS_KEY} bounces@bounces.your-domain.example`,
        ),
  );
  checks.push(
    facts.postalAddress
      ? check("postal_address", "ok", facts.postalAddress)
      : check(
          "postal_address",
          "fail",
          "newsletter.postal_address is not set: every commercial message must carry one (CAN-SPAM); sends to anyone but testers are refused",
          SET_POSTAL_ADDRESS_HINT,
        ),
  );
  checks.push(unsubscribeCheck(facts));
  checks.push(
    facts.linkSecret
      ? check(
          "link_secret",
          "ok",
          "made: keep backups of the database, since a new secret voids every link already mailed",
        )
      : check(
          "link_secret",
          "warn",
          "not made yet (the key every unsubscribe and preferences link is signed with)",
          "nothing to do now: the first sign-up or send makes it; from then on keep backups of the database",
        ),
  );
  checks.push(
    facts.testers > 0
      ? check("test_list", "ok", `${facts.testers} tester(s) get test copies (summa send N --test)`)
      : check(
          "test_list",
          "warn",
          "no tester: summa send N --test has nobody to send to",
          "summa subscribers add you@your-domain.example && summa subscribers tester add you@your-domain.example",
        ),
  );
  const records =
    from.status === "ok" ? dnsRecords(emailDomain(facts.fromAddress), facts.bounceAddress, env) : [];
  return { ok: checks.every((c) => c.status !== "fail"), checks, records };
}

function unsubscribeCheck(facts: DoctorFacts): DoctorCheck {
  const configured = facts.unsubscribeAddress.trim();
  const { bounceAddress } = facts;
  if (!mailtoUnsubscribeIsRead({ configured, bounceAddress }))
    return check(
      "unsubscribe_address",
      "ok",
      "List-Unsubscribe offers the https one-click link only: no mailto, since nothing reads one",
      "to offer mailto too: set mail.bounce_address and run summa inbound (it reads the requests)",
    );
  const address = unsubscribeAddressFrom({ fromAddress: facts.fromAddress, configured, bounceAddress });
  if (bounceAddress)
    return check(
      "unsubscribe_address",
      "ok",
      `List-Unsubscribe's mailto is ${address}: summa inbound takes mail for it and acts on each request as it arrives (its MX must point there)`,
    );
  return check(
    "unsubscribe_address",
    "warn",
    `List-Unsubscribe's mailto is ${address} (subscribers.unsubscribe_address): requests sent there must be acted on within two days, and Summa reads it only if that mail reaches summa inbound`,
    "summa settings unset subscribers.unsubscribe_address, and set mail.bounce_address for summa inbound to read the requests",
  );
}
