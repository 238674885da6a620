import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { simpleParser } from "mailparser";
import type { SummaError } from "../../src/domain/errors.ts";
import { decodeQuotedPrintable } from "../../src/formats/render/mime.ts";
import { mapColumns, parseTime, readSubscriberRow } from "../../src/formats/subscribers-csv.ts";
import {
  isBlockedAddress,
  parseBlockedDomains,
  parseStatus,
  statusFromFileName,
  subscriberLinks,
  subscriptionEmail,
  unsubscribeAddressFrom,
  validateSubscription,
  verifyLink,
} from "../../src/subscribers/index.ts";

const MAILCHIMP_HEADER = [
  "Email Address",
  "First Name",
  "Last Name",
  "MEMBER_RATING",
  "OPTIN_TIME",
  "OPTIN_IP",
  "CONFIRM_TIME",
  "CONFIRM_IP",
  "LATITUDE",
  "LONGITUDE",
  "GMTOFF",
  "DSTOFF",
  "TIMEZONE",
  "CC",
  "REGION",
  "LAST_CHANGED",
  "LEID",
  "EUID",
  "NOTES",
  "TAGS",
];

describe("subscriber CSV rows", () => {
  test("times: Mailchimp's UTC 'YYYY-MM-DD HH:MM:SS', ISO 8601, bare dates; empty is null, junk undefined", () => {
    assert.equal(parseTime("2019-04-10 12:34:56"), "2019-04-10T12:34:56.000Z");
    assert.equal(parseTime("2019-04-10T12:34:56+02:00"), "2019-04-10T10:34:56.000Z");
    assert.equal(parseTime("2019-04-10T12:34:56.789Z"), "2019-04-10T12:34:56.789Z");
    assert.equal(parseTime("2019-04-10"), "2019-04-10T00:00:00.000Z");
    assert.equal(parseTime("  "), null);
    for (const bad of ["10/04/2019", "2019-13-01", "yesterday", "2019-04-10 25:00:00"])
      assert.equal(parseTime(bad), undefined, bad);
  });

  test("statuses: Mailchimp's file names and words, and Summa's", () => {
    assert.equal(statusFromFileName("/tmp/x/subscribed_members_export_4f2a.csv"), "active");
    assert.equal(statusFromFileName("unsubscribed_members_export_4f2a.csv"), "unsubscribed");
    assert.equal(statusFromFileName("C:\\exports\\cleaned_members_export_4f2a.csv"), "suppressed");
    assert.equal(statusFromFileName("members.csv"), null);
    assert.equal(parseStatus(" Subscribed "), "active");
    assert.equal(parseStatus("cleaned"), "suppressed");
    assert.equal(parseStatus("paused"), "paused");
    assert.equal(parseStatus("transactional"), null);
  });

  test("a Mailchimp row: names joined, opt-in and confirm times kept, status from the file", () => {
    const map = mapColumns(MAILCHIMP_HEADER, "subscribed.csv");
    const cells = [
      "Ada@Example.org",
      "Ada",
      "Lovelace",
      "2",
      "2018-04-01 09:00:00",
      "",
      "2018-04-01 09:05:00",
    ];
    const row = readSubscriberRow(
      cells,
      MAILCHIMP_HEADER,
      map,
      { file: "f.csv", row: 2 },
      {
        given: null,
        fromName: "active",
      },
    );
    assert.deepEqual(row, {
      email: "ada@example.org",
      status: "active",
      name: "Ada Lovelace",
      edition: undefined,
      consentAt: "2018-04-01T09:00:00.000Z",
      confirmedAt: "2018-04-01T09:05:00.000Z",
      unsubscribedAt: undefined,
      suppressedReason: undefined,
      suppressedAt: undefined,
      source: undefined,
      createdAt: undefined,
    });
  });

  test("every problem of a row, with its column", () => {
    const header = ["Email", "Name", "Status", "Edition", "Opt-in Time"];
    const map = mapColumns(header, "f.csv");
    const problems = readSubscriberRow(
      ["not-an-address", "Eve\r\nBcc: x@example.org", "maybe", "weekly", "last week"],
      header,
      map,
      { file: "f.csv", row: 7 },
      { given: null, fromName: null },
    );
    assert.ok(Array.isArray(problems));
    assert.deepEqual(
      problems.map((p) => [p.row, p.column]),
      [
        [7, "Email"],
        [7, "Name"],
        [7, "Status"],
        [7, "Edition"],
        [7, "Opt-in Time"],
      ],
    );
    const noStatus = readSubscriberRow(
      ["a@example.org"],
      ["Email"],
      mapColumns(["Email"], "f"),
      { file: "f", row: 2 },
      {
        given: null,
        fromName: null,
      },
    );
    assert.ok(Array.isArray(noStatus));
    assert.match(noStatus[0]!.message, /no status: .* or pass --status/);
    assert.throws(
      () => mapColumns(["Name", "Status"], "people.csv"),
      /people\.csv: no "Email Address" column/,
    );
  });
});

describe("blocked domains", () => {
  test("a domain blocks itself and its subdomains, nothing else", () => {
    const blocked = parseBlockedDomains(" Mailinator.com,@spam.example  guerrillamail.com,");
    assert.deepEqual(blocked, ["mailinator.com", "spam.example", "guerrillamail.com"]);
    assert.ok(isBlockedAddress("x@mailinator.com", blocked));
    assert.ok(isBlockedAddress("x@eu.mailinator.com", blocked));
    assert.ok(!isBlockedAddress("x@notmailinator.com", blocked));
    assert.ok(!isBlockedAddress("mailinator.com@example.org", blocked));
    assert.deepEqual(parseBlockedDomains(""), []);
    assert.throws(
      () => parseBlockedDomains("ok.example, not a domain, x"),
      (err: SummaError) => {
        assert.equal(err.code, "config.invalid");
        assert.match(err.message, /"not", "a", "domain", "x"/);
        return true;
      },
    );
  });
});

describe("validation", () => {
  test("addresses and names with CR, LF, other controls or bidi overrides are refused", () => {
    assert.deepEqual(validateSubscription({ email: " Ada@Example.ORG ", name: "  Ada   L. " }), {
      email: "ada@example.org",
      name: "Ada L.",
      edition: "full",
    });
    for (const [email, name] of [
      ["a@example.org\r\n", ""],
      ["a@example.org", "A\nB"],
      ["a@example.org", "A\u0085B"],
      ["a@example.org", "A\u2028B"],
      ["a@example.org", "\u202eevil"],
      ["a\u0000@example.org", ""],
    ] as const)
      assert.throws(
        () => validateSubscription({ email, name }),
        /control characters/,
        JSON.stringify([email, name]),
      );
  });
});

describe("subscription emails", () => {
  const base = {
    newsletterName: 'The "Alignment" Newsletter',
    fromAddress: "rohin@an.example.org",
    now: new Date("2024-05-01T12:00:00Z"),
    nonce: "n1",
  };

  test("a hostile name can add no header and no markup; both parts carry the link", async () => {
    const name = "Mallory\r\nBcc: everyone@example.org <img src=x onerror=alert(1)>";
    const url = "https://news.example.org/subscribe/confirm?t=abc.def";
    const { raw, subject } = subscriptionEmail({
      ...base,
      kind: "confirm",
      to: { email: "mallory@example.org", name },
      confirmUrl: url,
    });
    assert.equal(subject, 'Confirm your subscription to The "Alignment" Newsletter');
    const head = raw.slice(0, raw.indexOf("\r\n\r\n"));
    assert.doesNotMatch(head, /^Bcc:/im);
    assert.doesNotMatch(raw, /[^\r]\n/, "CRLF line endings only");
    const mail = await simpleParser(raw);
    assert.equal(mail.headers.get("bcc"), undefined);
    const to = Array.isArray(mail.to) ? mail.to[0]! : mail.to!;
    assert.equal(to.value.length, 1);
    assert.equal(to.value[0]!.address, "mallory@example.org");
    assert.deepEqual(mail.from?.value, [
      { name: 'The "Alignment" Newsletter', address: "rohin@an.example.org" },
    ]);
    assert.equal(mail.date?.toISOString(), "2024-05-01T12:00:00.000Z");
    assert.match(mail.messageId ?? "", /^<subscription\.[0-9a-f]{24}@an\.example\.org>$/);
    assert.ok(mail.text?.includes(url));
    assert.match(mail.text ?? "", /works for 7 days/);
    const html = String(mail.html);
    assert.ok(html.includes(`href="${url}"`));
    assert.doesNotMatch(html, /<img/);
    assert.ok(html.includes("&lt;img src=x onerror=alert(1)&gt;"));
  });

  test("the already-subscribed email links to the preferences, not to a confirmation", async () => {
    const prefs = "https://news.example.org/preferences?t=p.q";
    const paused = subscriptionEmail({
      ...base,
      kind: "already-subscribed",
      to: { email: "ada@example.org", name: "" },
      preferencesUrl: prefs,
      paused: true,
    });
    assert.equal(paused.subject, 'You are already subscribed to The "Alignment" Newsletter');
    const text = decodeQuotedPrintable(paused.raw);
    assert.match(text, /Hello,/);
    assert.match(text, /delivery paused/);
    assert.ok(text.includes(prefs));
    assert.doesNotMatch(text, /confirm\?t=/);
    const again = subscriptionEmail({
      ...base,
      nonce: "n2",
      kind: "already-subscribed",
      to: { email: "ada@example.org", name: "" },
      preferencesUrl: prefs,
    });
    assert.notEqual(
      /Message-ID: (.*)/.exec(again.raw)![1],
      /Message-ID: (.*)/.exec(paused.raw)![1],
      "each message its own Message-ID",
    );
  });
});

describe("personal links", () => {
  const config = {
    secret: "s3cret",
    baseUrl: "https://news.example.org/an",
    unsubscribeAddress: "newsletter+unsubscribe@example.org",
  };

  test("unsubscribe (web and mailto) and preferences links carry durable signed tokens for the row", () => {
    const links = subscriberLinks(config, { id: 42, email: "ada@example.org" });
    const token = (url: string) => new URL(url).searchParams.get("t")!;
    assert.match(links.unsubscribeUrl, /^https:\/\/news\.example\.org\/an\/unsubscribe\?t=[\w.-]+$/);
    assert.match(links.preferencesUrl, /^https:\/\/news\.example\.org\/an\/preferences\?t=[\w.-]+$/);
    const far = Date.now() + 10 * 365 * 86_400_000;
    const link = verifyLink("s3cret", token(links.unsubscribeUrl), "unsubscribe", far)!;
    assert.deepEqual(
      [link.purpose, link.subscriberId, link.expires, link.sendId],
      ["unsubscribe", 42, 0, null],
    );
    assert.ok(link.isFor("ada@example.org"));
    assert.equal(verifyLink("s3cret", token(links.preferencesUrl), "unsubscribe"), null);
    assert.equal(
      links.unsubscribeMailto,
      `mailto:newsletter+unsubscribe@example.org?subject=unsubscribe%20${token(links.unsubscribeUrl)}`,
    );
  });

  test("the mailto address: the setting, else the sender's address tagged +unsubscribe", () => {
    assert.equal(
      unsubscribeAddressFrom({ fromAddress: "rohin@an.example.org", configured: "" }),
      "rohin+unsubscribe@an.example.org",
    );
    assert.equal(
      unsubscribeAddressFrom({ fromAddress: "rohin+news@an.example.org", configured: "" }),
      "rohin+unsubscribe@an.example.org",
    );
    assert.equal(
      unsubscribeAddressFrom({ fromAddress: "x@y.org", configured: " leave@an.example.org " }),
      "leave@an.example.org",
    );
  });
});
