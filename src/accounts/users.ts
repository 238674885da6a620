import { isEmailAddress } from "../domain/email.ts";
import { SummaError } from "../domain/errors.ts";
import {
  findUserByEmail,
  insertUser,
  listUsers,
  replacePasswordHash,
  type Store,
  USER_ROLES,
  type UserRole,
} from "../store/index.ts";
import { passwordProblem } from "./password-policy.ts";
import { hashPassword, type PasswordCost, verifyPassword } from "./passwords.ts";

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
  const name = (input.name ?? "").trim();
  const weak = await passwordProblem(input.password, { email, name });
  if (weak) throw new SummaError("input.invalid", weak, { field: "password" });
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

/**
 * Sets a new password for the account with this email (`summa user password`, run by whoever
 * holds the database). Every session the account had ends, so a leaked password stops working
 * everywhere at once.
 */
export async function setPassword(
  store: Store,
  input: { email: string; password: string },
  options: PasswordOptions = {},
): Promise<StaffUser> {
  const email = normalizeEmail(input.email);
  const user = await findUserByEmail(store.db, email);
  if (!user) throw new SummaError("not_found", `No desk user has the email ${input.email}`);
  const weak = await passwordProblem(input.password, { email: user.email, name: user.name });
  if (weak) throw new SummaError("input.invalid", weak, { field: "password" });
  await replacePasswordHash(store.db, user.id, await hashPassword(input.password, options.passwordCost));
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** A signed-in user changes their own password: the current one is asked for first. */
export async function changeOwnPassword(
  store: Store,
  user: StaffUser,
  input: { current: string; next: string },
  options: PasswordOptions = {},
): Promise<void> {
  const row = await findUserByEmail(store.db, user.email);
  if (!row || !(await verifyPassword(input.current, row.password_hash)))
    throw new SummaError("input.invalid", "The current password is wrong", { field: "current" });
  if (input.next === input.current)
    throw new SummaError("input.invalid", "The new password is the current one", { field: "next" });
  const weak = await passwordProblem(input.next, { email: row.email, name: row.name });
  if (weak) throw new SummaError("input.invalid", weak, { field: "next" });
  await replacePasswordHash(store.db, row.id, await hashPassword(input.next, options.passwordCost));
}
