import { MIN_PASSWORD_LENGTH } from "./passwords.ts";

/**
 * What a new password must be, after NIST SP 800-63B (5.1.1.2): long enough, and not one an
 * attacker tries first — a commonly used one, a run of one character, a keyboard or alphabet
 * sequence, or the account's own address or name. No composition rules ("a digit and a symbol"):
 * NIST advises against them, since they make passwords harder to remember, not to guess.
 */
export const MAX_PASSWORD_LENGTH = 256;

/** Where a password may come from: words a guesser knows about this account. */
export interface PasswordContext {
  email: string;
  name?: string;
}

// The 49,233 passwords most often found in breaches (zxcvbn's common list, MIT), loaded on the
// first password set, not when the CLI starts. Compared lowercased: "Password123" is as weak.
let common: Promise<Set<string>> | undefined;
function commonPasswords(): Promise<Set<string>> {
  common ??= import("@zxcvbn-ts/language-common").then(
    (m) => new Set(m.dictionary["passwords-common"].map((p: string) => p.toLowerCase())),
  );
  return common;
}

const SEQUENCES = [
  "abcdefghijklmnopqrstuvwxyz",
  "01234567890",
  "qwertyuiopasdfghjklzxcvbnm",
  "qwertzuiopasdfghjklyxcvbnm",
  "azertyuiopqsdfghjklmwxcvbn",
  "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
];

/** Whether the text is a run of a few characters repeated ("aaaa…", "abab…", "abcabc…"). */
function isRepetition(text: string): boolean {
  for (let unit = 1; unit <= 3; unit++) {
    const head = text.slice(0, unit);
    if (head.repeat(Math.ceil(text.length / unit)).slice(0, text.length) === text) return true;
  }
  return false;
}

/** Whether the text is a stretch of the alphabet, the digits or a keyboard row, either way round. */
function isSequence(text: string): boolean {
  const reversed = [...text].reverse().join("");
  return SEQUENCES.some((s) => s.includes(text) || s.includes(reversed));
}

/** The account's own words, lowercased: the address, its local part, the name and its words. */
function contextWords(context: PasswordContext): string[] {
  const email = context.email.trim().toLowerCase();
  const local = email.split("@")[0] ?? "";
  const name = (context.name ?? "").trim().toLowerCase();
  return [email, local, name, name.replace(/\s+/g, ""), "summa", "alignment newsletter"].filter(
    (w) => w.length >= 3,
  );
}

/**
 * Why a new password is refused, or null when it is acceptable. The check for common passwords
 * needs the list, so this is async.
 */
export async function passwordProblem(password: string, context: PasswordContext): Promise<string | null> {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH)
    return `The password must have at least ${MIN_PASSWORD_LENGTH} characters`;
  if (length > MAX_PASSWORD_LENGTH) return `The password must have at most ${MAX_PASSWORD_LENGTH} characters`;
  if (/\p{Cc}/u.test(password)) return "The password contains control characters";
  const lower = password.toLowerCase();
  if ((await commonPasswords()).has(lower))
    return "The password is one of the most commonly used passwords; choose something else";
  if (isRepetition(lower)) return "The password repeats the same few characters; choose a longer phrase";
  if (isSequence(lower)) return "The password is a sequence of letters, digits or keys; choose a phrase";
  // The account's words with a few digits or symbols around them ("rohin2024!") are as weak.
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/g, "");
  if (contextWords(context).some((w) => lower === w || core === w))
    return "The password is the account's address or name; choose something else";
  return null;
}
