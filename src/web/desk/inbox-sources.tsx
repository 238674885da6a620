import type { Context } from "hono";
import { Hono } from "hono";
import { SummaError } from "../../domain/errors.ts";
import {
  addSource,
  listSources,
  removeSource,
  SOURCE_KINDS,
  type SourceKind,
  setSourceEnabled,
} from "../../inbox/fetching/index.ts";
import { lastFetchRun } from "../../inbox/index.ts";
import type { AppEnv } from "../env.ts";
import { httpStatusFor } from "../http-errors.ts";
import { formText } from "../params.ts";
import { type FieldError, KIND_FIELDS, RemoveSourcePage, SourcesPage } from "./inbox-sources-page.tsx";

type Ctx = Context<AppEnv>;

/** What a finished action says, by a code in the address (never text from the address itself). */
const NOTICES: Record<string, string> = {
  added: "The source was added. “Fetch now” reads it at once; `summa serve` fetches it on its schedule.",
  enabled: "The source is on: every fetch reads it.",
  disabled: "The source is off: fetches skip it until it is turned on again.",
  removed: "The source was removed. Its candidates stay in the inbox.",
  fetching: "Fetching started: it runs in the background. Reload this page to see how each source went.",
  busy: "A fetch is already running: this one was not started. Reload this page to see when it ends.",
};

async function page(c: Ctx, extra: Partial<Parameters<typeof SourcesPage>[0]> = {}) {
  return (
    <SourcesPage
      site={c.var.site}
      session={c.var.session!}
      sources={await listSources(c.var.store)}
      running={c.var.inbox.jobs.fetchRunning()}
      lastFetch={await lastFetchRun(c.var.store)}
      {...extra}
    />
  );
}

async function sourceNamed(c: Ctx) {
  const name = c.req.param("name") ?? "";
  const found = (await listSources(c.var.store)).find((s) => s.name === name);
  if (!found) throw new SummaError("not_found", `There is no inbox source named "${name.slice(0, 64)}"`);
  return found;
}

/**
 * /desk/inbox/sources (under the inbox's editors-only guard): the sources listed with how their
 * last fetch went, added through a form whose refusals stand next to the field, turned on and
 * off, removed after a confirmation, and fetched now (all that are on, or one) in the background,
 * the page showing the run under way or the last one's report (kept in the database: the same
 * after a restart, and for a fetch by `summa inbox fetch` or serve's schedule).
 */
export function inboxSourcesRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/", async (c) => c.html(await page(c, { notice: NOTICES[c.req.query("done") ?? ""] })));

  app.post("/", async (c) => {
    const body = await c.req.parseBody();
    const kind = formText(body, "kind");
    const values: Record<string, string> = { name: formText(body, "name"), kind };
    for (const k of SOURCE_KINDS)
      for (const f of KIND_FIELDS[k]) values[`${k}.${f.name}`] = formText(body, `${k}.${f.name}`);
    const known = (SOURCE_KINDS as readonly string[]).includes(kind);
    const config: Record<string, unknown> = {};
    if (known)
      for (const f of KIND_FIELDS[kind as SourceKind]) {
        const v = values[`${kind}.${f.name}`]!;
        if (v) config[f.name] = v;
      }
    try {
      await addSource(c.var.store, { name: values.name!, kind, config });
    } catch (err) {
      if (!(err instanceof SummaError) || (err.code !== "input.invalid" && err.code !== "conflict"))
        throw err;
      const field = typeof err.details.field === "string" ? err.details.field : "";
      // The kind's own options are named in the form by kind ("feed.url"); name and kind as they are.
      const formField = field === "" || field === "name" || field === "kind" ? field : `${kind}.${field}`;
      const error: FieldError = { field: formField, code: err.code, message: err.message };
      return c.html(await page(c, { values, error }), httpStatusFor(err.code));
    }
    return c.redirect("/desk/inbox/sources?done=added", 303);
  });

  // Fetch now: every source that is on, or the one named, in the background (arXiv alone asks
  // 3 s between requests); never two at once. The sources page shows the run and its report.
  app.post("/fetch", async (c) => {
    const only = formText(await c.req.parseBody(), "source");
    if (only && !(await listSources(c.var.store)).some((s) => s.name === only))
      throw new SummaError("not_found", `There is no inbox source named "${only.slice(0, 64)}"`);
    const started = c.var.inbox.jobs.fetchSourcesSoon({
      ...c.var.inbox.fetch,
      startedBy: "desk",
      ...(only ? { only: [only] } : {}),
    });
    return c.redirect(`/desk/inbox/sources?done=${started ? "fetching" : "busy"}`, 303);
  });

  app.post("/:name/enable", async (c) => {
    await setSourceEnabled(c.var.store, (await sourceNamed(c)).name, true);
    return c.redirect("/desk/inbox/sources?done=enabled", 303);
  });
  app.post("/:name/disable", async (c) => {
    await setSourceEnabled(c.var.store, (await sourceNamed(c)).name, false);
    return c.redirect("/desk/inbox/sources?done=disabled", 303);
  });
  app.get("/:name/remove", async (c) =>
    c.html(<RemoveSourcePage site={c.var.site} session={c.var.session!} source={await sourceNamed(c)} />),
  );
  app.post("/:name/remove", async (c) => {
    await removeSource(c.var.store, (await sourceNamed(c)).name);
    return c.redirect("/desk/inbox/sources?done=removed", 303);
  });
  return app;
}
