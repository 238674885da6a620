import type { UserRole } from "../store/index.ts";

/** What a staff user may do. Summarizers write; editors also compose, publish and keep the list; admins also manage accounts. */
export type Permission =
  | "entries.write_own"
  | "entries.write_any"
  | "issues.compose"
  | "taxonomy.edit"
  | "sheet.import"
  | "subscribers.manage"
  | "surveys.manage"
  | "inbox.triage"
  | "users.manage";

const GRANTS: Record<UserRole, readonly Permission[]> = {
  summarizer: ["entries.write_own"],
  editor: [
    "entries.write_own",
    "entries.write_any",
    "issues.compose",
    "taxonomy.edit",
    "sheet.import",
    "subscribers.manage",
    "surveys.manage",
    "inbox.triage",
  ],
  admin: [
    "entries.write_own",
    "entries.write_any",
    "issues.compose",
    "taxonomy.edit",
    "sheet.import",
    "subscribers.manage",
    "surveys.manage",
    "inbox.triage",
    "users.manage",
  ],
};

export function can(role: UserRole, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}
