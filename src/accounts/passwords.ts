import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/** scrypt's cost parameters; every hash records its own, so verifying needs none. */
export interface PasswordCost {
  N: number;
  r: number;
  p: number;
}

/**
 * The cost every new password gets (OWASP's minimum for scrypt: N=2^17, r=8, p=1), stored in
 * the hash so it can rise later. Callers may pass a lower one only where no real password is
 * kept: tests, which log in hundreds of times (~0.2 s of CPU each at this cost).
 */
export const PASSWORD_COST: PasswordCost = { N: 2 ** 17, r: 8, p: 1 };
const KEY_LENGTH = 32;
// N=2^17, r=8 needs 128 MiB; Node's default cap is 32 MiB.
const MAX_MEMORY = 256 * 1024 * 1024;
/**
 * The most work a stored hash may ask for: room for the cost to rise fourfold, but a corrupt or
 * tampered row ("p=100000") cannot keep a login, and the server's crypto threads, busy for hours.
 */
const MAX_WORK = 4 * PASSWORD_COST.N * PASSWORD_COST.r * PASSWORD_COST.p;

function derive(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFC"), salt, KEY_LENGTH, { N, r, p, maxmem: MAX_MEMORY }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** "scrypt$N$r$p$salt$hash", salt and hash in base64. */
export async function hashPassword(password: string, cost: PasswordCost = PASSWORD_COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost.N, cost.r, cost.p);
  return ["scrypt", cost.N, cost.r, cost.p, salt.toString("base64"), key.toString("base64")].join("$");
}

/** The parameters of a stored hash, or null when they are malformed or beyond what we would ever set. */
function storedParameters(
  stored: string,
): { N: number; r: number; p: number; salt: Buffer; hash: Buffer } | null {
  const [scheme, n, r, p, salt, hash, ...rest] = stored.split("$");
  if (scheme !== "scrypt" || rest.length || !salt || !hash) return null;
  const [N, R, P] = [n, r, p].map((v) => (/^[1-9]\d{0,9}$/.test(v ?? "") ? Number(v) : 0)) as [
    number,
    number,
    number,
  ];
  if (
    N < 2 ||
    !Number.isInteger(Math.log2(N)) ||
    R < 1 ||
    P < 1 ||
    N * R * P > MAX_WORK ||
    128 * N * R > MAX_MEMORY
  )
    return null;
  const key = Buffer.from(hash, "base64");
  return key.length === KEY_LENGTH ? { N, r: R, p: P, salt: Buffer.from(salt, "base64"), hash: key } : null;
}

/** Constant-time comparison; false (never a throw) for a malformed or out-of-bounds stored hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const params = storedParameters(stored);
  if (!params) return false;
  const key = await derive(password, params.salt, params.N, params.r, params.p);
  return timingSafeEqual(key, params.hash);
}

/**
 * What an unknown email's password is checked against, so that it takes as long as a known one:
 * the cost new passwords get, with a random salt and hash (no password has it, and building it
 * costs nothing). One per cost, made once.
 */
const decoys = new Map<string, string>();
export function decoyHash(cost: PasswordCost = PASSWORD_COST): string {
  const key = `${cost.N}$${cost.r}$${cost.p}`;
  let decoy = decoys.get(key);
  if (!decoy) {
    decoy = [
      "scrypt",
      key,
      randomBytes(16).toString("base64"),
      randomBytes(KEY_LENGTH).toString("base64"),
    ].join("$");
    decoys.set(key, decoy);
  }
  return decoy;
}

export const MIN_PASSWORD_LENGTH = 10;
