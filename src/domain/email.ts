/**
 * The address syntax browsers check for <input type=email> (the WHATWG HTML standard's
 * "valid email address"), with a dot required in the domain ("rohin@localhost" reaches no one),
 * a 64-character local part and 254 characters in all (RFC 5321's limits).
 * Expects the address already trimmed and lowercased.
 */
const EMAIL =
  /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

export const MAX_EMAIL_LENGTH = 254;

export function isEmailAddress(email: string): boolean {
  return email.length <= MAX_EMAIL_LENGTH && EMAIL.test(email) && email.split("@")[0]!.length <= 64;
}
