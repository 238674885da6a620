import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DomUtils, parseDocument } from "htmlparser2";
import { simpleParser } from "mailparser";
import {
  EMAIL_TOKEN,
  EMAIL_TOKENS,
  emailSubject,
  PREFERENCES_URL_TOKEN,
  renderIssueEmail,
  TO_TOKEN,
  UNSUBSCRIBE_MAILTO_TOKEN,
  UNSUBSCRIBE_URL_TOKEN,
} from "../../src/formats/render/email.ts";
import { EMAIL_PALETTE, preheaderText } from "../../src/formats/render/email-html.ts";
import { feedbackIdValue, listLabel } from "../../src/formats/render/list-headers.ts";
import {
  decodeQuotedPrintable,
  encodeHeaderValue,
  encodeQuotedPrintable,
  foldHeader,
  formatMailbox,
  rfc5322Date,
} from "../../src/formats/render/mime.ts";
import { issueEntry, issueView, TEST_NEWSLETTER } from "../helpers/issue-view.ts";

const FROM = "newsletter@an.example.org";

/** The body of each MIME part as sent (still quoted-printable), split on the boundary. */
function rawParts(message: string): { headers: string; body: string }[] {
  const boundary = /boundary="([^"]+)"/.exec(message)![1]!;
  const chunks = message.split(`--${boundary}`);
  return chunks.slice(1, -1).map((c) => {
    const at = c.indexOf("\r\n\r\n");
    return { headers: c.slice(0, at), body: c.slice(at + 4) };
  });
}

/** The same issue every time it is called: fixed ids and URLs, so renders can be compared byte for byte. */
function sampleView() {
  return issueView(
    [
      issueEntry({
        id: 1,
        sheetRow: 1,
        url: "https://arxiv.org/abs/1900.00001",
        highlight: true,
        title: "Kernel methods, revisited",
        authors: [{ name: "Bernhard Schölkopf", equalContribution: false }],
        summary: "Bounds for every ϵ > 0 and ∀ x — with “quotes” and 日本語, and $x_1$ math.",
        opinion: "A long opinion. ".repeat(30),
      }),
      issueEntry({
        id: 2,
        sheetRow: 2,
        url: "https://arxiv.org/abs/1900.00002",
        category: "Deep learning",
        title: "Scaling laws",
        summary: "",
        opinion: "",
      }),
    ],
    { subject: "Schölkopf — ϵ ∀ and friends", url: "https://mail.example/an-53" },
  );
}

describe("quoted-printable", () => {
  const samples = [
    "",
    "plain ascii",
    "a=b and =3D literal",
    "trailing space \ntrailing tab\t\nend ",
    "x".repeat(300),
    `${"é".repeat(100)}\n${"ϵ∀—".repeat(40)}`,
    `${"a".repeat(74)}=${"b".repeat(80)}`,
    ".starts with a dot\n.\nFrom the start\nFrom",
    `href="${UNSUBSCRIBE_URL_TOKEN}" ${"z".repeat(60)}${PREFERENCES_URL_TOKEN}${"y".repeat(70)}`,
    "emoji 🙂 at the end of a very long line that keeps going and going past the limit 🙂🙂🙂",
  ];

  test("round-trips text, with hard line breaks as CRLF", () => {
    for (const s of samples) assert.equal(decodeQuotedPrintable(encodeQuotedPrintable(s)), s);
  });

  test("every line is at most 76 characters, and every = starts a hex pair or a soft break", () => {
    for (const s of samples) {
      const encoded = encodeQuotedPrintable(s);
      assert.ok(!/\r(?!\n)|(?<!\r)\n/.test(encoded), "only CRLF line endings");
      for (const line of encoded.split("\r\n")) {
        assert.ok(line.length <= 76, `${line.length}: ${line}`);
        assert.ok(!/[ \t]$/.test(line), "no whitespace at the end of a line");
        assert.match(line, /^(?:[^=]|=[0-9A-F]{2})*=?$/, "no =XX split across lines");
      }
    }
  });

  test("only printable ASCII goes out, and lines never start with '.' or 'From '", () => {
    const encoded = encodeQuotedPrintable(samples.join("\n"));
    assert.match(encoded, /^[\x20-\x7e\r\n]*$/);
    for (const line of encoded.split("\r\n")) {
      assert.ok(!line.startsWith("."), line);
      assert.ok(!line.startsWith("From "), line);
    }
  });

  test("placeholder tokens are never split by a soft break", () => {
    const encoded = encodeQuotedPrintable(samples[8]!);
    assert.ok(encoded.includes(UNSUBSCRIBE_URL_TOKEN));
    assert.ok(encoded.includes(PREFERENCES_URL_TOKEN));
  });

  test("matches a known encoding", () => {
    assert.equal(encodeQuotedPrintable("Schölkopf = 1 "), "Sch=C3=B6lkopf =3D 1=20");
  });
});

describe("headers", () => {
  test("ASCII stays readable; non-ASCII becomes UTF-8 encoded-words of at most 75 characters", () => {
    assert.deepEqual(encodeHeaderValue("[AN #53] Plain"), ["[AN", "#53]", "Plain"]);
    const words = encodeHeaderValue(`[AN #53] ${"Schölkopf — ϵ ∀ ".repeat(6)}`);
    assert.deepEqual(words.slice(0, 2), ["[AN", "#53]"]);
    for (const w of words.slice(2)) {
      assert.match(w, /^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/);
      assert.ok(w.length <= 75);
    }
  });

  test("CR and LF from the database cannot start a new header", () => {
    const folded = foldHeader("Subject", encodeHeaderValue("Hi\r\nBcc: victim@example.org"));
    assert.equal(folded, "Subject: Hi Bcc: victim@example.org");
  });

  test("long headers fold at spaces with continuation lines", () => {
    const folded = foldHeader("Subject", encodeHeaderValue("word ".repeat(40)));
    const lines = folded.split("\r\n");
    assert.ok(lines.length > 1);
    for (const l of lines) assert.ok(l.length <= 78);
    for (const l of lines.slice(1)) assert.ok(l.startsWith(" "));
  });

  test("mailboxes: phrases, quoted strings with specials, encoded non-ASCII names; bad addresses refused", () => {
    assert.deepEqual(formatMailbox("Alignment Newsletter", FROM), ["Alignment", "Newsletter", `<${FROM}>`]);
    assert.deepEqual(formatMailbox('Rohin "R." Shah, ed.', FROM), [
      `"Rohin \\"R.\\" Shah, ed."`,
      `<${FROM}>`,
    ]);
    assert.match(formatMailbox("Schölkopf", FROM)[0]!, /^=\?UTF-8\?B\?/);
    assert.throws(() => formatMailbox("x", "not an address"), /not an email address/);
    assert.throws(() => formatMailbox("x", "a@b.org>\r\nBcc: c@d.org"), /not an email address/);
  });

  test("dates are RFC 5322, in UTC", () => {
    assert.equal(rfc5322Date(new Date("2019-04-10T00:00:00Z")), "Wed, 10 Apr 2019 00:00:00 +0000");
    assert.equal(rfc5322Date(new Date("2021-12-31T23:05:09Z")), "Fri, 31 Dec 2021 23:05:09 +0000");
  });
});

describe("the issue email", () => {
  test("parses into a text part and an HTML part, with the headers decoded right", async () => {
    const view = sampleView();
    const message = renderIssueEmail(view, { fromAddress: FROM });
    const mail = await simpleParser(message);
    assert.equal(mail.subject, "[AN #53]: Schölkopf — ϵ ∀ and friends");
    assert.equal(emailSubject(view), mail.subject);
    assert.deepEqual(mail.from?.value, [{ address: FROM, name: "Alignment Newsletter" }]);
    assert.equal(mail.date?.toISOString(), "2019-04-10T00:00:00.000Z");
    assert.match(mail.messageId ?? "", /^<an-53\.[0-9a-f]{24}@an\.example\.org>$/);
    assert.equal(mail.headers.get("mime-version"), "1.0");
    const unsubscribe = mail.headerLines.find((h) => h.key === "list-unsubscribe")?.line;
    assert.equal(
      unsubscribe,
      `List-Unsubscribe: <${UNSUBSCRIBE_MAILTO_TOKEN}>,\r\n <${UNSUBSCRIBE_URL_TOKEN}>`,
    );
    assert.ok(message.includes(`\r\nTo: ${TO_TOKEN}\r\n`));
    assert.equal(typeof mail.html, "string");
    assert.ok(mail.text?.includes("Bernhard Schölkopf"));
    assert.ok(mail.text?.includes("Bounds for every ϵ > 0 and ∀ x — with “quotes” and 日本語"));
    assert.ok((mail.html as string).includes("Bounds for every ϵ &gt; 0 and ∀ x — with “quotes” and 日本語"));
    assert.ok((mail.html as string).includes("Schölkopf — ϵ ∀ and friends"));
  });

  test("is MIME as RFC 2045 wants it: CRLF, 7-bit, QP lines ≤ 76, UTF-8 parts, the boundary absent from the parts", () => {
    const message = renderIssueEmail(sampleView(), { fromAddress: FROM });
    assert.ok(!/\r(?!\n)|(?<!\r)\n/.test(message), "only CRLF line endings");
    assert.match(message, /^[\x20-\x7e\r\n\t]*$/, "7-bit clean");
    const parts = rawParts(message);
    assert.deepEqual(
      parts.map((p) => /Content-Type: ([^;]+); charset=UTF-8/.exec(p.headers)?.[1]),
      ["text/plain", "text/html"],
    );
    const boundary = /boundary="([^"]+)"/.exec(message)![1]!;
    for (const p of parts) {
      assert.match(p.headers, /Content-Transfer-Encoding: quoted-printable/);
      assert.ok(!p.body.includes(boundary));
      for (const line of p.body.split("\r\n")) assert.ok(line.length <= 76, `${line.length}: ${line}`);
    }
    assert.ok(message.endsWith(`--${boundary}--\r\n`));
    const headers = message.slice(0, message.indexOf("\r\n\r\n")).split("\r\n");
    for (const h of headers) assert.ok(h.length <= 78, `header line of ${h.length}: ${h}`);
  });

  test("is deterministic: the same view gives the same bytes; other content, another id and boundary", () => {
    const a = renderIssueEmail(sampleView(), { fromAddress: FROM });
    const b = renderIssueEmail(sampleView(), { fromAddress: FROM });
    assert.equal(a, b);
    const other = renderIssueEmail(issueView([issueEntry({ title: "Another paper" })]), {
      fromAddress: FROM,
    });
    const id = (m: string) => /Message-ID: (.*)/.exec(m)![1];
    const boundary = (m: string) => /boundary="([^"]+)"/.exec(m)![1];
    assert.notEqual(id(a), id(other));
    assert.notEqual(boundary(a), boundary(other));
  });

  test("without an issue date there is no Date header (the submission server adds one); an explicit date wins", async () => {
    const undated = issueView([issueEntry()], { date: null });
    assert.ok(!/^Date:/m.test(renderIssueEmail(undated, { fromAddress: FROM })));
    const dated = await simpleParser(
      renderIssueEmail(undated, { fromAddress: FROM, date: new Date("2019-04-10T15:30:00Z") }),
    );
    assert.equal(dated.date?.toISOString(), "2019-04-10T15:30:00.000Z");
  });

  test("the footers carry the per-subscriber tokens and the database link, in both parts", async () => {
    const message = renderIssueEmail(sampleView(), {
      fromAddress: FROM,
      databaseUrl: "https://db.example.org/all",
    });
    for (const token of EMAIL_TOKENS) assert.ok(message.includes(token), token);
    const mail = await simpleParser(message);
    const html = parseDocument(mail.html as string);
    const hrefs = DomUtils.findAll((e) => e.name === "a", html.children).map((a) => a.attribs.href);
    assert.ok(hrefs.includes(UNSUBSCRIBE_URL_TOKEN));
    assert.ok(hrefs.includes(PREFERENCES_URL_TOKEN));
    assert.ok(hrefs.includes("https://db.example.org/all"));
    assert.ok(hrefs.includes("https://mail.example/an-53"), "view in browser: where the issue was published");
    assert.ok(mail.text?.includes(`Unsubscribe: <${UNSUBSCRIBE_URL_TOKEN}>`));
    assert.ok(mail.text?.includes(`Update your preferences: <${PREFERENCES_URL_TOKEN}>`));
    assert.ok(mail.text?.includes(EMAIL_TOKEN));
    assert.ok(mail.text?.includes("<https://db.example.org/all>"));
  });

  test("the HTML is an email layout: presentation tables, 600 px, inlined styles, no scripts or external resources", async () => {
    const mail = await simpleParser(renderIssueEmail(sampleView(), { fromAddress: FROM }));
    const html = mail.html as string;
    const doc = parseDocument(html);
    const all = DomUtils.findAll(() => true, doc.children);
    const tables = all.filter((e) => e.name === "table");
    assert.ok(tables.length >= 3);
    for (const t of tables) assert.equal(t.attribs.role, "presentation");
    assert.match(html, /max-width: 600px/);
    assert.match(html, /<!--\[if mso\]><table role="presentation" width="600"/);
    assert.deepEqual(
      all.filter((e) => ["script", "link", "img", "iframe", "object"].includes(e.name)).map((e) => e.name),
      [],
    );
    assert.ok(!/\b(?:src|background)=/.test(html), "nothing loaded from elsewhere");
    // Inlined: the entry title link carries its own style, so clients without <style> still show it.
    const title = all.find((e) => e.attribs.class === "entry-title")!;
    assert.match(title.attribs.style ?? "", /font-weight: 700/);
    // The one style block left holds only what cannot be inlined: media queries.
    const styles = all.filter((e) => e.name === "style").map((s) => DomUtils.textContent(s));
    assert.ok(styles.some((s) => s.includes("@media screen and (max-width: 620px)")));
    assert.ok(styles.some((s) => s.includes("prefers-color-scheme: dark")));
  });

  test("the preheader comes first in the body, hidden, with the issue's highlights", async () => {
    const view = sampleView();
    const mail = await simpleParser(renderIssueEmail(view, { fromAddress: FROM }));
    const body = DomUtils.findOne((e) => e.name === "body", parseDocument(mail.html as string).children)!;
    const first = DomUtils.findOne((e) => e.name === "div", body.children)!;
    assert.match(first.attribs.style ?? "", /display: none/);
    assert.ok(DomUtils.textContent(first).startsWith("Highlights: Kernel methods, revisited"));
    assert.equal(preheaderText(view), "Highlights: Kernel methods, revisited");
  });

  test("no text in the HTML is set in a tiny font: the preheader is hidden without one (SpamAssassin HTML_FONT_TINY)", async () => {
    // Without a web link the top bar is a spacer row, which had a 1 px font too.
    for (const view of [
      sampleView(),
      issueView([issueEntry({ highlight: true, title: "Kernel methods" })]),
    ]) {
      const mail = await simpleParser(renderIssueEmail(view, { fromAddress: FROM }));
      const html = mail.html as string;
      const sizes = [...html.matchAll(/font-size\s*:\s*([\d.]+)\s*(px|pt|em|rem|%)?/gi)].map((m) =>
        m[2] === "em" || m[2] === "rem"
          ? Number(m[1]) * 16
          : m[2] === "%"
            ? Number(m[1]) * 0.16
            : Number(m[1]),
      );
      assert.ok(sizes.length > 0);
      assert.ok(
        Math.min(...sizes) >= 12,
        `font sizes: ${[...new Set(sizes)].sort((a, b) => a - b).join(", ")}`,
      );
      assert.ok(!/<font\b/i.test(html));
      const body = DomUtils.findOne((e) => e.name === "body", parseDocument(html).children)!;
      const preheader = DomUtils.findOne((e) => e.name === "div", body.children)!;
      for (const rule of [
        /display: none/,
        /max-height: 0/,
        /overflow: hidden/,
        /mso-hide: all/,
        /opacity: 0/,
      ])
        assert.match(preheader.attribs.style ?? "", rule);
    }
  });

  test("the text part's 'View this issue online' is the archive page, as in the HTML part", async () => {
    const view = issueView(
      [issueEntry({ highlight: true, title: "Kernel methods" })],
      { url: "https://us1.campaign-archive.com/?u=x&id=y" },
      {
        ...TEST_NEWSLETTER,
        archiveUrl: "https://news.example.org/an",
      },
    );
    const mail = await simpleParser(renderIssueEmail(view, { fromAddress: FROM }));
    assert.match(
      mail.text ?? "",
      /^View this issue online: <https:\/\/news\.example\.org\/an\/issues\/53>$/m,
    );
    assert.ok(
      !(mail.text ?? "").includes("campaign-archive"),
      "not the page the issue was first published on",
    );
    assert.match(mail.html as string, /href="https:\/\/news\.example\.org\/an\/issues\/53"/);
  });

  test("List-Id (RFC 2919) from the name and the From domain, or as configured; Feedback-ID when given; values checked", async () => {
    const headers = (options: Partial<Parameters<typeof renderIssueEmail>[1]>, view = sampleView()) => {
      const raw = renderIssueEmail(view, { fromAddress: FROM, ...options });
      const head = raw.slice(0, raw.indexOf("\r\n\r\n")).replace(/\r\n[ \t]+/g, " ");
      return (name: string) =>
        head.split("\r\n").filter((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
    };
    const plain = headers({});
    assert.deepEqual(plain("List-Id"), [
      "List-Id: Alignment Newsletter <alignment-newsletter.an.example.org>",
    ]);
    assert.deepEqual(plain("Feedback-ID"), [], "no Feedback-ID unless configured");
    assert.deepEqual(headers({ listId: "<an.news.example.org>" })("List-Id"), [
      "List-Id: Alignment Newsletter <an.news.example.org>",
    ]);
    const fbl = feedbackIdValue({
      campaign: "53",
      edition: "full",
      list: listLabel("Alignment Newsletter"),
      sender: "an",
    });
    assert.deepEqual(headers({ feedbackId: fbl })("Feedback-ID"), [
      "Feedback-ID: 53:full:alignment-newsletter:an",
    ]);
    // A name that is not ASCII is an encoded phrase; the id stays ASCII.
    const named = issueView(
      [issueEntry({ highlight: true, title: "T" })],
      {},
      { ...TEST_NEWSLETTER, name: "Résumé, the list" },
    );
    assert.match(
      headers({}, named)("List-Id")[0]!,
      /^List-Id: =\?UTF-8\?[BQ]\?[^ ]+\?= <resume-the-list\.an\.example\.org>$/,
    );
    for (const bad of ["x\r\nBcc: a@b.c", "no-dot", "a..b", "<a b.c>"])
      assert.throws(() => renderIssueEmail(sampleView(), { fromAddress: FROM, listId: bad }), {
        code: "config.invalid",
      });
    assert.throws(() => renderIssueEmail(sampleView(), { fromAddress: FROM, feedbackId: "a:b\r\nX: y" }), {
      code: "config.invalid",
    });
    for (const bad of ["a:b", "two words", "é", ""])
      assert.throws(() => feedbackIdValue({ campaign: "1", edition: "full", list: "l", sender: bad }), {
        code: "config.invalid",
      });
  });

  test("everything from the database comes out inert in the HTML part", async () => {
    const evil = issueView(
      [
        issueEntry({
          highlight: true,
          title: `<script>alert(1)</script>"><img src=x onerror=alert(1)>`,
          url: "javascript:alert(1)",
          authors: [{ name: `<script>alert("a")</script>`, equalContribution: false }],
          summary: `"><img src=x onerror=alert(1)> and <script>alert(2)</script> and [click](javascript:alert(3))`,
          opinion: `<a href="javascript:alert(4)">x</a>`,
          readMore: "more",
          readMoreUrl: "javascript:alert(5)",
        }),
      ],
      { subject: `<script>alert(6)</script>`, intro: "<img src=x onerror=alert(7)>" },
      { name: `News <b onmouseover=alert(8)>`, prefix: "AN", editor: "Rohin" },
    );
    const mail = await simpleParser(renderIssueEmail(evil, { fromAddress: FROM }));
    const html = mail.html as string;
    const all = DomUtils.findAll(() => true, parseDocument(html).children);
    assert.deepEqual(
      all.filter((e) => ["script", "img", "b"].includes(e.name)).map((e) => e.name),
      [],
    );
    for (const e of all) {
      for (const [name, value] of Object.entries(e.attribs)) {
        assert.ok(!/^on/i.test(name), `event handler attribute ${name}`);
        assert.ok(!/^\s*javascript:/i.test(value), `${name}="${value}"`);
      }
    }
    // The text is still there, as text: escaped, not dropped.
    const text = DomUtils.textContent(parseDocument(html));
    assert.ok(text.includes(`<script>alert(1)</script>"><img src=x onerror=alert(1)>`));
    assert.ok(text.includes("<script>alert(6)</script>"));
  });
});

/** WCAG 2 relative luminance and contrast ratio. */
function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, b2] = [1, 3, 5].map((i) => {
      const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b2!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe("the email's colours", () => {
  for (const [mode, p] of Object.entries(EMAIL_PALETTE)) {
    test(`${mode}: every text colour meets WCAG AA (4.5:1) on its background`, () => {
      const pairs: [string, string, string][] = [
        ["ink on card", p.ink, p.card],
        ["muted on card", p.muted, p.card],
        ["links on card", p.accent, p.card],
        ["highlights heading on card", p.highlight, p.card],
        ["ink in an opinion", p.ink, p.opinionBg],
        ["links in an opinion", p.accent, p.opinionBg],
        ["masthead name", p.mastheadInk, p.mastheadBg],
        ["masthead issue line", p.mastheadMuted, p.mastheadBg],
        ["footer on page", p.footerInk, p.page],
      ];
      for (const [what, fg, bg] of pairs) {
        const ratio = contrast(fg, bg);
        assert.ok(ratio >= 4.5, `${what}: ${ratio.toFixed(2)}`);
      }
    });
  }
});
