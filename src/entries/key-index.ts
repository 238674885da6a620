/**
 * The (title key, issue label) pairs an import has met, each with the row it was first met on.
 * Exact, like a Map of strings, but compact and off the JavaScript heap: UTF-8 records in one
 * growing buffer and an open-addressing table of their offsets (~80 bytes a row instead of
 * ~250, and nothing for the garbage collector to trace), so a million-row import stays small.
 */
export class KeyIndex {
  /**
   * Records: hash (int32), row (int32), byte length (int32, negated for UTF-16), the key's bytes:
   * UTF-8, or UTF-16 for keys with surrogates (UTF-8 would turn a lone one into U+FFFD, making
   * two different keys one).
   */
  private data = Buffer.allocUnsafe(1 << 16);
  private used = 0;
  /** Offsets of records (+1; 0 is an empty slot). */
  private table = new Uint32Array(1 << 10);
  private size = 0;
  private scratch = Buffer.allocUnsafe(1 << 10);

  /** The row `key` was first met on, or undefined when it is new (and is now met on `row`). */
  firstRow(key: string, row: number): number | undefined {
    if (this.scratch.length < key.length * 3) this.scratch = Buffer.allocUnsafe(key.length * 3);
    const utf16 = /[\uD800-\uDFFF]/.test(key);
    const length = this.scratch.write(key, 0, utf16 ? "utf16le" : "utf8");
    const tag = utf16 ? -length : length;
    let hash = 0x811c9dc5 | 0;
    for (let i = 0; i < length; i++) hash = Math.imul(hash ^ this.scratch[i]!, 0x01000193);
    const mask = this.table.length - 1;
    let slot = hash & mask;
    for (let at = this.table[slot]!; at !== 0; at = this.table[slot]!) {
      const offset = at - 1;
      if (
        this.data.readInt32LE(offset) === hash &&
        this.data.readInt32LE(offset + 8) === tag &&
        this.data.compare(this.scratch, 0, length, offset + 12, offset + 12 + length) === 0
      )
        return this.data.readInt32LE(offset + 4);
      slot = (slot + 1) & mask;
    }
    if (this.used + 12 + length > this.data.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.data.length * 2, this.used + 12 + length));
      this.data.copy(grown, 0, 0, this.used);
      this.data = grown;
    }
    this.data.writeInt32LE(hash, this.used);
    this.data.writeInt32LE(row, this.used + 4);
    this.data.writeInt32LE(tag, this.used + 8);
    this.scratch.copy(this.data, this.used + 12, 0, length);
    this.table[slot] = this.used + 1;
    this.used += 12 + length;
    if (++this.size * 2 > this.table.length) this.rehash();
    return undefined;
  }

  private rehash(): void {
    const table = new Uint32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (const at of this.table) {
      if (at === 0) continue;
      let slot = this.data.readInt32LE(at - 1) & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = at;
    }
    this.table = table;
  }
}
