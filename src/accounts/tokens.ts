import { createHash, randomBytes } from "node:crypto";

/** A random token for a cookie or an API key: 256 bits, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What the database keeps of a token: the token itself would let a reader of a backup log in. */
export function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
