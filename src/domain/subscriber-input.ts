import { isEmailAddress } from "./email.ts";
import { SummaError } from "./errors.ts";

/** Where a subscriber is: waiting for confirmation, receiving issues, or not (and why). */
export type SubscriberStatus = "pending" | "active" | "unsubscribed" | "paused" | "suppressed";

/** Which version of an issue a subscriber receives. */
export type Edition = "full" | "highlights";

/** What a reader types into the public subscribe form. */
export interface SubscribeRequest {
  email: string;
  name?: string;
  /** Where the address came from ("web"), for the editor's numbers. */
  source?: string;
  /** "full" (the default) or "highlights": the version of each issue the reader asked for. */
  edition?: string;
}

/** The editions, as forms and the CLI name them. */
export const EDITIONS: readonly Edition[] = ["full", "highlights"];

/**
 * C0/C1 controls (CR and LF would break an email header), line and paragraph separators, and
 * the bidirectional overrides that make a name read differently on the editor's screen.
 */
const FORBIDDEN = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

const MAX_NAME = 200;

/** An input.invalid error naming the field to fix. */
export function invalid(field: "email" | "name" | "edition", message: string): SummaError {
  return new SummaError("input.invalid", message, { field });
}

/** The address, trimmed and lowercased, or input.invalid naming the email field. */
export function validateEmail(raw: string): string {
  if (FORBIDDEN.test(raw)) throw invalid("email", "The email address contains control characters.");
  const email = raw.trim().toLowerCase();
  if (email === "") throw invalid("email", "Please enter your email address.");
  if (!isEmailAddress(email))
    throw invalid("email", `"${email.slice(0, 80)}" is not an email address, e.g. ada@example.org.`);
  return email;
}

/** The name with its spaces tidied, or input.invalid naming the name field. */
export function validateName(raw: string): string {
  if (FORBIDDEN.test(raw)) throw invalid("name", "The name contains control characters.");
  const name = raw.trim().replace(/\s+/g, " ");
  if (name.length > MAX_NAME) throw invalid("name", `The name is too long (at most ${MAX_NAME} characters).`);
  return name;
}

/** The edition asked for: "full" when none was chosen, else "full" or "highlights". */
export function validateEdition(raw: string | undefined): Edition {
  if (raw === undefined || raw === "") return "full";
  if (!(EDITIONS as readonly string[]).includes(raw))
    throw invalid("edition", `Choose the full issue or the highlights only (got "${raw.slice(0, 40)}").`);
  return raw as Edition;
}

/** The address (trimmed, lowercased), name (trimmed) and edition, or an error naming the field to fix. */
export function validateSubscription(request: SubscribeRequest): {
  email: string;
  name: string;
  edition: Edition;
} {
  // Control characters anywhere are reported before the address's syntax.
  if (FORBIDDEN.test(request.email ?? "")) validateEmail(request.email);
  const name = validateName(request.name ?? "");
  const email = validateEmail(request.email ?? "");
  return { email, name, edition: validateEdition(request.edition) };
}
