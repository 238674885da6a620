import assert from "node:assert/strict";
import { createHash, createPublicKey, generateKeyPairSync } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { SummaError } from "../../src/domain/errors.ts";
import { relaxedBodyHash, splitMessage } from "../../src/mail/dkim-canon.ts";
import {
  dkimDnsRecord,
  dkimSignatures,
  dkimSigner,
  loadDkimKeys,
  memoryTransport,
  signingTransport,
} from "../../src/mail/index.ts";
import { tempDir } from "../helpers/temp.ts";
import { DOMAIN, makeTestKeys, verifyDkim, withHeaderOnTop } from "./dkim-helpers.ts";

const keys = makeTestKeys();
const both = [keys.rsa, keys.ed];

const HEADERS = [
  'From: "Alignment Newsletter" <newsletter@news.example.org>',
  "To: reader@example.org",
  "Subject: [AN #7] Alignment\r\n Newsletter",
  "Date: Tue, 01 Oct 2024 09:00:00 +0000",
  "Message-ID: <an-7.d1@news.example.org>",
  "MIME-Version: 1.0",
  'Content-Type: text/plain; charset="utf-8"',
  "List-Unsubscribe: <https://news.example.org/unsubscribe?t=abc>",
  "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
  "X-Not-Signed: anything",
].join("\r\n");

const message = (body: string) => Buffer.from(`${HEADERS}\r\n\r\n${body}`);

const results = async (raw: Buffer | string) => (await verifyDkim(raw, both)).map((v) => v.result);

describe("DKIM signing (checked by mailauth)", () => {
  test("both keys sign; every body shape relaxed canonicalization rewrites still verifies", async () => {
    const sign = dkimSigner(both);
    const bodies = {
      "already canonical": "Hello,\r\nthe issue.\r\n",
      "trailing empty lines": "Hello\r\n\r\n\r\n\r\n",
      "no final line break": "Hello",
      "spaces and tabs inside and at line ends": "a  b\t\tc \r\n \t\r\nd\t\r\n",
      "bare LF line ends": "one\ntwo\n\n",
      "empty lines in the middle kept": "a\r\n\r\n\r\nb\r\n",
      "nothing at all": "",
    };
    for (const [shape, body] of Object.entries(bodies)) {
      const verdicts = await verifyDkim(sign(message(body)), both);
      assert.deepEqual(
        verdicts.map((v) => [v.selector, v.domain, v.result]),
        [
          ["rsa2048", DOMAIN, "pass"],
          ["ed", DOMAIN, "pass"],
        ],
        `${shape}: ${verdicts.map((v) => v.comment).join("; ")}`,
      );
    }
  });

  test("h= covers the listed headers present and over-signs From, Subject and List-Unsubscribe(-Post); t= and a=", () => {
    const signed = dkimSigner([keys.rsa, keys.ed], { now: () => 1_727_773_200_000 })(message("x\r\n"));
    const text = signed.toString("latin1");
    const sigs = [...text.matchAll(/^DKIM-Signature:(.*(?:\r\n[ \t].*)*)/gm)].map((m) =>
      m[1]!.replace(/\r\n[ \t]/g, " "),
    );
    assert.equal(sigs.length, 2);
    assert.match(sigs[0]!, /a=rsa-sha256; c=relaxed\/relaxed;/);
    assert.match(sigs[1]!, /a=ed25519-sha256; c=relaxed\/relaxed;/);
    for (const sig of sigs) {
      assert.match(sig, / d=news\.example\.org; /);
      assert.match(sig, / t=1727773200;/);
      const h = /h=([^;]+);/.exec(sig)![1]!.replace(/\s+/g, "");
      assert.equal(
        h,
        "From:From:To:Subject:Subject:Date:Message-ID:MIME-Version:Content-Type:" +
          "List-Unsubscribe:List-Unsubscribe:List-Unsubscribe-Post:List-Unsubscribe-Post",
      );
    }
    for (const line of text.split("\r\n")) assert.ok(line.length <= 78, line);
    assert.ok(
      signed.subarray(signed.length - 3).equals(Buffer.from("x\r\n")),
      "the message follows unchanged",
    );
  });

  test("d= is DKIM_DOMAIN's when set, else the From address's", async () => {
    const other = dkimSigner([keys.ed], { domain: "mail.example.net" })(message("x\r\n")).toString();
    assert.match(other, /d=mail\.example\.net;/);
    const noFrom = Buffer.from("To: a@example.org\r\nSubject: s\r\n\r\nx\r\n");
    assert.throws(
      () => dkimSigner([keys.ed])(noFrom),
      (err: unknown) =>
        err instanceof SummaError && err.code === "config.invalid" && /DKIM_DOMAIN/.test(err.message),
    );
  });

  test("a changed body, a changed Subject or an added From or Subject fails both signatures", async () => {
    const signed = dkimSigner(both)(message("Read the issue.\r\n")).toString("latin1");
    assert.deepEqual(await results(signed), ["pass", "pass"]);
    const tampered = {
      body: signed.replace("Read the issue.", "Read the scam."),
      subject: signed.replace("Subject: [AN #7]", "Subject: [AN #8]"),
      "a second From on top": withHeaderOnTop(signed, "From: <ceo@evil.example>"),
      "a second Subject on top": withHeaderOnTop(signed, "Subject: Urgent: verify your account"),
      "a second List-Unsubscribe on top": withHeaderOnTop(
        signed,
        "List-Unsubscribe: <https://evil.example/>",
      ),
    };
    for (const [what, raw] of Object.entries(tampered)) {
      const verdicts = await verifyDkim(raw, both);
      // mailauth calls a body that no longer matches bh= "neutral" (RFC 6376 §6.1.3's BODYHASH failure), a bad signature "fail".
      const expected = what === "body" ? ["neutral", "body hash did not verify"] : ["fail", "bad signature"];
      assert.deepEqual(
        verdicts.map((v) => [v.result, v.comment]),
        [expected, expected],
        what,
      );
    }
    // A header outside h= may change freely (relays add them): the signatures still hold.
    assert.deepEqual(await results(signed.replace("X-Not-Signed: anything", "X-Not-Signed: else")), [
      "pass",
      "pass",
    ]);
  });

  test("the DNS records: RSA's p= is its SubjectPublicKeyInfo, Ed25519's the raw 32-byte key; TXT strings of <= 255", () => {
    const rsa = dkimDnsRecord(keys.rsa, DOMAIN);
    assert.equal(rsa.name, `rsa2048._domainkey.${DOMAIN}`);
    const p = /^v=DKIM1; k=rsa; p=([A-Za-z0-9+/=]+)$/.exec(rsa.value)![1]!;
    const pub = createPublicKey({ key: Buffer.from(p, "base64"), format: "der", type: "spki" });
    assert.equal(pub.asymmetricKeyDetails?.modulusLength, 2048);
    assert.ok(rsa.strings.length === 2 && rsa.strings.every((s) => s.length <= 255));
    assert.equal(rsa.strings.join(""), rsa.value);
    assert.equal(rsa.zoneLine, `${rsa.name}. IN TXT "${rsa.strings[0]}" "${rsa.strings[1]}"`);
    const ed = dkimDnsRecord(keys.ed, DOMAIN);
    const raw = Buffer.from(/^v=DKIM1; k=ed25519; p=(.+)$/.exec(ed.value)![1]!, "base64");
    assert.equal(raw.length, 32);
    const jwk = createPublicKey(keys.ed.privateKey).export({ format: "jwk" });
    assert.equal(raw.toString("base64url"), jwk.x);
  });

  test("a signing transport signs each message once, and cannot be wrapped again", async () => {
    const memory = memoryTransport();
    const transport = signingTransport(memory, dkimSignatures(both));
    await transport.sendRaw({
      from: "newsletter@news.example.org",
      to: "a@example.org",
      raw: message("x\r\n"),
    });
    await transport.sendRaw({
      from: "newsletter@news.example.org",
      to: "b@example.org",
      raw: message("y\r\n").toString(),
    });
    for (const m of memory.accepted) {
      assert.equal(m.raw.toString().match(/^DKIM-Signature:/gm)?.length, 2);
      assert.deepEqual(await results(m.raw), ["pass", "pass"]);
    }
    assert.throws(() => signingTransport(transport, dkimSignatures(both)), /already signs/);
  });
});

/** RFC 6376 §3.4.4 as written, line by line: the reference the fast canonicalizer must agree with. */
function referenceBody(body: string): string {
  const lines = body.split(/\r?\n/).map((line) => line.replace(/[ \t]+/g, " ").replace(/ $/, ""));
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines.map((line) => `${line}\r\n`).join("");
}

describe("relaxed body canonicalization", () => {
  test("agrees with the RFC's rules, written plainly, on 20,000 random bodies of spaces, tabs, CR, LF and text", () => {
    let seed = 14;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pieces = ["a", "b", " ", "  ", "\t", "\r", "\n", "\r\n", "\r\n\r\n", " \r\n", "=\r\n"];
    for (let i = 0; i < 20_000; i++) {
      let body = "";
      const n = Math.floor(random() * 16);
      for (let j = 0; j < n; j++) body += pieces[Math.floor(random() * pieces.length)];
      const message = Buffer.from(`From: a@example.org\r\n\r\n${body}`, "latin1");
      const expected = createHash("sha256").update(referenceBody(body), "latin1").digest("hex");
      const got = relaxedBodyHash(message, splitMessage(message).bodyStart).toString("hex");
      assert.equal(got, expected, JSON.stringify(body));
    }
  });
});

describe("DKIM keys from the environment", () => {
  const dir = tempDir("summa-dkim-env-");
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const refused = (env: Record<string, string>, pattern: RegExp) =>
    assert.throws(
      () => loadDkimKeys(env),
      (err: unknown) =>
        err instanceof SummaError && err.code === "config.invalid" && pattern.test(err.message),
    );

  test("DKIM_KEYS names files by selector; DKIM_PRIVATE_KEY holds the PEM (\\n-escaped or not); both may be used", () => {
    const setup = loadDkimKeys({
      DKIM_KEYS: ` ${keys.dkimKeys.replace(",", " , ")} `,
      DKIM_DOMAIN: "News.Example.org",
    });
    assert.deepEqual(
      setup.keys.map((k) => [k.selector, k.algorithm]),
      [
        ["rsa2048", "rsa-sha256"],
        ["ed", "ed25519-sha256"],
      ],
    );
    assert.equal(setup.domain, "news.example.org");
    const pem = keys.ed.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    for (const text of [pem, pem.replace(/\n/g, "\\n")]) {
      const one = loadDkimKeys({
        DKIM_PRIVATE_KEY: text,
        DKIM_SELECTOR: "env1",
        DKIM_KEYS: `rsa:${keys.rsaPath}`,
      });
      assert.deepEqual(
        one.keys.map((k) => [k.selector, k.algorithm, k.source]),
        [
          ["rsa", "rsa-sha256", `DKIM_KEYS entry 1 ("rsa:${keys.rsaPath}"), file ${keys.rsaPath}`],
          ["env1", "ed25519-sha256", "DKIM_PRIVATE_KEY"],
        ],
      );
    }
    assert.deepEqual(loadDkimKeys({}), { keys: [] });
  });

  test("each mistake is a config.invalid error naming the variable and the file", () => {
    const missing = join(dir, "nope.pem");
    refused({ DKIM_KEYS: `s1:${missing}` }, new RegExp(`DKIM_KEYS entry 1 .*cannot read ${missing}`));
    refused({ DKIM_KEYS: "s1" }, /DKIM_KEYS entry 1 \("s1"\) must be selector:path/);
    refused({ DKIM_KEYS: `bad_selector:${keys.rsaPath}` }, /"bad_selector" is not a DKIM selector/);
    const publicPem = createPublicKey(keys.rsa.privateKey).export({ type: "spki", format: "pem" }).toString();
    refused(
      { DKIM_KEYS: `s1:${file("public.pem", publicPem)}` },
      /public\.pem is not an unencrypted private key/,
    );
    refused(
      { DKIM_KEYS: `s1:${keys.rsaPath},s2:${file("junk.pem", "hello")}` },
      /DKIM_KEYS entry 2 .*junk\.pem is not/,
    );
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({
      type: "pkcs8",
      format: "pem",
    });
    refused(
      { DKIM_KEYS: `s1:${file("ec.pem", ec.toString())}` },
      /ec\.pem is a ec key: DKIM signs with RSA or Ed25519 keys only/,
    );
    const small = generateKeyPairSync("rsa", { modulusLength: 512 }).privateKey.export({
      type: "pkcs8",
      format: "pem",
    });
    refused(
      { DKIM_KEYS: `s1:${file("small.pem", small.toString())}` },
      /is a 512-bit RSA key: DKIM needs at least 1024/,
    );
    refused({ DKIM_PRIVATE_KEY: "-----BEGIN PRIVATE KEY-----" }, /DKIM_SELECTOR is not/);
    refused({ DKIM_SELECTOR: "s1" }, /DKIM_PRIVATE_KEY is not/);
    refused(
      { DKIM_PRIVATE_KEY: "not a key", DKIM_SELECTOR: "s1" },
      /^DKIM_PRIVATE_KEY is not an unencrypted private key/,
    );
    refused({ DKIM_KEYS: `s1:${keys.rsaPath},S1:${keys.edPath}` }, /selector "S1" is given twice/);
    refused({ DKIM_DOMAIN: "news.example.org" }, /DKIM_DOMAIN is set but no key is/);
    refused(
      { DKIM_KEYS: `s1:${keys.rsaPath}`, DKIM_DOMAIN: "not a domain" },
      /DKIM_DOMAIN must be a domain name/,
    );
  });
});
