import { isEmailAddress } from "../domain/email.ts";
import { SummaError } from "../domain/errors.ts";
import {
  clearLoginFailures,
  countLoginFailures,
  deleteLoginFailures,
  deleteLoginFailuresBefore,
  findUserByEmail,
  insertUser,
  listUsers,
  recordLoginFailure,
  type Store,
  USER_ROLES,
  type UserRole,
} from "../store/index.ts";
import {
  decoyHash,
  hashPassword,
  MIN_PASSWORD_LENGTH,
  type PasswordCost,
  verifyPassword,
} from "./passwords.ts";

/** What account calls may be given: the scrypt cost for new hashes (PASSWORD_COST unless set). */
export interface PasswordOptions {
  passwordCost?: PasswordCost;
}

/** A staff account (admin, editor or summarizer: who logs in to the desk and the API) as the rest of the code sees it, never with its password hash. */
export interface StaffUser {
  id: number;
  email: string;
  name: string;
  role: UserRole;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function isValidEmail(email: string): boolean {
  return isEmailAddress(email) && !/\p{Cc}/u.test(email);
}

export async function createUser(
  store: Store,
  input: { email: string; name?: string; role: string; password: string },
  options: PasswordOptions = {},
): Promise<StaffUser> {
  const email = normalizeEmail(input.email);
  if (!isValidEmail(email)) throw new SummaError("input.invalid", `"${input.email}" is not an email address`);
  if (!(USER_ROLES as readonly string[]).includes(input.role))
    throw new SummaError(
      "input.invalid",
      `Role must be one of ${USER_ROLES.join(", ")} (got "${input.role}")`,
    );
  if (input.password.length < MIN_PASSWORD_LENGTH)
    throw new SummaError(
      "input.invalid",
      `The password must have at least ${MIN_PASSWORD_LENGTH} characters`,
    );
  const name = (input.name ?? "").trim();
  if (/[\p{Cc}]/u.test(name)) throw new SummaError("input.invalid", "The name contains control characters");
  if (await findUserByEmail(store.db, email))
    throw new SummaError("conflict", `A user with the email ${email} already exists`);
  const row = await insertUser(store.db, {
    email,
    name: name || email.split("@")[0]!,
    role: input.role as UserRole,
    password_hash: await hashPassword(input.password, options.passwordCost),
    created_at: new Date().toISOString(),
  });
  return { id: row.id, email: row.email, name: row.name, role: row.role };
}

export async function allUsers(store: Store): Promise<StaffUser[]> {
  return (await listUsers(store.db)).map(({ id, email, name, role }) => ({ id, email, name, role }));
}

/** Failed logins allowed per address and per client in the window before logins are refused. */
export const LOGIN_LIMIT = { perEmail: 5, perClient: 20, windowMs: 15 * 60 * 1000 };

/**
 * Checks an email and password. Failures count per address and per client (IP); past the
 * limit, logins are refused for the rest of the window whether or not the password is right,
 * so guessing cannot continue. Unknown addresses cost as much time as known ones.
 */
export async function authenticate(
  store: Store,
  input: { email: string; password: string; client: string },
  now = new Date(),
  options: PasswordOptions = {},
): Promise<StaffUser> {
  const email = normalizeEmail(input.email);
  const since = new Date(now.getTime() - LOGIN_LIMIT.windowMs).toISOString();
  // No user's address is longer than 254 characters, so a longer one need not be kept whole.
  const keys = [`email:${email.slice(0, 254)}`, `client:${input.client.slice(0, 100)}`];
  // The attempt is counted before its password is checked: concurrent guesses each see the
  // others, so a burst of them cannot all slip under the limit while scrypt runs.
  await deleteLoginFailuresBefore(store.db, since);
  const attempt = await recordLoginFailure(store.db, keys, now.toISOString());
  const [byEmail = 0, byClient = 0] = await Promise.all(
    keys.map((k) => countLoginFailures(store.db, k, since)),
  );
  if (byEmail > LOGIN_LIMIT.perEmail || byClient > LOGIN_LIMIT.perClient) {
    await deleteLoginFailures(store.db, attempt);
    throw new SummaError("auth.rate_limited", "Too many failed logins. Try again in 15 minutes.", {
      retryAfterSeconds: LOGIN_LIMIT.windowMs / 1000,
    });
  }
  const user = await findUserByEmail(store.db, email);
  const ok = await verifyPassword(input.password, user?.password_hash ?? decoyHash(options.passwordCost));
  // A failure keeps its attempt recorded; a success clears the address's failures and itself.
  if (!user || !ok || user.disabled)
    throw new SummaError("auth.invalid_credentials", "Wrong email or password");
  await clearLoginFailures(store.db, keys[0]!);
  await deleteLoginFailures(store.db, attempt);
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
