import { randomBytes } from "node:crypto";
import { SummaError } from "../domain/errors.ts";
import {
  type ApiTokenListRow,
  countEnabledAdmins,
  deleteApiToken,
  findUserByEmail,
  findUserById,
  listApiTokens,
  listUsers,
  replacePasswordHash,
  type Store,
  setUserDisabled,
  USER_ROLES,
  type UserRole,
  type UserRow,
  updateUserRole,
} from "../store/index.ts";
import { hashPassword } from "./passwords.ts";
import { createUser, normalizeEmail, type PasswordOptions, type StaffUser } from "./users.ts";

/**
 * The team as admins manage it on the desk: invite (an account with a generated password,
 * shown once), change a role, disable and enable, reset a password, list and revoke API
 * tokens. The last enabled admin can be neither demoted nor disabled, so the desk always has
 * someone who can manage it.
 */

/** A desk account with whether it may log in. */
export interface TeamMember extends StaffUser {
  disabled: boolean;
  createdAt: string;
}

function member(row: UserRow): TeamMember {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    disabled: row.disabled !== 0,
    createdAt: row.created_at,
  };
}

/**
 * A password for someone else to use once and change: 16 characters from 96 random bits,
 * far beyond guessing, and well inside the password policy.
 */
export function generatePassword(): string {
  return randomBytes(12).toString("base64url");
}

/** Every desk account, in the order they were made. */
export async function teamMembers(store: Store): Promise<TeamMember[]> {
  return (await listUsers(store.db)).map(member);
}

async function memberById(store: Store, id: number): Promise<UserRow> {
  const row = await findUserById(store.db, id);
  if (!row) throw new SummaError("not_found", `No desk user has the id ${id}`);
  return row;
}

/** The id of the account with this email (`summa user role|disable|enable EMAIL`). */
export async function memberIdByEmail(store: Store, email: string): Promise<number> {
  const row = await findUserByEmail(store.db, normalizeEmail(email));
  if (!row) throw new SummaError("not_found", `No desk user has the email ${email}`);
  return row.id;
}

/** Whether changing this account would leave the desk with no enabled admin. */
async function isLastAdmin(store: Store, row: UserRow): Promise<boolean> {
  return row.role === "admin" && row.disabled === 0 && (await countEnabledAdmins(store.db)) <= 1;
}

/** Creates an account with a generated password; the password is returned once and never stored. */
export async function inviteMember(
  store: Store,
  input: { email: string; name?: string; role: string },
  options: PasswordOptions = {},
): Promise<{ user: StaffUser; password: string }> {
  const password = generatePassword();
  const user = await createUser(store, { ...input, password }, options);
  return { user, password };
}

/** Gives an account another role; the last enabled admin keeps theirs. */
export async function changeMemberRole(store: Store, id: number, role: string): Promise<TeamMember> {
  if (!(USER_ROLES as readonly string[]).includes(role))
    throw new SummaError("input.invalid", `Role must be one of ${USER_ROLES.join(", ")} (got "${role}")`);
  const row = await memberById(store, id);
  if (row.role === role) return member(row);
  if (await isLastAdmin(store, row))
    throw new SummaError("conflict", `${row.email} is the only enabled admin: make another admin first`);
  await updateUserRole(store.db, id, role as UserRole);
  return member({ ...row, role: role as UserRole });
}

/** Disables an account (its sessions end, its API tokens stop working) or enables it again. */
export async function setMemberDisabled(store: Store, id: number, disabled: boolean): Promise<TeamMember> {
  const row = await memberById(store, id);
  if (disabled && (await isLastAdmin(store, row)))
    throw new SummaError("conflict", `${row.email} is the only enabled admin and cannot be disabled`);
  await setUserDisabled(store.db, id, disabled);
  return member({ ...row, disabled: disabled ? 1 : 0 });
}

/**
 * Gives an account a new generated password (returned once): for someone who forgot theirs.
 * Every session the account had ends.
 */
export async function resetMemberPassword(
  store: Store,
  id: number,
  options: PasswordOptions = {},
): Promise<{ user: TeamMember; password: string }> {
  const row = await memberById(store, id);
  const password = generatePassword();
  await replacePasswordHash(store.db, id, await hashPassword(password, options.passwordCost));
  return { user: member(row), password };
}

/** Every API token (never the token itself: only its hash is kept), newest first. */
export function allApiTokens(store: Store): Promise<ApiTokenListRow[]> {
  return listApiTokens(store.db);
}

/** Revokes an API token: requests carrying it are refused from now on. */
export async function revokeApiToken(store: Store, id: number): Promise<void> {
  if (!(await deleteApiToken(store.db, id)))
    throw new SummaError("not_found", `No API token has the id ${id}`);
}
