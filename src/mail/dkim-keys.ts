import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { SummaError } from "../domain/errors.ts";
import type { DkimKey } from "./dkim.ts";

/**
 * Where DKIM keys come from: the environment (a path or the PEM itself), never the settings
 * table, so a private key is never in the database, its backups or `summa settings` output.
 *
 *   DKIM_KEYS         selector:path[,selector:path...]   one key per selector, PEM files
 *   DKIM_PRIVATE_KEY  the PEM text (its newlines may be written \n), with
 *   DKIM_SELECTOR     its selector
 *   DKIM_DOMAIN       d=, the signing domain (default: each message's From domain)
 *
 * Both forms may be used together (every key signs). The algorithm is the key's own: RSA
 * (at least 1024 bits; 2048 is what to generate) signs rsa-sha256, Ed25519 ed25519-sha256.
 */
export interface DkimEnv {
  DKIM_KEYS?: string;
  DKIM_PRIVATE_KEY?: string;
  DKIM_SELECTOR?: string;
  DKIM_DOMAIN?: string;
}

/** The names above, for the configuration's list of variables. */
export const DKIM_VARIABLES = ["DKIM_KEYS", "DKIM_PRIVATE_KEY", "DKIM_SELECTOR", "DKIM_DOMAIN"] as const;

/** What signing is configured: no keys means messages go unsigned. */
export interface DkimSetup {
  keys: DkimKey[];
  /** DKIM_DOMAIN; undefined: each message's From domain. */
  domain?: string;
}

const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const SELECTOR = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`, "i");
const DOMAIN = new RegExp(`^${LABEL}(?:\\.${LABEL})+$`, "i");

/** The smallest RSA key accepted: RFC 8301 forbids less, and verifiers refuse it. */
export const MIN_RSA_BITS = 1024;

/**
 * Reads the DKIM keys the environment names (module comment above); throws `config.invalid`
 * naming the variable, and the file if any, for an unreadable file, text that is not a private
 * key, a key that is neither RSA (>= 1024 bits) nor Ed25519, a bad selector or domain, a
 * selector given twice, or half of the DKIM_PRIVATE_KEY/DKIM_SELECTOR pair.
 */
export function loadDkimKeys(env: DkimEnv, read: (path: string) => string = readText): DkimSetup {
  const value = (name: keyof DkimEnv) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const keys: DkimKey[] = [];
  const list = value("DKIM_KEYS");
  if (list !== undefined)
    for (const [i, item] of list.split(",").entries()) {
      const where = `DKIM_KEYS entry ${i + 1} ("${item.trim()}")`;
      const colon = item.indexOf(":");
      if (colon === -1) throw invalid(`${where} must be selector:path-to-private-key.pem`);
      const selector = checkSelector(item.slice(0, colon).trim(), where);
      const path = item.slice(colon + 1).trim();
      if (!path) throw invalid(`${where} names no file`);
      let pem: string;
      try {
        pem = read(path);
      } catch (err) {
        throw invalid(`${where}: cannot read ${path}: ${(err as Error).message}`);
      }
      keys.push(dkimKey(pem, selector, `${where}, file ${path}`));
    }
  const pem = value("DKIM_PRIVATE_KEY");
  const selector = value("DKIM_SELECTOR");
  if (pem !== undefined && selector === undefined)
    throw invalid(
      "DKIM_PRIVATE_KEY is set but DKIM_SELECTOR is not: set the selector its DNS record is published under",
    );
  if (pem === undefined && selector !== undefined)
    throw invalid(
      "DKIM_SELECTOR is set but DKIM_PRIVATE_KEY is not (for keys in files, use DKIM_KEYS=selector:path)",
    );
  if (pem !== undefined && selector !== undefined) {
    // An env file often holds a PEM on one line with its newlines written as \n.
    const text = pem.includes("\n") ? pem : pem.replace(/\\n/g, "\n");
    keys.push(dkimKey(text, checkSelector(selector, "DKIM_SELECTOR"), "DKIM_PRIVATE_KEY"));
  }
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key.selector.toLowerCase()))
      throw invalid(`DKIM selector "${key.selector}" is given twice (${key.source})`);
    seen.add(key.selector.toLowerCase());
  }
  const domain = value("DKIM_DOMAIN")?.toLowerCase();
  if (domain !== undefined && !DOMAIN.test(domain))
    throw invalid(`DKIM_DOMAIN must be a domain name such as news.example.org, got "${domain}"`);
  if (domain !== undefined && keys.length === 0)
    throw invalid("DKIM_DOMAIN is set but no key is (DKIM_KEYS, or DKIM_PRIVATE_KEY and DKIM_SELECTOR)");
  return domain === undefined ? { keys } : { keys, domain };
}

/** A signing key from PEM text (PKCS#8 or PKCS#1, unencrypted); `source` names it in errors. */
export function dkimKey(pem: string, selector: string, source: string): DkimKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch (err) {
    throw invalid(`${source} is not an unencrypted private key in PEM form: ${(err as Error).message}`);
  }
  const type = privateKey.asymmetricKeyType;
  if (type === "ed25519") return { selector, algorithm: "ed25519-sha256", privateKey, source };
  if (type === "rsa") {
    const bits = privateKey.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < MIN_RSA_BITS)
      throw invalid(
        `${source} is a ${bits}-bit RSA key: DKIM needs at least ${MIN_RSA_BITS} (2048 recommended)`,
      );
    return { selector, algorithm: "rsa-sha256", privateKey, source };
  }
  throw invalid(`${source} is a ${type ?? "unknown"} key: DKIM signs with RSA or Ed25519 keys only`);
}

/** The DNS record that publishes a key's public half. */
export interface DkimDnsRecord {
  /** The TXT record's name: selector._domainkey.domain. */
  name: string;
  /** Its value: "v=DKIM1; k=rsa; p=..." or "v=DKIM1; k=ed25519; p=..." (RFC 8463: the raw 32-byte key). */
  value: string;
  /** The value cut into the strings of at most 255 characters a TXT record is made of. */
  strings: string[];
  /** One line for a zone file: name, TXT and the quoted strings. */
  zoneLine: string;
}

/**
 * The TXT record to publish for `key` under `domain` (the d= it signs for). `summa dkim keygen`
 * prints it, and `summa doctor` compares it with what DNS has.
 */
export function dkimDnsRecord(key: Pick<DkimKey, "selector" | "privateKey">, domain: string): DkimDnsRecord {
  const pub = createPublicKey(key.privateKey);
  const spki = pub.export({ type: "spki", format: "der" });
  const value =
    pub.asymmetricKeyType === "ed25519"
      ? `v=DKIM1; k=ed25519; p=${spki.subarray(spki.length - 32).toString("base64")}`
      : `v=DKIM1; k=rsa; p=${spki.toString("base64")}`;
  const strings: string[] = [];
  for (let i = 0; i < value.length; i += 255) strings.push(value.slice(i, i + 255));
  const name = `${key.selector}._domainkey.${domain}`;
  return { name, value, strings, zoneLine: `${name}. IN TXT ${strings.map((s) => `"${s}"`).join(" ")}` };
}

/** A new private key as PKCS#8 PEM: RSA of `bits` (default 2048) or Ed25519. */
export function generateDkimKey(type: "rsa" | "ed25519", bits = 2048): string {
  if (type === "rsa" && (!Number.isInteger(bits) || bits < 2048 || bits > 4096))
    throw invalid(`an RSA DKIM key should have from 2048 to 4096 bits, not ${bits}`);
  const privateKeyEncoding = { type: "pkcs8", format: "pem" } as const;
  const publicKeyEncoding = { type: "spki", format: "pem" } as const;
  return type === "rsa"
    ? generateKeyPairSync("rsa", { modulusLength: bits, privateKeyEncoding, publicKeyEncoding }).privateKey
    : generateKeyPairSync("ed25519", { privateKeyEncoding, publicKeyEncoding }).privateKey;
}

/** A selector as DNS takes it: dot-separated labels of letters, digits and inner hyphens. */
export function checkSelector(selector: string, where: string): string {
  if (!SELECTOR.test(selector))
    throw invalid(
      `${where}: "${selector}" is not a DKIM selector (letters, digits and hyphens, dot-separated; e.g. s2024)`,
    );
  return selector;
}

function readText(path: string): string {
  return readFileSync(path, "utf8");
}

function invalid(message: string): SummaError {
  return new SummaError("config.invalid", message);
}
