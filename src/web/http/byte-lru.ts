/**
 * A map bounded by the bytes its values hold, not their number: one feed (400 KB) weighs as
 * much as a hundred small pages. The least recently used go first when a new value needs room;
 * a value larger than the whole bound is not kept at all.
 */
export class ByteLru<V> {
  /** Map order is use order: a read moves a key to the end. */
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private total = 0;

  constructor(readonly maxBytes: number) {}

  get size(): number {
    return this.entries.size;
  }

  /** Bytes held now (never above maxBytes). */
  get bytes(): number {
    return this.total;
  }

  get(key: string): V | undefined {
    const found = this.entries.get(key);
    if (!found) return undefined;
    this.entries.delete(key);
    this.entries.set(key, found);
    return found.value;
  }

  set(key: string, value: V, bytes: number): void {
    this.delete(key);
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { value, bytes });
    this.total += bytes;
    this.evict();
  }

  /**
   * A value grew (a compressed copy added to it; negative: shrank): counts the bytes, evicting
   * others if needed. Ignored when `key` holds another value by now.
   */
  grow(key: string, value: V, bytes: number): void {
    const found = this.entries.get(key);
    if (!found || found.value !== value) return;
    found.bytes += bytes;
    this.total += bytes;
    if (found.bytes > this.maxBytes) this.delete(key);
    else this.evict();
  }

  delete(key: string): void {
    const found = this.entries.get(key);
    if (!found) return;
    this.entries.delete(key);
    this.total -= found.bytes;
  }

  private evict(): void {
    for (const [key, entry] of this.entries) {
      if (this.total <= this.maxBytes) break;
      this.entries.delete(key);
      this.total -= entry.bytes;
    }
  }
}
