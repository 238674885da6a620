import assert from "node:assert/strict";
import { SummaError } from "../../src/domain/errors.ts";
import type { RawRow, SheetReader } from "../../src/formats/import/raw-row.ts";

/** Every row a format reader yields. */
export async function collect(reader: SheetReader): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  for await (const r of reader.rows) rows.push(r);
  return rows;
}

/** An assert.throws/rejects validator: a SummaError with this code whose message mentions each text. */
export function isCode(code: string, ...mentions: string[]) {
  return (err: unknown) => {
    assert.ok(err instanceof SummaError, String(err));
    assert.equal(err.code, code, err.message);
    for (const m of mentions) assert.ok(err.message.includes(m), `${m} in ${err.message}`);
    return true;
  };
}
