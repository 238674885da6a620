import { SummaError } from "../domain/errors.ts";
import { addPendingSubscriber, type Store } from "../store/index.ts";

/** What a reader types into the public subscribe form. */
export interface SubscribeRequest {
  email: string;
  name?: string;
  /** Where the address came from ("web"), for the editor's numbers. */
  source?: string;
}

/**
 * The address syntax browsers check for <input type=email> (the WHATWG HTML standard's
 * "valid email address"), with a dot required in the domain: "rohin@localhost" reaches no one.
 */
const EMAIL =
  /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

/**
 * C0/C1 controls (CR and LF would break an email header), line and paragraph separators, and
 * the bidirectional overrides that make a name read differently on the editor's screen.
 */
const FORBIDDEN = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

const MAX_EMAIL = 254;
const MAX_NAME = 200;

function invalid(field: "email" | "name", message: string): SummaError {
  return new SummaError("input.invalid", message, { field });
}

/** The address (trimmed, lowercased) and name (trimmed), or an error naming the field to fix. */
export function validateSubscription(request: SubscribeRequest): { email: string; name: string } {
  const rawEmail = request.email ?? "";
  const rawName = request.name ?? "";
  if (FORBIDDEN.test(rawEmail)) throw invalid("email", "The email address contains control characters.");
  if (FORBIDDEN.test(rawName)) throw invalid("name", "The name contains control characters.");
  const email = rawEmail.trim().toLowerCase();
  const name = rawName.trim().replace(/\s+/g, " ");
  if (email === "") throw invalid("email", "Please enter your email address.");
  if (email.length > MAX_EMAIL || !EMAIL.test(email) || email.split("@")[0]!.length > 64)
    throw invalid("email", `"${email.slice(0, 80)}" is not an email address, e.g. ada@example.org.`);
  if (name.length > MAX_NAME) throw invalid("name", `The name is too long (at most ${MAX_NAME} characters).`);
  return { email, name };
}

/**
 * A reader asks to subscribe: the address is recorded as pending (it becomes a subscriber once
 * confirmed). Returns nothing on purpose: whether the address was already on the list must
 * not show in the answer, or the form would tell anyone who subscribes to what.
 */
export async function requestSubscription(
  store: Store,
  request: SubscribeRequest,
  now = new Date(),
): Promise<void> {
  const { email, name } = validateSubscription(request);
  await addPendingSubscriber(store.db, {
    email,
    name,
    source: request.source ?? "web",
    now: now.toISOString(),
  });
}
