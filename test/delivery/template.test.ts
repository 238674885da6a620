import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { simpleParser } from "mailparser";
import {
  highlightsEdition,
  messageIdFor,
  type Personalisation,
  personaliseMessage,
  personaliseMessageBytes,
} from "../../src/delivery/index.ts";
import { Scratch } from "../../src/delivery/scratch.ts";
import { SummaError } from "../../src/domain/errors.ts";
import { renderIssueEmail, renderIssueEmailTemplate } from "../../src/formats/render/email.ts";
import { envelopeSender, templateText } from "../../src/formats/render/email-template.ts";
import { issueEntry, issueView } from "../helpers/issue-view.ts";

const view = issueView(
  [
    issueEntry({ title: "A highlighted paper", highlight: true }),
    issueEntry({ title: "A paper in a section", category: "Deep learning" }),
  ],
  { subject: "Ünïcode subject" },
);
const template = renderIssueEmailTemplate(view, { fromAddress: "newsletter@an.example.org" });

function reader(extra: Partial<Personalisation> = {}): Personalisation {
  return {
    email: "ada@example.org",
    name: "Ada Lovelace",
    unsubscribeUrl: "https://an.example.org/unsubscribe?t=abc.def",
    preferencesUrl: "https://an.example.org/preferences?t=ghi.jkl",
    unsubscribeMailto: "mailto:newsletter+unsubscribe@an.example.org?subject=unsubscribe%20abc.def",
    messageIdSuffix: "d42",
    ...extra,
  };
}

const invalid = (err: unknown) => err instanceof SummaError && err.code === "input.invalid";

describe("personalising a rendered issue", () => {
  test("the template has a slot for every token where the renderer put it: headers, text part, HTML part", () => {
    const slots = template.segments.filter((s) => typeof s !== "string");
    const where = (token: string) =>
      slots
        .filter((s) => s.token === token)
        .map((s) => s.context)
        .sort();
    assert.deepEqual(where("to"), ["header"]);
    assert.deepEqual(where("message_id"), ["header"]);
    assert.deepEqual(where("unsubscribe_mailto"), ["header"]);
    assert.deepEqual(where("unsubscribe_url"), ["header", "html", "text"]);
    assert.deepEqual(where("preferences_url"), ["html", "text"]);
    assert.deepEqual(where("email"), ["html", "text"]);
  });

  test("fills every slot, each encoded for its place, and parses back to the values", async () => {
    const long = `https://an.example.org/preferences?t=${"x".repeat(400)}.sig&a=1&b='2'`;
    const raw = personaliseMessage(template, reader({ name: "Zoë Ünïcode", preferencesUrl: long }));
    assert.ok(!/\{\{[a-z_]+\}\}/.test(raw), "no token left");
    const mail = await simpleParser(raw);
    const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
    assert.deepEqual(to?.value, [{ address: "ada@example.org", name: "Zoë Ünïcode" }]);
    assert.equal(mail.messageId, `<${messageIdFor(template, "d42")}>`);
    assert.ok(mail.text?.includes(`Update your preferences: <${long}>`), "text part: the value as is");
    assert.ok(mail.text?.includes("This email was sent to ada@example.org"));
    const html = mail.html as string;
    assert.ok(html.includes(`href="${long.replace(/&/g, "&amp;").replace(/'/g, "&#39;")}"`), "HTML: escaped");
    assert.ok(html.includes("sent to ada@example.org"));
    // Quoted-printable lines stay within 76 characters, headers within 998, CRLF throughout.
    const body = raw.slice(raw.indexOf("\r\n\r\n") + 4);
    for (const line of body.split("\r\n")) assert.ok(line.length <= 76, `${line.length}: ${line}`);
    assert.ok(!/\r(?!\n)|(?<!\r)\n/.test(raw));
    assert.match(raw, /^[\x20-\x7e\r\n\t]*$/, "7-bit clean");
  });

  test("any value length and mix of =XX escapes: lines stay within 76, and decode to the value", async () => {
    for (let n = 1; n < 160; n += 7) {
      const url = `https://an.example.org/preferences?t=${"=a.b=".repeat(n).slice(0, n)}&x=${n}`;
      const raw = personaliseMessage(template, reader({ preferencesUrl: url }));
      const body = raw.slice(raw.indexOf("\r\n\r\n") + 4);
      for (const line of body.split("\r\n")) assert.ok(line.length <= 76, `${n}: ${line}`);
      assert.ok(!/^\./m.test(body), "no line starts with a dot");
      const mail = await simpleParser(raw);
      assert.ok(mail.text?.includes(`<${url}>`), `${n}: text part`);
      assert.ok((mail.html as string).includes(url.replace(/&/g, "&amp;")), `${n}: HTML part`);
    }
  });

  test("as bytes, in a lane's reused memory: each message exactly as the text, nothing left of the one before", () => {
    const scratch = new Scratch();
    const long = reader({
      name: "Ådå Łōvēlace-Byron, Countess of Lovelace",
      email: "a.very.long.address@example.org",
    });
    const short = reader({ name: "Al", email: "al@ex.org", messageIdSuffix: "d7" });
    const first = personaliseMessageBytes(template, long, scratch);
    assert.equal(first.toString("utf8"), personaliseMessage(template, long));
    const second = personaliseMessageBytes(template, short, scratch);
    assert.equal(second.toString("utf8"), personaliseMessage(template, short));
    assert.equal(second.buffer, first.buffer, "the same memory, used again");
    scratch.abandon();
    const third = personaliseMessageBytes(template, long, scratch);
    assert.notEqual(third.buffer, first.buffer, "after abandon(), new memory");
    assert.equal(third.toString("utf8"), personaliseMessage(template, long));
    assert.equal(
      personaliseMessageBytes(template, short).toString("utf8"),
      personaliseMessage(template, short),
    );
  });

  test("values that could break a header or the message are refused, never written", () => {
    for (const bad of [
      { email: "ada@example.org\r\nBcc: everyone@example.org" },
      { email: "not an address" },
      { name: "Ada\r\nBcc: x@example.org" },
      { unsubscribeUrl: "https://an.example.org/u?t=a>\r\nX-Evil: 1" },
      { preferencesUrl: "javascript:alert(1)" },
      { unsubscribeMailto: "mailto:a@b.org?subject=a b" },
      { messageIdSuffix: "d1>\r\nX: y" },
    ])
      assert.throws(() => personaliseMessage(template, reader(bad)), invalid, JSON.stringify(bad));
  });

  test("a name with specials is quoted; one Message-ID per suffix", async () => {
    const a = await simpleParser(personaliseMessage(template, reader({ name: 'Bob "B" <x>, Jr.' })));
    const to = Array.isArray(a.to) ? a.to[0] : a.to;
    assert.equal(to?.value[0]?.name, 'Bob "B" <x>, Jr.');
    const b = await simpleParser(personaliseMessage(template, reader({ messageIdSuffix: "d43" })));
    assert.notEqual(a.messageId, b.messageId);
  });

  test("the renderer's text is the template with its placeholders: one rendering, two uses", () => {
    assert.equal(
      templateText(template),
      renderIssueEmail(view, { fromAddress: "newsletter@an.example.org" }),
    );
  });

  test("per message: the Date, extra headers and the envelope sender; a bad one is refused", async () => {
    const at = new Date("2026-12-04T01:02:03Z");
    const raw = personaliseMessage(
      template,
      reader({ date: at, headers: [["Feedback-ID", "an-53:newsletter:summa"]] }),
    );
    const mail = await simpleParser(raw);
    assert.equal(mail.date?.toISOString(), at.toISOString());
    assert.equal(mail.headers.get("feedback-id"), "an-53:newsletter:summa");
    assert.match(
      raw,
      /List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\nList-Id: [^\r\n]+\r\nFeedback-ID: an-53:newsletter:summa\r\nMIME-Version/,
    );
    const plain = await simpleParser(personaliseMessage(template, reader()));
    assert.equal(
      plain.date?.toISOString(),
      new Date("2019-04-10T00:00:00Z").toISOString(),
      "the issue's date",
    );
    assert.equal(envelopeSender(template, {}), "newsletter@an.example.org");
    assert.equal(
      envelopeSender(template, { envelopeFrom: "bounces+d42@an.example.org" }),
      "bounces+d42@an.example.org",
    );
    assert.throws(() => envelopeSender(template, { envelopeFrom: "a@b.org>\r\nX: 1" }), invalid);
    for (const headers of [[["Bad Name", "x"]], [["X-Ok", "line\r\nBcc: x@example.org"]]] as const)
      assert.throws(
        () => personaliseMessage(template, reader({ headers })),
        invalid,
        JSON.stringify(headers),
      );
  });

  test("the highlights edition keeps the intro and highlights, drops the sections, and says so", () => {
    const hl = highlightsEdition(view);
    assert.equal(hl.sections.length, 0);
    assert.deepEqual(
      hl.highlights.map((e) => e.title),
      ["A highlighted paper"],
    );
    assert.match(hl.intro, /highlights edition/);
    const none = issueView([issueEntry({ title: "No highlight here" })]);
    assert.equal(highlightsEdition(none), none, "no highlights: the full issue");
  });
});
