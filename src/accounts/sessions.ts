import { SummaError } from "../domain/errors.ts";
import {
  deleteExpiredSessions,
  deleteSession,
  findLiveSession,
  findUserByTokenHash,
  insertApiToken,
  insertSession,
  type Store,
  touchApiToken,
} from "../store/index.ts";
import { newToken, tokenHash } from "./tokens.ts";
import type { StaffUser } from "./users.ts";

/** Sessions last a week from login; logging out or expiry ends them. */
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface StaffSession {
  user: StaffUser;
  /** The token forms must carry back (synchronizer-token CSRF protection). */
  csrfToken: string;
  expiresAt: string;
}

/** Starts a session; returns the cookie token (only its hash is stored). */
export async function startSession(
  store: Store,
  user: StaffUser,
  now = new Date(),
): Promise<{ token: string; session: StaffSession }> {
  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS).toISOString();
  await deleteExpiredSessions(store.db, now.toISOString());
  await insertSession(store.db, {
    id: tokenHash(token),
    user_id: user.id,
    csrf_token: csrfToken,
    created_at: now.toISOString(),
    expires_at: expiresAt,
  });
  return { token, session: { user, csrfToken, expiresAt } };
}

/** The live session a cookie token names, or null (unknown, expired, or the user disabled). */
export async function resumeSession(
  store: Store,
  token: string,
  now = new Date(),
): Promise<StaffSession | null> {
  if (!token) return null;
  const row = await findLiveSession(store.db, tokenHash(token), now.toISOString());
  if (!row) return null;
  return {
    user: { id: row.id, email: row.email, name: row.name, role: row.role },
    csrfToken: row.csrf_token,
    expiresAt: row.expires_at,
  };
}

export async function endSession(store: Store, token: string): Promise<void> {
  if (token) await deleteSession(store.db, tokenHash(token));
}

/** The longest an expiring API token may be given (a longer need is a token without expiry). */
export const MAX_TOKEN_DAYS = 3650;

/**
 * Creates an API token for a user; the token is shown once and only its hash is kept. With
 * `expiresInDays`, the token stops working that many days from now (token auth refuses it).
 */
export async function createApiToken(
  store: Store,
  user: StaffUser,
  name: string,
  options: { expiresInDays?: number; now?: Date } = {},
): Promise<string> {
  const now = options.now ?? new Date();
  const days = options.expiresInDays;
  if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS))
    throw new SummaError(
      "input.invalid",
      `A token's lifetime is a whole number of days from 1 to ${MAX_TOKEN_DAYS} (got ${days})`,
      { field: "expires" },
    );
  const token = `summa_${newToken()}`;
  await insertApiToken(store.db, {
    user_id: user.id,
    name: name.trim(),
    token_hash: tokenHash(token),
    created_at: now.toISOString(),
    expires_at: days === undefined ? null : new Date(now.getTime() + days * 86_400_000).toISOString(),
  });
  return token;
}

/** The user an API token (from `Authorization: Bearer ...`) belongs to. */
export async function authenticateToken(store: Store, token: string, now = new Date()): Promise<StaffUser> {
  const at = now.toISOString();
  // An expired token is refused like an unknown one: the answer tells a holder nothing more.
  const row = token ? await findUserByTokenHash(store.db, tokenHash(token), at) : undefined;
  if (!row)
    throw new SummaError("auth.required", "A valid API token is required (Authorization: Bearer ...)");
  await touchApiToken(store.db, row.token_id, at);
  return { id: row.id, email: row.email, name: row.name, role: row.role };
}
