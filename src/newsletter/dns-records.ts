/**
 * The DNS records a sender publishes so receivers can check its mail: SPF for the envelope
 * sender's domain, DKIM public keys and DMARC for the From domain, and MX for the bounce domain.
 * Pure: built from the settings and SMTP_URL, never looked up.
 */

export interface DnsRecord {
  type: "TXT" | "MX";
  /** The owner name, without a trailing dot: "_dmarc.example.org". */
  name: string;
  /** The record's data as an operator types it in a DNS console. */
  value: string;
  /** What it is for, and what to put in place of a placeholder. */
  note: string;
}

/** The part after the last "@", lowercased ("" when there is none). */
export function emailDomain(address: string): string {
  const at = address.lastIndexOf("@");
  return at < 0
    ? ""
    : address
        .slice(at + 1)
        .trim()
        .toLowerCase();
}

/** SMTP_URL's host, without credentials; undefined when there is no usable URL. */
export function smtpHost(smtpUrl: string | undefined): string | undefined {
  if (!smtpUrl) return undefined;
  try {
    return new URL(smtpUrl).hostname || undefined;
  } catch {
    return undefined;
  }
}

/** The bounce setting's domain: an address's domain, or the value itself when it is a domain. */
export function bounceDomain(bounceAddress: string): string {
  const value = bounceAddress.trim().toLowerCase();
  return value.includes("@") ? emailDomain(value) : value;
}

/** SPF's data: the relay's own mechanism when SMTP_URL names an IP address, else the include to ask for. */
function spfValue(host: string | undefined): { value: string; note: string } {
  const via = host ? `Summa hands mail to ${host}` : "SMTP_URL is not set yet";
  if (host && /^\d{1,3}(\.\d{1,3}){3}$/.test(host))
    return {
      value: `v=spf1 ip4:${host} ~all`,
      note: `SPF: ${via}; if that relay sends from other addresses, list them too.`,
    };
  if (host && /^\[?[0-9a-f:]+\]?$/i.test(host) && host.includes(":"))
    return { value: `v=spf1 ip6:${host.replace(/^\[|\]$/g, "")} ~all`, note: `SPF: ${via}.` };
  return {
    value: "v=spf1 include:YOUR-RELAY'S-SPF-DOMAIN ~all",
    note:
      `SPF: ${via}. Replace the include with the one your relay's provider documents ` +
      "(e.g. include:_spf.provider.example), or, if the relay is your own server, a:ITS-HOSTNAME. " +
      "One SPF record per name: merge with any you already have.",
  };
}

/**
 * The records for mail From `fromDomain` with envelope sender at `bounceAddress`'s domain (the
 * From domain when unset): SPF is checked on the envelope sender's domain, DKIM and DMARC on
 * the From domain (DMARC passes when either aligns with it).
 */
export function dnsRecords(
  fromDomain: string,
  bounceAddress: string,
  env: { smtpUrl: string | undefined; dkim: { records: DnsRecord[] } },
): DnsRecord[] {
  const envelope = bounceDomain(bounceAddress) || fromDomain;
  const spf = spfValue(smtpHost(env.smtpUrl));
  const records: DnsRecord[] = [{ type: "TXT", name: envelope, ...spf }];
  if (envelope !== fromDomain)
    records.push({
      type: "TXT",
      name: fromDomain,
      ...spf,
      note: `${spf.note} (For the From domain too: some receivers check it.)`,
    });
  records.push(
    ...(env.dkim.records.length
      ? env.dkim.records
      : [
          {
            type: "TXT" as const,
            name: `SELECTOR._domainkey.${fromDomain}`,
            value: "v=DKIM1; k=rsa; p=PUBLIC-KEY",
            note: "DKIM: no key is configured yet; publish the TXT record printed by `summa dkim keygen` under its selector.",
          },
        ]),
  );
  records.push({
    type: "TXT",
    name: `_dmarc.${fromDomain}`,
    value: `v=DMARC1; p=none; rua=mailto:dmarc@${fromDomain}`,
    note:
      "DMARC: Gmail and Yahoo require one of bulk senders. Start with p=none and read the reports sent to " +
      `dmarc@${fromDomain} (a mailbox you read); once SPF or DKIM passes aligned for all your mail, move to ` +
      "p=quarantine, then p=reject.",
  });
  const bounce = bounceDomain(bounceAddress);
  if (bounce)
    records.push({
      type: "MX",
      name: bounce,
      value: "10 HOST-RUNNING-SUMMA'S-INBOUND-LISTENER",
      note: `MX: bounces to ${bounceAddress} must reach Summa's inbound SMTP listener (INBOUND_SMTP) on that host.`,
    });
  return records;
}
