import { type BounceAddressing, loadBounceAddressing } from "../bounces/index.ts";
import type { MessageTemplate } from "../formats/render/email-template.ts";
import type { Edition, SendRow, Store } from "../store/index.ts";
import { activeWorkerCount, CLAIMABLE_SEND_STATUSES, sendRowsByIds } from "../store/index.ts";
import { type LinkConfig, loadLinkConfig } from "../subscribers/index.ts";
import { renderEdition } from "./editions.ts";
import { Pacer } from "./pacer.ts";

interface Entry {
  row: SendRow;
  readAt: number;
  pacer: Pacer;
  links?: Promise<LinkConfig>;
  bounces?: Promise<BounceAddressing | null>;
  templates: Map<Edition, Promise<MessageTemplate>>;
}

/**
 * What one worker process keeps per send: the send's row (re-read at most every `refreshMs`,
 * so a pause or cancel reaches a running batch within that), its pace, its link settings, its
 * bounce addressing and its rendered editions, each rendered once per process.
 */
export class SendCache {
  readonly #sends = new Map<number, Entry>();

  constructor(
    private readonly store: Store,
    private readonly refreshMs: number,
  ) {}

  /** Re-reads these sends now (a new batch names them). */
  async load(ids: readonly number[]): Promise<void> {
    const rows = await sendRowsByIds(this.store.db, ids);
    const now = Date.now();
    for (const row of rows) {
      const entry = this.#sends.get(row.id);
      if (entry) Object.assign(entry, { row, readAt: now });
      else this.#sends.set(row.id, { row, readAt: now, pacer: new Pacer(), templates: new Map() });
    }
  }

  /**
   * Whether the send may still go out, from a row at most `refreshMs` old. Unknown sends (deleted)
   * may not. Lanes call this before every message; only one re-read is in flight at a time.
   */
  async claimable(id: number): Promise<boolean> {
    const entry = this.#sends.get(id);
    if (entry && Date.now() - entry.readAt >= this.refreshMs) {
      entry.readAt = Date.now();
      await this.load([id]);
    }
    const row = this.#sends.get(id)?.row;
    return row !== undefined && CLAIMABLE_SEND_STATUSES.includes(row.status);
  }

  /** The send as last read. */
  row(id: number): SendRow | undefined {
    return this.#sends.get(id)?.row;
  }

  /**
   * Sets this worker's pace for a send: its rate divided among the workers holding live leases
   * on it (this one included), so together they keep to the rate however many there are.
   */
  async pace(id: number): Promise<Pacer> {
    const entry = this.#entry(id);
    const rate = entry.row.rate_per_second;
    if (!rate) entry.pacer.setRate(null);
    else {
      const workers = await activeWorkerCount(this.store.db, id, new Date().toISOString());
      entry.pacer.setRate(rate / Math.max(1, workers));
    }
    return entry.pacer;
  }

  /** The send's link settings (secret, site URL), loaded once. */
  links(id: number): Promise<LinkConfig> {
    const entry = this.#entry(id);
    if (!entry.links) {
      const links = loadLinkConfig(this.store);
      links.catch(() => {
        if (entry.links === links) entry.links = undefined;
      });
      entry.links = links;
    }
    return entry.links;
  }

  /** The send's bounce addressing (mail.bounce_address and the VERP secret), loaded once; null: none set. */
  bounces(id: number): Promise<BounceAddressing | null> {
    const entry = this.#entry(id);
    if (!entry.bounces) {
      const bounces = loadBounceAddressing(this.store);
      bounces.catch(() => {
        if (entry.bounces === bounces) entry.bounces = undefined;
      });
      entry.bounces = bounces;
    }
    return entry.bounces;
  }

  /**
   * The send's email for one edition, rendered once. Its own date (when the send started) only
   * seeds its Message-ID: each message carries the Date it was made (message.ts).
   */
  template(id: number, edition: Edition): Promise<MessageTemplate> {
    const entry = this.#entry(id);
    let template = entry.templates.get(edition);
    if (!template) {
      template = renderEdition(this.store, entry.row.issue_number, edition, new Date(entry.row.send_at), {
        sendId: id,
      });
      // A failed render (the issue unpublished meanwhile) is tried again next batch, not cached.
      template.catch(() => entry.templates.delete(edition));
      entry.templates.set(edition, template);
    }
    return template;
  }

  #entry(id: number): Entry {
    const entry = this.#sends.get(id);
    if (!entry) throw new Error(`send ${id} was not loaded`);
    return entry;
  }
}
