import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { dkimVerify } from "mailauth/lib/dkim/verify.js";
import { type DkimKey, dkimDnsRecord, dkimKey, generateDkimKey } from "../../src/mail/index.ts";
import { tempDir } from "../helpers/temp.ts";

/** The domain the test messages come from (newsletter@news.example.org). */
export const DOMAIN = "news.example.org";

/** An RSA-2048 and an Ed25519 key, as PEM files, and the DKIM_KEYS that names both. */
export interface TestKeys {
  rsa: DkimKey;
  ed: DkimKey;
  rsaPath: string;
  edPath: string;
  /** DKIM_KEYS=rsa2048:PATH,ed:PATH */
  dkimKeys: string;
}

export function makeTestKeys(): TestKeys {
  const dir = tempDir("summa-dkim-");
  const rsaPath = join(dir, "rsa.pem");
  const edPath = join(dir, "ed.pem");
  const rsaPem = generateDkimKey("rsa", 2048);
  const edPem = generateDkimKey("ed25519");
  writeFileSync(rsaPath, rsaPem, { mode: 0o600 });
  writeFileSync(edPath, edPem, { mode: 0o600 });
  return {
    rsa: dkimKey(rsaPem, "rsa2048", rsaPath),
    ed: dkimKey(edPem, "ed", edPath),
    rsaPath,
    edPath,
    dkimKeys: `rsa2048:${rsaPath},ed:${edPath}`,
  };
}

/** What mailauth made of one signature: its selector, d=, result ("pass", "fail", ...) and why. */
export interface Verdict {
  selector: string;
  domain: string;
  result: string;
  comment: string;
}

/**
 * Verifies a message's DKIM signatures with mailauth, the independent verifier, answering its
 * DNS queries from the keys' own TXT records (as the strings a TXT record is made of) instead
 * of the network.
 */
export async function verifyDkim(raw: string | Buffer, keys: readonly DkimKey[]): Promise<Verdict[]> {
  const records = new Map(
    keys.map((k) => {
      const record = dkimDnsRecord(k, DOMAIN);
      return [record.name, record.strings];
    }),
  );
  const resolver = async (name: string, type: string) => {
    const strings = type === "TXT" ? records.get(name) : undefined;
    if (!strings) throw Object.assign(new Error(`no ${type} record for ${name}`), { code: "ENOTFOUND" });
    return [strings];
  };
  const verified = await dkimVerify(typeof raw === "string" ? Buffer.from(raw) : raw, { resolver });
  return verified.results.map((r) => ({
    selector: r.selector ?? "",
    domain: r.signingDomain,
    result: r.status.result,
    comment: r.status.comment ?? "",
  }));
}

/** The message with `header` (a whole line, no CRLF) added at the top of its header block. */
export function withHeaderOnTop(raw: string, header: string): string {
  return `${header}\r\n${raw}`;
}
