import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";

/** Newsletter settings an editor can change; defaults are seeded by migration 0004. */
export const SETTING_KEYS = ["newsletter.name", "newsletter.issue_prefix", "newsletter.editor"] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

export async function getSettings(db: Kysely<Database>): Promise<Record<SettingKey, string>> {
  const rows = await db.selectFrom("settings").select(["key", "value"]).execute();
  const out: Record<SettingKey, string> = {
    "newsletter.name": "",
    "newsletter.issue_prefix": "",
    "newsletter.editor": "",
  };
  for (const r of rows)
    if ((SETTING_KEYS as readonly string[]).includes(r.key)) out[r.key as SettingKey] = r.value;
  return out;
}

export async function setSetting(db: Kysely<Database>, key: SettingKey, value: string): Promise<void> {
  await db
    .insertInto("settings")
    .values({ key, value })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value }))
    .execute();
}
