import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { strToU8, unzipSync, zipSync } from "fflate";
import { authenticate, createUser } from "../../src/accounts/index.ts";
import { hashPassword, verifyPassword } from "../../src/accounts/passwords.ts";
import { findCrossReferences, hasMarkdownLink } from "../../src/domain/crossref.ts";
import { readGsheetsZip } from "../../src/formats/import/gsheets-html.ts";
import { readXlsx } from "../../src/formats/import/xlsx.ts";
import { MAX_UNZIPPED_BYTES } from "../../src/formats/import/zip.ts";
import { markdown } from "../../src/formats/render/markdown-engine.ts";
import { insertEntries, setSetting, toEntryContent } from "../../src/store/index.ts";
import { safeNext } from "../../src/web/security.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { entryFields } from "../helpers/factories.ts";
import { within } from "../helpers/timing.ts";
import { formValue, type LoggedIn, type TestSite, testPasswords, testSite } from "../helpers/web.ts";
import { entryId, importRows, setEntryStatus, setIssueStatus } from "./public-helpers.ts";

/** A zip whose one file declares (in both its headers) that it unpacks to `declared` bytes. */
function lyingZip(name: string, content: string, declared: number): Uint8Array {
  const zip = zipSync({ [name]: strToU8(content) });
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  for (let i = 0; i + 4 <= zip.length; i++) {
    const signature = view.getUint32(i, true);
    if (signature === 0x04034b50) view.setUint32(i + 22, declared, true); // local header
    if (signature === 0x02014b50) view.setUint32(i + 24, declared, true); // central directory
  }
  return zip;
}

describe("security review: pure checks", () => {
  test("after login, `next` never leaves the site, even with the tabs and newlines browsers drop", () => {
    for (const next of [
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "/\t\\evil.example",
      "//evil.example",
      "/\\evil.example",
      "https://evil.example/",
      "javascript:alert(1)",
      "",
    ])
      assert.equal(safeNext(next), "/desk", JSON.stringify(next));
    for (const next of ["/desk/entries?status=draft&q=a%2Fb", "/desk/issues/3#entry-4", "/%09/still-here"])
      assert.equal(safeNext(next), next);
  });

  test("a stored hash with malformed or excessive scrypt parameters is refused at once, never run", async () => {
    const good = await hashPassword("correct horse battery");
    assert.equal(await verifyPassword("correct horse battery", good), true);
    assert.equal(await verifyPassword("wrong", good), false);
    const [, , , , salt, hash] = good.split("$");
    for (const params of ["3$8$1", "1073741824$8$1", "131072$8$64", "131072$0$1", "x$8$1", "131072$8$1e3"]) {
      const stored = `scrypt$${params}$${salt}$${hash}`;
      await within(150, params, async () => assert.equal(await verifyPassword("x", stored), false, params));
    }
    assert.equal(await verifyPassword("x", `scrypt$131072$8$1$${salt}$c2hvcnQ=`), false, "a short hash");
    assert.equal(await verifyPassword("x", `${good}$extra`), false);
  });

  test("cross-references and $math$ parse in linear time (a megabyte of `<@` or `$a ` took minutes)", async () => {
    await within(1000, "<@ x 200,000", () => findCrossReferences("<@".repeat(200_000)));
    await within(1000, "<@x@>(@ x 60,000", () => findCrossReferences("<@x@>(@".repeat(60_000)));
    assert.deepEqual(
      findCrossReferences("See <@A title@> and <@shown@>(@Target@), not <@ open <@Closed@>.").map((r) => [
        r.shown,
        r.target,
      ]),
      [
        ["A title", "A title"],
        ["shown", "Target"],
        ["Closed", "Closed"],
      ],
    );
    await within(1500, "$a x 20,000", () => markdown.render("$a ".repeat(20_000)));
    assert.equal(
      markdown.render("$x_1 * y_2$ costs $5 and $10"),
      '<p><span class="math">$x_1 * y_2$</span> costs $5 and $10</p>\n',
    );
    assert.equal(markdown.renderInline("$a $b$ c$"), '<span class="math">$a $b$</span> c$');
  });

  test("hasMarkdownLink answers as its old regular expression did, in linear time", async () => {
    const old = (text: string) => /\[[^\]]*\]\([^)]*\)/.test(text);
    const alphabet = "[]()a";
    let seed = 7;
    for (let i = 0; i < 5000; i++) {
      let text = "";
      for (let n = (i % 12) + 1; n > 0; n--) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        text += alphabet[seed % alphabet.length];
      }
      assert.equal(hasMarkdownLink(text), old(text), JSON.stringify(text));
    }
    await within(500, "[]( x 70,000", () => hasMarkdownLink("[](".repeat(70_000)));
  });

  test("a zip that claims to unpack past the limit is refused before anything is unpacked", async () => {
    const declared = MAX_UNZIPPED_BYTES + 1;
    assert.throws(
      () => readGsheetsZip(lyingZip("Database.html", "<table></table>", declared), "bomb.zip"),
      (err: Error & { code?: string }) =>
        err.code === "import.too_large" &&
        /bomb\.zip: the archive unpacks to more than 256 MB/.test(err.message),
    );
    const ExcelJS = (await import("exceljs")).default;
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("Sheet1").addRow(["Title"]);
    const files = unzipSync(new Uint8Array(await workbook.xlsx.writeBuffer()));
    const sheet = new TextDecoder().decode(files["xl/worksheets/sheet1.xml"]);
    const bomb = lyingZip("xl/worksheets/sheet1.xml", sheet, declared);
    await assert.rejects(
      readXlsx(Buffer.from(bomb), "bomb.xlsx"),
      (err: Error & { code?: string }) =>
        err.code === "import.too_large" && /bomb\.xlsx: the archive unpacks to more than/.test(err.message),
    );
  });
});

for (const dialect of DIALECTS) {
  describe(`security review: login, sessions and body limits (${dialect.name})`, {
    skip: dialect.skip,
  }, () => {
    let store: TestStore;
    let site: TestSite;
    let editor: LoggedIn;
    const base = "http://summa.test";
    before(async () => {
      store = await dialect.open();
      site = testSite(store);
      editor = await site.login("editor");
    });
    after(() => store?.dispose());

    /** A login form's cookie and token, and a function posting it. */
    async function loginForm() {
      const form = await site.app.request(`${base}/desk/login`);
      const cookie = form.headers.getSetCookie()[0]!.split(";")[0]!;
      const csrf = formValue(await form.text(), "_csrf");
      return (fields: Record<string, string>) =>
        site.app.request(`${base}/desk/login`, {
          method: "POST",
          body: new URLSearchParams({ _csrf: csrf, ...fields }),
          headers: { "content-type": "application/x-www-form-urlencoded", cookie },
        });
    }

    test("a login with a `next` of /<tab>/evil.example lands on the desk, not on another site", async () => {
      const post = await loginForm();
      const res = await post({
        email: editor.user.email,
        password: editor.password,
        next: "/\t/evil.example",
      });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), "/desk");
    });

    test("a user whose stored hash has broken parameters gets 401, not a server error", async () => {
      const user = await createUser(
        store,
        {
          email: "tampered@example.org",
          role: "editor",
          password: "a long enough password",
        },
        testPasswords,
      );
      await store.db
        .updateTable("users")
        .set({ password_hash: "scrypt$3$8$1$c2FsdA==$aGFzaA==" })
        .where("id", "=", user.id)
        .execute();
      const res = await (await loginForm())({ email: user.email, password: "a long enough password" });
      assert.equal(res.status, 401);
    });

    test("a burst of concurrent guesses gets no more tries than the limit", async () => {
      const user = await createUser(
        store,
        {
          email: "burst@example.org",
          role: "editor",
          password: "the right one!",
        },
        testPasswords,
      );
      const post = await loginForm();
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) => post({ email: user.email, password: `guess ${i}` })),
      );
      // Each attempt is counted before its password is checked, so at most five are checked.
      const statuses = answers.map((r) => r.status).sort();
      assert.ok(statuses.filter((s) => s === 401).length <= 5, `statuses: ${statuses.join(" ")}`);
      assert.ok(
        statuses.every((s) => s === 401 || s === 429),
        `statuses: ${statuses.join(" ")}`,
      );
    });

    test("a successful login leaves nothing counted against its client", async () => {
      const user = await createUser(
        store,
        {
          email: "counted@example.org",
          role: "editor",
          password: "the right one!",
        },
        testPasswords,
      );
      await authenticate(store, {
        email: ` ${user.email.toUpperCase()} `,
        password: "the right one!",
        client: "203.0.113.9",
      });
      const left = await store.db
        .selectFrom("login_failures")
        .select("key")
        .where("key", "in", ["client:203.0.113.9", `email:${user.email}`])
        .execute();
      assert.deepEqual(left, []);
    });

    test("logging in again ends the session the browser held: every login gets a new session id", async () => {
      const first = await site.login("summarizer");
      const res = await site.post(
        "/desk/login",
        { email: first.user.email, password: first.password, next: "/desk" },
        first,
      );
      assert.equal(res.status, 303);
      const cookie = res.headers.getSetCookie()[0]!.split(";")[0]!;
      assert.notEqual(cookie, first.cookie);
      assert.equal((await site.get("/desk", first)).status, 303, "the old session is over");
      assert.equal((await site.app.request(`${base}/desk`, { headers: { cookie } })).status, 200);
    });

    test("a form posted from newsletter.site_url's origin (TLS ended by a proxy) passes; other origins, the Host's included, do not", async () => {
      await setSetting(store.db, "newsletter.site_url", "https://news.example/");
      const preview = (origin: string) =>
        site.app.request(`${base}/desk/entries/preview`, {
          method: "POST",
          body: new URLSearchParams({ _csrf: editor.csrf, title: "Preview" }),
          headers: { "content-type": "application/x-www-form-urlencoded", cookie: editor.cookie, origin },
        });
      try {
        assert.equal((await preview("https://news.example")).status, 200);
        // Once the site knows its address, an Origin matching only the Host header is not enough.
        assert.equal((await preview(base)).status, 403);
        assert.equal((await preview("https://evil.example")).status, 403);
        assert.equal((await preview("http://news.example")).status, 403);
      } finally {
        await setSetting(store.db, "newsletter.site_url", "");
      }
    });

    test("desk pages are never cached; rendered issues may style themselves but not run", async () => {
      for (const path of ["/desk", "/desk/entries", "/desk/login"])
        assert.equal((await site.get(path, editor)).headers.get("cache-control"), "no-store", path);
      const created = await site.post("/desk/issues", {}, editor);
      const n = /\/desk\/issues\/(\d+)/.exec(created.headers.get("location") ?? "")?.[1];
      const render = await site.get(`/desk/issues/${n}/render/html?inline=1`, editor);
      assert.match(render.headers.get("content-security-policy") ?? "", /^sandbox; default-src 'none'/);
    });

    test("out-of-range pages and ids are a page or a 404, never a database error", async () => {
      assert.equal((await site.get("/desk/entries?page=1e300", editor)).status, 200);
      assert.equal((await site.get("/desk/entries?page=99999999999999999999", editor)).status, 200);
      for (const path of [
        "/desk/entries/99999999999/edit",
        "/desk/issues/99999999999",
        "/desk/issues/99999999999/preview",
      ])
        assert.equal((await site.get(path, editor)).status, 404, path);
      const preview = await site.post(
        "/desk/entries/preview",
        { id: "99999999999", title: "A preview" },
        editor,
      );
      assert.equal(preview.status, 200);
    });

    test("oversized bodies are refused unread: the login form, a desk path beside the upload, the subscribe form", async () => {
      const big = `email=a%40example.org&password=${"x".repeat(2 * 1024 * 1024)}`;
      const form = { "content-type": "application/x-www-form-urlencoded" };
      const login = await site.app.request(`${base}/desk/login`, {
        method: "POST",
        body: big,
        headers: form,
      });
      assert.equal(login.status, 413);
      const beside = await site.app.request(`${base}/desk/import/`, {
        method: "POST",
        body: big,
        headers: { ...form, cookie: editor.cookie },
      });
      assert.equal(beside.status, 413);
      const subscribe = await site.app.request(`${base}/subscribe`, {
        method: "POST",
        body: big,
        headers: form,
      });
      assert.equal(subscribe.status, 413);
      const entry = await site.post("/desk/entries/new", { title: "x".repeat(1024 * 1024 + 1) }, editor);
      assert.equal(entry.status, 413);
      assert.match(await entry.text(), /larger than 1 MB/);
    });
  });

  describe(`security review: public pages never reveal unpublished entries (${dialect.name})`, {
    skip: dialect.skip,
  }, () => {
    let store: TestStore;
    let site: TestSite;
    let citer: number;
    before(async () => {
      store = await dialect.open();
      site = testSite(store);
      // A published highlight cites a desk draft and an entry waiting in draft issue #6.
      await importRows(store, [
        {
          title: "Public citer",
          email: "AN #5",
          highlight: "Highlight",
          url: "https://public.example/citer",
          summary: "Builds on <@Secret draft@> and on <@Queued entry@>.",
        },
        { title: "Queued entry", email: "AN #6", url: "https://queued.example/paper", summary: "Soon." },
      ]);
      citer = await entryId(store, "Public citer");
      await setIssueStatus(store, 6, "draft");
      await setEntryStatus(store, await entryId(store, "Queued entry"), "in_issue");
      const [draft] = await insertEntries(
        store.db,
        [
          toEntryContent(
            entryFields({
              title: "Secret draft",
              url: "https://secret.example/paper",
              issueLabel: "",
              issueNumber: null,
              issueUrl: "",
            }),
            null,
          ),
        ],
        new Date().toISOString(),
      );
      await setEntryStatus(store, draft!.id, "draft");
    });
    after(() => store?.dispose());

    test("issue pages, entry pages, highlights, feeds and the API's renders show such references as plain text", async () => {
      for (const path of [
        "/issues/5",
        "/issues/5.md",
        "/issues/5.txt",
        `/entries/${citer}`,
        "/database?highlights=1",
        "/feed.xml",
        "/atom.xml",
        "/feed.json",
        "/api/v1/issues/5/render/html",
        "/api/v1/issues/5/render/markdown",
        "/api/v1/issues/5/render/email",
      ]) {
        const res = await site.get(path);
        assert.equal(res.status, 200, path);
        const body = await res.text();
        assert.match(body, /Secret draft/, `${path} keeps the reference's text`);
        assert.doesNotMatch(body, /secret\.example|queued\.example|AN #6\b/, path);
        if (path.includes("/render/"))
          assert.match(
            res.headers.get("content-security-policy") ?? "",
            /^sandbox; default-src 'none'/,
            path,
          );
      }
    });
  });
}
