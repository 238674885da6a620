import type { Kysely, Selectable } from "kysely";
import type { Database, UserRole, UserTable } from "../schema.ts";

type Db = Kysely<Database>;
export type UserRow = Selectable<UserTable>;

export async function insertUser(
  db: Db,
  user: { email: string; name: string; role: UserRole; password_hash: string; created_at: string },
): Promise<UserRow> {
  return db.insertInto("users").values(user).returningAll().executeTakeFirstOrThrow();
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirst();
}

export async function findUserById(db: Db, id: number): Promise<UserRow | undefined> {
  return db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
}

/** How many enabled admins there are (the last one may not be demoted or disabled). */
export async function countEnabledAdmins(db: Db): Promise<number> {
  const row = await db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("role", "=", "admin")
    .where("disabled", "=", 0)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Changes a user's role. */
export async function updateUserRole(db: Db, userId: number, role: UserRole): Promise<void> {
  await db.updateTable("users").set({ role }).where("id", "=", userId).execute();
}

/** Disables (or enables) a user; disabling ends every session they have at once. */
export async function setUserDisabled(db: Db, userId: number, disabled: boolean): Promise<void> {
  await db
    .updateTable("users")
    .set({ disabled: disabled ? 1 : 0 })
    .where("id", "=", userId)
    .execute();
  if (disabled) await db.deleteFrom("sessions").where("user_id", "=", userId).execute();
}

export async function listUsers(db: Db): Promise<UserRow[]> {
  return db.selectFrom("users").selectAll().orderBy("id").execute();
}

export async function insertSession(
  db: Db,
  session: { id: string; user_id: number; csrf_token: string; created_at: string; expires_at: string },
): Promise<void> {
  await db.insertInto("sessions").values(session).execute();
}

/** The session and its user, if the session exists, has not expired, and the user is enabled. */
export async function findLiveSession(db: Db, id: string, now: string) {
  return db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select([
      "sessions.id as session_id",
      "sessions.csrf_token",
      "sessions.expires_at",
      "users.id",
      "users.email",
      "users.name",
      "users.role",
    ])
    .where("sessions.id", "=", id)
    .where("sessions.expires_at", ">", now)
    .where("users.disabled", "=", 0)
    .executeTakeFirst();
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", id).execute();
}

export async function deleteExpiredSessions(db: Db, now: string): Promise<void> {
  await db.deleteFrom("sessions").where("expires_at", "<=", now).execute();
}

export async function insertApiToken(
  db: Db,
  token: {
    user_id: number;
    name: string;
    token_hash: string;
    created_at: string;
    expires_at?: string | null;
  },
): Promise<number> {
  const row = await db.insertInto("api_tokens").values(token).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

/** The enabled user an API token (by its hash) belongs to, unless the token expired by `now`. */
export async function findUserByTokenHash(db: Db, tokenHash: string, now: string) {
  return db
    .selectFrom("api_tokens")
    .innerJoin("users", "users.id", "api_tokens.user_id")
    .select(["api_tokens.id as token_id", "users.id", "users.email", "users.name", "users.role"])
    .where("api_tokens.token_hash", "=", tokenHash)
    .where("users.disabled", "=", 0)
    .where((eb) => eb.or([eb("api_tokens.expires_at", "is", null), eb("api_tokens.expires_at", ">", now)]))
    .executeTakeFirst();
}

/** An API token as the admins' list shows it (never its hash), with its owner. */
export interface ApiTokenListRow {
  id: number;
  name: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  user_id: number;
  user_email: string;
  user_name: string;
}

/** Every API token, newest first, with whose it is. */
export async function listApiTokens(db: Db): Promise<ApiTokenListRow[]> {
  return db
    .selectFrom("api_tokens")
    .innerJoin("users", "users.id", "api_tokens.user_id")
    .select([
      "api_tokens.id",
      "api_tokens.name",
      "api_tokens.created_at",
      "api_tokens.last_used_at",
      "api_tokens.expires_at",
      "users.id as user_id",
      "users.email as user_email",
      "users.name as user_name",
    ])
    .orderBy("api_tokens.id", "desc")
    .execute();
}

/** Removes an API token (revoked: it stops working at once). Returns whether one was removed. */
export async function deleteApiToken(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom("api_tokens").where("id", "=", id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function touchApiToken(db: Db, id: number, now: string): Promise<void> {
  await db.updateTable("api_tokens").set({ last_used_at: now }).where("id", "=", id).execute();
}

/** Records a failed (or pending) login under each key; returns the new rows' ids. */
export async function recordLoginFailure(db: Db, keys: string[], at: string): Promise<number[]> {
  if (keys.length === 0) return [];
  const rows = await db
    .insertInto("login_failures")
    .values(keys.map((key) => ({ key, at })))
    .returning("id")
    .execute();
  return rows.map((r) => r.id);
}

export async function deleteLoginFailures(db: Db, ids: number[]): Promise<void> {
  if (ids.length) await db.deleteFrom("login_failures").where("id", "in", ids).execute();
}

export async function countLoginFailures(db: Db, key: string, since: string): Promise<number> {
  const row = await db
    .selectFrom("login_failures")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("key", "=", key)
    .where("at", ">", since)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function clearLoginFailures(db: Db, key: string): Promise<void> {
  await db.deleteFrom("login_failures").where("key", "=", key).execute();
}

export async function deleteLoginFailuresBefore(db: Db, before: string): Promise<void> {
  await db.deleteFrom("login_failures").where("at", "<=", before).execute();
}

/** Remembers that an account logged in from a client (address), or when it last did. */
export async function rememberLoginClient(db: Db, userId: number, client: string, at: string): Promise<void> {
  await db
    .insertInto("login_clients")
    .values({ user_id: userId, client, last_login_at: at })
    .onConflict((oc) => oc.columns(["user_id", "client"]).doUpdateSet({ last_login_at: at }))
    .execute();
}

/** Whether the account has logged in from this client since `since`. */
export async function isKnownLoginClient(
  db: Db,
  userId: number,
  client: string,
  since: string,
): Promise<boolean> {
  const row = await db
    .selectFrom("login_clients")
    .select("user_id")
    .where("user_id", "=", userId)
    .where("client", "=", client)
    .where("last_login_at", ">", since)
    .executeTakeFirst();
  return row !== undefined;
}

export async function forgetLoginClientsBefore(db: Db, before: string): Promise<void> {
  await db.deleteFrom("login_clients").where("last_login_at", "<=", before).execute();
}

/** Sets a user's password hash and ends every session they have (a changed password signs out elsewhere). */
export async function replacePasswordHash(db: Db, userId: number, passwordHash: string): Promise<void> {
  await db.updateTable("users").set({ password_hash: passwordHash }).where("id", "=", userId).execute();
  await db.deleteFrom("sessions").where("user_id", "=", userId).execute();
}
