import { SummaError } from "../domain/errors.ts";
import {
  clearLoginFailures,
  countLoginFailures,
  deleteLoginFailures,
  deleteLoginFailuresBefore,
  findUserByEmail,
  forgetLoginClientsBefore,
  isKnownLoginClient,
  recordLoginFailure,
  rememberLoginClient,
  type Store,
} from "../store/index.ts";
import { decoyHash, verifyPassword } from "./passwords.ts";
import { normalizeEmail, type PasswordOptions, type StaffUser } from "./users.ts";

const MINUTE = 60 * 1000;

/**
 * How many failed logins are allowed before logins are refused (README "Accounts and passwords").
 * - perPair: one client (address) guessing one account's password: the ordinary lockout.
 * - perClient: one client guessing many accounts.
 * - perAccount: many clients guessing one account (a botnet). Clients the account has logged in
 *   from before (`knownFor`) are exempt, so a stranger can slow an account down but cannot lock
 *   its owner out of their usual places; from a new place the owner waits out the hour.
 * A stranger's failures never count against the owner's own address: the old per-address limit
 * (5 failures from anywhere locked the account for everyone) let anyone lock the editor out.
 */
export const LOGIN_LIMITS = {
  perPair: { failures: 5, windowMs: 15 * MINUTE },
  perClient: { failures: 20, windowMs: 15 * MINUTE },
  perAccount: { failures: 100, windowMs: 60 * MINUTE },
  knownFor: 90 * 24 * 60 * MINUTE,
} as const;

// No user's address is longer than 254 characters, nor a client's than 100, so longer ones
// need not be kept whole (and cannot fill the table with long keys).
const clientOf = (client: string) => client.slice(0, 100);
const keysOf = (email: string, client: string) => ({
  pair: `pair:${email.slice(0, 254)}|${clientOf(client)}`,
  client: `client:${clientOf(client)}`,
  account: `email:${email.slice(0, 254)}`,
});

function refused(windowMs: number): SummaError {
  return new SummaError(
    "auth.rate_limited",
    `Too many failed logins. Try again in ${Math.round(windowMs / MINUTE)} minutes.`,
    { retryAfterSeconds: windowMs / 1000 },
  );
}

/**
 * Checks an email and password from a client (its address). The attempt is counted before its
 * password is checked, so concurrent guesses each see the others and a burst cannot slip under
 * a limit while scrypt runs; past a limit, logins are refused whether or not the password is
 * right. Unknown addresses cost as much time as known ones.
 */
export async function authenticate(
  store: Store,
  input: { email: string; password: string; client: string },
  now = new Date(),
  options: PasswordOptions = {},
): Promise<StaffUser> {
  const email = normalizeEmail(input.email);
  const keys = keysOf(email, input.client);
  const since = (ms: number) => new Date(now.getTime() - ms).toISOString();
  await deleteLoginFailuresBefore(store.db, since(LOGIN_LIMITS.perAccount.windowMs));
  const user = await findUserByEmail(store.db, email);
  const attempt = await recordLoginFailure(
    store.db,
    [keys.pair, keys.client, keys.account],
    now.toISOString(),
  );
  const [byPair, byClient] = await Promise.all([
    countLoginFailures(store.db, keys.pair, since(LOGIN_LIMITS.perPair.windowMs)),
    countLoginFailures(store.db, keys.client, since(LOGIN_LIMITS.perClient.windowMs)),
  ]);
  let limit: number | null = null;
  if (byPair > LOGIN_LIMITS.perPair.failures) limit = LOGIN_LIMITS.perPair.windowMs;
  else if (byClient > LOGIN_LIMITS.perClient.failures) limit = LOGIN_LIMITS.perClient.windowMs;
  else if (
    (await countLoginFailures(store.db, keys.account, since(LOGIN_LIMITS.perAccount.windowMs))) >
      LOGIN_LIMITS.perAccount.failures &&
    !(
      user &&
      (await isKnownLoginClient(store.db, user.id, clientOf(input.client), since(LOGIN_LIMITS.knownFor)))
    )
  )
    limit = LOGIN_LIMITS.perAccount.windowMs;
  if (limit !== null) {
    // A refused attempt is not a guess (its password was never checked), so it is not counted.
    await deleteLoginFailures(store.db, attempt);
    throw refused(limit);
  }
  const ok = await verifyPassword(input.password, user?.password_hash ?? decoyHash(options.passwordCost));
  // A failure keeps its attempt recorded; a success clears this client's failures on the account.
  if (!user || !ok || user.disabled)
    throw new SummaError("auth.invalid_credentials", "Wrong email or password");
  await deleteLoginFailures(store.db, attempt);
  await clearLoginFailures(store.db, keys.pair);
  await rememberLoginClient(store.db, user.id, clientOf(input.client), now.toISOString());
  await forgetLoginClientsBefore(store.db, since(LOGIN_LIMITS.knownFor));
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
