import type { Context } from "hono";
import { Hono } from "hono";
import { SummaError } from "../../domain/errors.ts";
import {
  addEntriesToIssue,
  createDraftIssue,
  type DownloadFormat,
  editIssueDetails,
  listIssueDrafts,
  loadComposer,
  moveEntryInIssue,
  parseDownloadFormat,
  placeEntryInIssue,
  previewIssue,
  publishIssue,
  removeEntryFromIssue,
  renderStoredIssue,
  setEntryHighlight,
  unpublishIssue,
} from "../../issues/index.ts";
import type { AppEnv } from "../env.ts";
import { httpStatusFor } from "../http-errors.ts";
import { parseRowId } from "../params.ts";
import { RENDERED_DOCUMENT_CSP, requireDesk } from "../security.ts";
import { ComposerPage, type DetailsValues } from "./issues-composer.tsx";
import { mountEmailPreview } from "./issues-email.tsx";
import { IssueListPage } from "./issues-list.tsx";
import { PreviewPage, PublishPage } from "./issues-preview.tsx";
import { loadSendPanel, SendPanel } from "./issues-send.tsx";
import { formTime, mountSendRoutes } from "./issues-send-routes.tsx";

type Ctx = Context<AppEnv>;

/** Route parameters are digits by their patterns; this keeps them within safe integers. */
function idParam(c: Ctx, name: string): number {
  const n = parseRowId(c.req.param(name));
  if (n === null) throw new SummaError("not_found", "There is no such issue or entry");
  return n;
}

async function form(c: Ctx): Promise<Record<string, string | string[]>> {
  const body = await c.req.parseBody({ all: true });
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === "string") out[k] = v;
    else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === "string");
  }
  return out;
}

function one(value: string | string[] | undefined): string {
  return Array.isArray(value) ? (value[value.length - 1] ?? "") : (value ?? "");
}

/** Back to the composer after a POST (303), at the place the editor acted on. */
function back(c: Ctx, n: number, done: string, anchor = "", query: Record<string, string> = {}) {
  const params = new URLSearchParams({ ...query, done });
  return c.redirect(`/desk/issues/${n}?${params}${anchor ? `#${anchor}` : ""}`, 303);
}

/**
 * A refused action shows the composer again with the reason (and what was typed), with the
 * error's status; anything else (an unknown issue, a bug) goes to the app's error page.
 */
async function refused(c: Ctx, n: number, err: unknown, values?: DetailsValues) {
  if (!(err instanceof SummaError) || !["input.invalid", "conflict", "not_found"].includes(err.code))
    throw err;
  const view = await loadComposer(c.var.store, n);
  return c.html(
    <ComposerPage
      site={c.var.site}
      session={c.var.session!}
      view={view}
      error={err.message}
      values={values}
    />,
    httpStatusFor(err.code),
  );
}

/** composer.js's requests ask for JSON; a form post (no JS) asks for a page. */
function wantsJson(c: Ctx): boolean {
  return (c.req.header("accept") ?? "").includes("application/json");
}

/** Places an entry at a position of its run and says so as JSON; a refusal is JSON with its code. */
async function moveAsJson(c: Ctx, n: number, id: number, value: string) {
  try {
    if (!/^[0-9]{1,6}$/.test(value.trim()))
      throw new SummaError("input.invalid", `position: a whole number from 1, not "${value.slice(0, 20)}"`, {
        field: "position",
      });
    const placed = await placeEntryInIssue(c.var.store, n, id, Number(value));
    const message = placed.moved
      ? `Moved “${placed.title}” to position ${placed.position} of ${placed.run.length}`
      : `“${placed.title}” stays at position ${placed.position} of ${placed.run.length}`;
    return c.json({ ...placed, message });
  } catch (err) {
    if (!(err instanceof SummaError)) throw err;
    return c.json(
      { error: { code: err.code, message: err.message, ...err.details } },
      httpStatusFor(err.code),
    );
  }
}

const RENDER_TYPES: Record<DownloadFormat, { type: string; ext: string }> = {
  text: { type: "text/plain; charset=utf-8", ext: "txt" },
  markdown: { type: "text/markdown; charset=utf-8", ext: "md" },
  html: { type: "text/html; charset=utf-8", ext: "html" },
  "email-html": { type: "text/html; charset=utf-8", ext: "email.html" },
  email: { type: "message/rfc822", ext: "eml" },
};

/** /desk/issues: composing and publishing issues (editors and admins only). */
export function issuesRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("*", requireDesk("issues.compose"));

  app.get("/", async (c) => {
    const list = await listIssueDrafts(c.var.store, Number(c.req.query("page") ?? 1));
    return c.html(
      <IssueListPage site={c.var.site} session={c.var.session!} list={list} done={c.req.query("done")} />,
    );
  });

  app.post("/", async (c) => {
    const n = await createDraftIssue(c.var.store);
    return back(c, n, "created");
  });

  app.get("/:n{[0-9]+}", async (c) => {
    const n = idParam(c, "n");
    const view = await loadComposer(c.var.store, n, c.req.query("q") ?? "");
    // Every issue has the panel: a draft's offers test copies before publishing.
    const send = await loadSendPanel(c.var.store, n, view.label);
    return c.html(
      <ComposerPage
        site={c.var.site}
        session={c.var.session!}
        view={view}
        done={c.req.query("done")}
        side={<SendPanel data={send} session={c.var.session!} />}
      />,
    );
  });

  app.post("/:n{[0-9]+}/details", async (c) => {
    const n = idParam(c, "n");
    const body = await form(c);
    const values = { subject: one(body.subject), intro: one(body.intro), date: one(body.date) };
    try {
      await editIssueDetails(c.var.store, n, values);
    } catch (err) {
      return refused(c, n, err, values);
    }
    return back(c, n, "saved");
  });

  app.post("/:n{[0-9]+}/entries", async (c) => {
    const n = idParam(c, "n");
    const body = await form(c);
    const raw = body.entry === undefined ? [] : ([] as string[]).concat(body.entry);
    const ids = raw.map(parseRowId).filter((n) => n !== null);
    try {
      if (ids.length !== raw.length) throw new SummaError("input.invalid", "Choose entries by their number");
      await addEntriesToIssue(c.var.store, n, ids);
    } catch (err) {
      return refused(c, n, err);
    }
    const q = one(body.q);
    return back(c, n, "added", "ready", q ? { q } : {});
  });

  app.post("/:n{[0-9]+}/entries/:id{[0-9]+}/remove", async (c) => {
    const [n, id] = [idParam(c, "n"), idParam(c, "id")];
    try {
      await removeEntryFromIssue(c.var.store, n, id);
    } catch (err) {
      return refused(c, n, err);
    }
    return back(c, n, "removed", "layout-heading");
  });

  app.post("/:n{[0-9]+}/entries/:id{[0-9]+}/highlight", async (c) => {
    const [n, id] = [idParam(c, "n"), idParam(c, "id")];
    const value = one((await form(c)).highlight);
    try {
      if (value !== "0" && value !== "1") throw new SummaError("input.invalid", "highlight: 1 or 0");
      await setEntryHighlight(c.var.store, n, id, value === "1");
    } catch (err) {
      return refused(c, n, err);
    }
    return back(c, n, "highlighted", `entry-${id}`);
  });

  // A move: `direction` (up/down) from the plain form, or `position` (1-based in the entry's
  // run) from composer.js, which asks for JSON so the page need not reload after each move.
  app.post("/:n{[0-9]+}/entries/:id{[0-9]+}/move", async (c) => {
    const [n, id] = [idParam(c, "n"), idParam(c, "id")];
    const body = await form(c);
    if (wantsJson(c)) return moveAsJson(c, n, id, one(body.position));
    const direction = one(body.direction);
    let moved: boolean;
    try {
      if (direction !== "up" && direction !== "down")
        throw new SummaError("input.invalid", "direction: up or down");
      moved = await moveEntryInIssue(c.var.store, n, id, direction);
    } catch (err) {
      return refused(c, n, err);
    }
    return back(c, n, moved ? "moved" : "unmoved", `entry-${id}`);
  });

  app.get("/:n{[0-9]+}/publish", async (c) => {
    const view = await loadComposer(c.var.store, idParam(c, "n"));
    return c.html(<PublishPage site={c.var.site} session={c.var.session!} view={view} />);
  });

  app.post("/:n{[0-9]+}/publish", async (c) => {
    const n = idParam(c, "n");
    const body = await form(c);
    if (one(body.confirm) !== "yes") return c.redirect(`/desk/issues/${n}/publish`, 303);
    let scheduled = false;
    try {
      const at = formTime(one(body.at).trim(), "The publish time");
      scheduled = (await publishIssue(c.var.store, n, new Date(), { at })).scheduled;
    } catch (err) {
      if (!(err instanceof SummaError) || !["input.invalid", "conflict"].includes(err.code)) throw err;
      const view = await loadComposer(c.var.store, n);
      return c.html(
        <PublishPage site={c.var.site} session={c.var.session!} view={view} error={err.message} />,
        httpStatusFor(err.code),
      );
    }
    return back(c, n, scheduled ? "scheduled" : "published");
  });

  // Unpublish: a published issue is withdrawn (the reason is required and shown on its page); a
  // scheduled one goes back to draft.
  app.post("/:n{[0-9]+}/unpublish", async (c) => {
    const n = idParam(c, "n");
    let status: string;
    try {
      status = (await unpublishIssue(c.var.store, n, one((await form(c)).reason))).status;
    } catch (err) {
      return refused(c, n, err);
    }
    return back(c, n, status === "draft" ? "unscheduled" : "withdrawn");
  });

  app.get("/:n{[0-9]+}/preview", async (c) => {
    const n = idParam(c, "n");
    const preview = await previewIssue(c.var.store, n);
    return c.html(<PreviewPage site={c.var.site} session={c.var.session!} number={n} preview={preview} />);
  });

  app.get("/:n{[0-9]+}/render/:format", async (c) => {
    const n = idParam(c, "n");
    const format = parseDownloadFormat(c.req.param("format"));
    const body = await renderStoredIssue(c.var.store, n, format);
    const { type, ext } = RENDER_TYPES[format];
    const inline = c.req.query("inline") === "1" && format !== "email";
    const slug = `${c.var.site.prefix}-${n}`
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-/, "");
    return c.body(body, 200, {
      "Content-Type": type,
      "Content-Disposition": `${inline ? "inline" : "attachment"}; filename="${slug}.${ext}"`,
      // Shown in a frame or a tab, a render may style itself but not run or reach anything.
      "Content-Security-Policy": RENDERED_DOCUMENT_CSP,
      "X-Frame-Options": "SAMEORIGIN",
      // A draft changes with every edit: never show a stale render.
      "Cache-Control": "no-store",
    });
  });

  mountSendRoutes(app, (c) => idParam(c, "n"));
  mountEmailPreview(app, (c) => idParam(c, "n"));
  return app;
}
