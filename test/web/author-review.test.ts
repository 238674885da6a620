import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { requestAuthorReview } from "../../src/entries/index.ts";
import { addEntriesToIssue, createDraftIssue } from "../../src/issues/index.ts";
import { type MailTransport, openTransport } from "../../src/mail/index.ts";
import { listAuthorReviews, setSetting } from "../../src/store/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { type LoggedIn, type TestSite, testSite } from "../helpers/web.ts";
import { type Mailbox, startMailbox } from "../subscribers/helpers.ts";
import { entryForm, savedId } from "./desk-fixture.ts";

const ORIGIN = "https://an.example.org";
const XSS = `<img src=x onerror="alert(1)">`;

/** The link the desk showed once, in its notice. */
function linkIn(html: string): string {
  const m =
    /Review link \(works until \d{4}-\d{2}-\d{2}; copy it now, it is not shown again\): (https:\/\/an\.example\.org\/review\/[A-Za-z0-9_-]+)\./.exec(
      html,
    );
  assert.ok(m, "the desk shows the new link once");
  return m[1]!;
}

for (const dialect of DIALECTS) {
  describe(`author review of a planned summary (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let site: TestSite;
    let mailbox: Mailbox;
    let mail: MailTransport;
    let editor: LoggedIn;
    let richard: LoggedIn;
    let entryId: number;
    before(async () => {
      store = await dialect.open();
      mailbox = await startMailbox();
      mail = openTransport(mailbox.url, { timeoutMs: 5000 });
      await setSetting(store.db, "newsletter.site_url", ORIGIN);
      await setSetting(store.db, "newsletter.name", "Alignment Newsletter");
      site = testSite(store, { mail });
      editor = await site.login("editor", "Rohin");
      richard = await site.login("summarizer", "Richard");
      entryId = savedId(
        await site.post(
          "/desk/entries/new",
          entryForm({
            title: "Reward modeling for planned summaries",
            summary: "The paper proposes **reward modeling** as a route to alignment.",
            opinion: "I like that it is concrete.",
          }),
          editor,
        ),
      );
    });
    after(async () => {
      mail?.close();
      await mailbox?.close();
      await store?.dispose();
    });

    test("the editor asks an author: one link, emailed through the transport; a summarizer may not ask", async () => {
      const refused = await site.post(`/desk/entries/${entryId}/author-reviews`, { name: "Ada" }, richard);
      assert.equal(refused.status, 403);
      const bad = await site.post(
        `/desk/entries/${entryId}/author-reviews`,
        { name: "", email: "nope" },
        editor,
      );
      assert.equal(bad.status, 422);
      const badPage = await bad.text();
      assert.match(badPage, /id="author-name-error">whom the link is for/);
      assert.match(badPage, /id="author-email-error">an email address/);
      assert.equal((await listAuthorReviews(store.db, entryId)).length, 0, "nothing made");

      const res = await site.post(
        `/desk/entries/${entryId}/author-reviews`,
        { name: "Ada Author", email: "ada@example.org", days: "7" },
        editor,
      );
      assert.equal(res.status, 200);
      const page = await res.text();
      const link = linkIn(page);
      assert.match(page, /It was emailed to ada@example\.org\./);
      const email = await mailbox.next();
      assert.deepEqual(email.envelopeTo, ["ada@example.org"]);
      assert.match(email.mail.subject ?? "", /planned summary of "Reward modeling for planned summaries"/);
      assert.ok((email.mail.text ?? "").includes(link), "the email carries the same link");
      const [row] = await listAuthorReviews(store.db, entryId);
      assert.equal(row?.state, "requested");
      assert.ok(!row!.token_hash.includes(link.split("/").pop()!), "only the token's hash is stored");
      // The desk shows the request and the forum comment's Markdown.
      const desk = await (await site.get(`/desk/entries/${entryId}/edit`, editor)).text();
      assert.match(desk, /<strong>Ada Author<\/strong>/);
      assert.match(
        desk,
        /Planned summary for the Alignment Newsletter:\s+The paper proposes \*\*reward modeling\*\*/,
      );
      assert.match(desk, /Planned opinion:\s+I like that it is concrete\./);
      assert.doesNotMatch(
        await (await site.get(`/desk/entries/${entryId}/edit`, richard)).text(),
        /Ada Author/,
      );
    });

    test("the author sees the summary as the issue shows it, then comments and suggests text; the editor reads it", async () => {
      const { token } = await requestAuthorReview(store, editor.user, entryId, { name: "Bo Author" });
      const page = await site.get(`/review/${token}`);
      assert.equal(page.status, 200);
      assert.equal(page.headers.get("cache-control"), "no-store");
      // Not no-referrer: a browser would then send the form's own POST with "Origin: null".
      assert.equal(page.headers.get("referrer-policy"), "same-origin");
      const html = await page.text();
      assert.match(html, /<strong>reward modeling<\/strong>/, "rendered as the issue renders it");
      assert.match(html, /Rohin's opinion:|opinion/);
      const rows = await listAuthorReviews(store.db, entryId);
      assert.equal(rows.find((r) => r.author_name === "Bo Author")?.state, "viewed");

      const empty = await site.post(`/review/${token}`, { decision: "comment", comment: " " });
      assert.equal(empty.status, 422);
      assert.match(await empty.text(), /id="comment-error">write a comment or suggest text/);
      const foreign = await site.app.request(`http://summa.test/review/${token}`, {
        method: "POST",
        body: new URLSearchParams({ decision: "approve" }),
        headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" },
      });
      assert.equal(foreign.status, 403, "a form from another site is refused");

      const answered = await site.post(`/review/${token}`, {
        decision: "comment",
        comment: `Please cite the follow-up. ${XSS}`,
        summary: "The paper proposes reward modeling, *learned from feedback*.",
      });
      assert.equal(answered.status, 303);
      const row = (await listAuthorReviews(store.db, entryId)).find((r) => r.author_name === "Bo Author")!;
      assert.equal(row.state, "commented");
      assert.equal(row.suggested_summary, "The paper proposes reward modeling, *learned from feedback*.");
      const desk = await (await site.get(`/desk/entries/${entryId}/edit`, editor)).text();
      assert.match(desk, /Commented/);
      assert.ok(
        desk.includes("Please cite the follow-up. &lt;img src=x onerror=&quot;alert(1)&quot;&gt;"),
        "escaped",
      );
      assert.ok(!desk.includes(XSS));
      // The author may change their mind until the link closes.
      assert.equal((await site.post(`/review/${token}`, { decision: "approve" })).status, 303);
      assert.equal(
        (await listAuthorReviews(store.db, entryId)).find((r) => r.author_name === "Bo Author")?.state,
        "approved",
      );
    });

    test("a withdrawn or expired link says so and takes no answer; an unknown one is not found", async () => {
      const { id, token } = await requestAuthorReview(store, editor.user, entryId, { name: "Cy Author" });
      const revoke = await site.post(`/desk/entries/${entryId}/author-reviews/${id}/revoke`, {}, editor);
      assert.equal(revoke.status, 303);
      const gone = await site.get(`/review/${token}`);
      assert.equal(gone.status, 410);
      const text = await gone.text();
      assert.match(text, /The editor withdrew this link/);
      assert.doesNotMatch(text, /reward modeling/, "a closed link shows nothing of the entry");
      assert.equal((await site.post(`/review/${token}`, { decision: "approve" })).status, 410);

      const old = await requestAuthorReview(
        store,
        editor.user,
        entryId,
        { name: "Di Author", days: 1 },
        new Date(Date.now() - 2 * 86_400_000),
      );
      const expired = await site.get(`/review/${old.token}`);
      assert.equal(expired.status, 410);
      assert.match(await expired.text(), /This link stopped working on/);

      assert.equal((await site.get("/review/not-a-real-token-at-all-xyz")).status, 404);
      assert.equal((await site.get("/review/..%2Fdesk")).status, 404);
    });

    test("the composer shows each entry's latest author review beside it", async () => {
      await store.db.updateTable("entries").set({ status: "ready" }).where("id", "=", entryId).execute();
      const issue = await createDraftIssue(store, { subject: "With reviews" });
      await addEntriesToIssue(store, issue, [entryId]);
      const { token } = await requestAuthorReview(store, editor.user, entryId, { name: "Ed Author" });
      assert.equal((await site.post(`/review/${token}`, { decision: "approve" })).status, 303);
      const composer = await (await site.get(`/desk/issues/${issue}`, editor)).text();
      assert.match(composer, /<span class="badge author-review-approved">author review: approved<\/span>/);
    });
  });
}
