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

/** Creates an API token for a user; the token is shown once and only its hash is kept. */
export async function createApiToken(store: Store, user: StaffUser, name: string): Promise<string> {
  const token = `summa_${newToken()}`;
  await insertApiToken(store.db, {
    user_id: user.id,
    name: name.trim(),
    token_hash: tokenHash(token),
    created_at: new Date().toISOString(),
  });
  return token;
}

/** The user an API token (from `Authorization: Bearer ...`) belongs to. */
export async function authenticateToken(store: Store, token: string): Promise<StaffUser> {
  const row = token ? await findUserByTokenHash(store.db, tokenHash(token)) : undefined;
  if (!row)
    throw new SummaError("auth.required", "A valid API token is required (Authorization: Bearer ...)");
  await touchApiToken(store.db, row.token_id, new Date().toISOString());
  return { id: row.id, email: row.email, name: row.name, role: row.role };
}
