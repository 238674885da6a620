import { createHash, type KeyObject, sign } from "node:crypto";
import { SummaError } from "../domain/errors.ts";
import {
  type HeaderField,
  parseHeaderFields,
  relaxedBodyHash,
  relaxedHeader,
  splitMessage,
} from "./dkim-canon.ts";
import type { HeaderSigner, MessageSigner } from "./sign.ts";

/** A private key that signs, under its selector: the DNS name `selector._domainkey.domain` holds its public half. */
export interface DkimKey {
  selector: string;
  /** rsa-sha256 for an RSA key, ed25519-sha256 (RFC 8463) for an Ed25519 one. */
  algorithm: "rsa-sha256" | "ed25519-sha256";
  privateKey: KeyObject;
  /** Where the key came from, for messages ("DKIM_KEYS entry 1 (path)", "DKIM_PRIVATE_KEY"). */
  source: string;
}

export interface DkimSignerOptions {
  /** d=: the signing domain; default the domain of each message's From address. */
  domain?: string;
  /** The clock for t= (tests). */
  now?: () => number;
}

/**
 * The headers a signature covers, when the message has them (RFC 6376 §5.4.1 lists these and
 * more; RFC 8058 asks that List-Unsubscribe and List-Unsubscribe-Post be signed for one-click).
 */
const SIGNED = [
  "From",
  "Sender",
  "Reply-To",
  "To",
  "Cc",
  "Subject",
  "Date",
  "Message-ID",
  "MIME-Version",
  "Content-Type",
  "List-Unsubscribe",
  "List-Unsubscribe-Post",
  "List-Id",
  "Feedback-ID",
];
/**
 * Over-signed: named once more than the message has them, so a copy added later (a second
 * From or Subject above the signed one, which many readers display) breaks the signature.
 */
const OVERSIGNED = new Set(["from", "subject", "list-unsubscribe", "list-unsubscribe-post"]);

/**
 * Signs finished messages with DKIM (RFC 6376), relaxed/relaxed, once per key: each key adds
 * its own DKIM-Signature header in front, so RSA and Ed25519 keys (or an old and a new selector
 * while a key is rotated) sign side by side. The result is a new buffer, the signatures followed
 * by the message as it was (signingTransport writes them into buffers it reuses instead).
 * Throws when no signing domain is configured and the message has no From address to take one from.
 */
export function dkimSigner(keys: readonly DkimKey[], options: DkimSignerOptions = {}): MessageSigner {
  const signatures = dkimSignatures(keys, options);
  return (message) => Buffer.concat([Buffer.from(signatures(message), "latin1"), message]);
}

/**
 * What dkimSigner puts in front of a message: its DKIM-Signature headers alone (one per key,
 * each ending in CRLF). The body is hashed once for all keys, where it lies, and the headers
 * read once; each key signs the same canonical header data.
 */
export function dkimSignatures(keys: readonly DkimKey[], options: DkimSignerOptions = {}): HeaderSigner {
  if (keys.length === 0) throw new Error("DKIM signing needs at least one key");
  const now = options.now ?? Date.now;
  return (message) => {
    const { headerEnd, bodyStart } = splitMessage(message);
    const fields = parseHeaderFields(message.toString("latin1", 0, headerEnd));
    const domain = options.domain ?? fromDomain(fields);
    const bodyHash = relaxedBodyHash(message, bodyStart).toString("base64");
    const { names, canonical } = signedHeaders(fields);
    const t = Math.floor(now() / 1000);
    let signatures = "";
    for (const key of keys) signatures += signatureHeader(key, domain, t, names, canonical, bodyHash);
    return signatures;
  };
}

/** The h= list (each over-signed name once more) and the relaxed headers it selects, in its order. */
function signedHeaders(fields: readonly HeaderField[]): { names: string[]; canonical: string } {
  const names: string[] = [];
  let canonical = "";
  for (const name of SIGNED) {
    const lower = name.toLowerCase();
    // RFC 6376 §5.4.2: repeated fields are taken from the bottom of the header block up.
    const present = fields.filter((f) => f.name === lower).reverse();
    if (present.length === 0) continue;
    for (const field of present) {
      names.push(name);
      canonical += `${relaxedHeader(field.raw)}\r\n`;
    }
    // A name listed past the fields there are contributes nothing to the hash, until one is added.
    if (OVERSIGNED.has(lower)) names.push(name);
  }
  return { names, canonical };
}

/** One DKIM-Signature header (folded, ending in CRLF) for `key`. */
function signatureHeader(
  key: DkimKey,
  domain: string,
  t: number,
  names: readonly string[],
  canonical: string,
  bodyHash: string,
): string {
  const head =
    `DKIM-Signature: v=1; a=${key.algorithm}; c=relaxed/relaxed;\r\n` +
    ` d=${domain}; s=${key.selector}; t=${t};\r\n` +
    ` h=${foldList(names)};\r\n` +
    ` bh=${bodyHash};\r\n` +
    " b=";
  // The signature covers its own header with b= empty, last and without a line break (§3.7).
  const data = Buffer.from(canonical + relaxedHeader(head), "latin1");
  const b =
    key.algorithm === "rsa-sha256"
      ? sign("sha256", data, key.privateKey)
      : // RFC 8463 §3: Ed25519 (pure) signs the SHA-256 of the data, not the data itself.
        sign(null, createHash("sha256").update(data).digest(), key.privateKey);
  return `${head}${fold(b.toString("base64"))}\r\n`;
}

/** h=From:From:To:...: folded between names, so no line of the header passes 78 characters. */
function foldList(names: readonly string[]): string {
  let out = "";
  let line = 3;
  for (const [i, name] of names.entries()) {
    const piece = i === 0 ? name : `:${name}`;
    if (line + piece.length > 74) {
      out += "\r\n ";
      line = 1;
    }
    out += piece;
    line += piece.length;
  }
  return out;
}

/** A base64 value folded into lines of at most 76 characters (the whitespace is not part of it). */
function fold(value: string): string {
  let out = value.slice(0, 73);
  for (let i = 73; i < value.length; i += 75) out += `\r\n ${value.slice(i, i + 75)}`;
  return out;
}

/** The domain of the From header's address: what DMARC aligns d= with. */
function fromDomain(fields: readonly HeaderField[]): string {
  let from: HeaderField | undefined;
  for (const f of fields) if (f.name === "from") from = f;
  const value = from ? from.raw.slice(from.raw.indexOf(":") + 1) : "";
  // The address is the last <...> in the field, or the field itself without a display name.
  const angle = value.match(/<([^<>]*)>[^<>]*$/);
  const address = (angle ? angle[1]! : value).trim();
  const at = address.lastIndexOf("@");
  const domain = at === -1 ? "" : address.slice(at + 1).toLowerCase();
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain))
    throw new SummaError(
      "config.invalid",
      "DKIM signing: the message has no From address with a domain to sign for; set DKIM_DOMAIN",
    );
  return domain;
}
