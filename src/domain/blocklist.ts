import { SummaError } from "./errors.ts";

/**
 * The domains the public form refuses (setting subscribers.blocked_domains, comma-separated):
 * throwaway-address services and domains that sign up victims. A domain blocks its subdomains
 * too ("mailinator.com" blocks "eu.mailinator.com"). The operator's own imports and `summa
 * subscribers add` are not checked: the list guards the anonymous form only.
 */
const DOMAIN =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** The setting's domains, lowercased; every entry that is not a domain is named in the error. */
export function parseBlockedDomains(value: string): string[] {
  const domains = value
    .split(/[\s,]+/)
    .map((d) => d.trim().toLowerCase().replace(/^@/, ""))
    .filter(Boolean);
  const bad = domains.filter((d) => !DOMAIN.test(d));
  if (bad.length)
    throw new SummaError(
      "config.invalid",
      `subscribers.blocked_domains: not a domain: ${bad.map((d) => `"${d}"`).join(", ")} (expected e.g. "mailinator.com, example.net")`,
    );
  return [...new Set(domains)];
}

/** Whether an address (already validated and lowercased) is at a blocked domain or below one. */
export function isBlockedAddress(email: string, blocked: readonly string[]): boolean {
  const domain = email.slice(email.lastIndexOf("@") + 1);
  return blocked.some((d) => domain === d || domain.endsWith(`.${d}`));
}
