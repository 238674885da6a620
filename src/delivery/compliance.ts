import { SummaError } from "../domain/errors.ts";
import { SET_POSTAL_ADDRESS_HINT } from "../newsletter/index.ts";
import { hasActiveNonTester, readNewsletterSettings, type Store } from "../store/index.ts";

/** What may loosen the rules of a send (the command line's `--allow-http`). */
export interface ComplianceOptions {
  /**
   * Send from an http site anyway (a local trial): the one-click unsubscribe links are then
   * http, which RFC 8058 forbids. Never offered on the desk.
   */
  allowHttp?: boolean;
}

/**
 * The rules a send must meet once it reaches anyone who is not a tester (an active subscriber
 * not on the test list): every commercial message carries the sender's postal address
 * (CAN-SPAM), and its one-click unsubscribe link is https (RFC 8058). A send to testers alone
 * is a trial and needs neither, so a new installation can try itself on its own addresses.
 * Throws config.incomplete naming the setting and the command that sets it; returns the
 * warnings to show when `allowHttp` let an http site through.
 */
export async function checkSendCompliance(store: Store, options: ComplianceOptions = {}): Promise<string[]> {
  if (!(await hasActiveNonTester(store.db))) return [];
  const settings = await readNewsletterSettings(store.db);
  if (!settings.postalAddress)
    throw new SummaError(
      "config.incomplete",
      "Sending to subscribers who are not testers needs the sender's postal address in every message (CAN-SPAM), " +
        `and newsletter.postal_address is not set. The operator can set it with: ${SET_POSTAL_ADDRESS_HINT}`,
      { setting: "newsletter.postal_address" },
    );
  if (!settings.siteUrl.startsWith("http:")) return [];
  if (!options.allowHttp)
    throw new SummaError(
      "config.incomplete",
      `newsletter.site_url is ${settings.siteUrl}: one-click unsubscribe (RFC 8058) needs https, so a send to ` +
        "subscribers who are not testers is refused. Serve the site over https and set it with: " +
        "summa settings set newsletter.site_url https://your.site.example " +
        "(for a local trial only: summa send N --allow-http).",
      { setting: "newsletter.site_url" },
    );
  return [
    `WARNING: sending from an http site (${settings.siteUrl}) because of --allow-http: every message's ` +
      "unsubscribe link is http, which RFC 8058 one-click unsubscribe forbids and Gmail and Yahoo ignore. " +
      "Use this for a local trial only, never for real subscribers.",
  ];
}
