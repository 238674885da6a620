import type { Context } from "hono";
import { Hono } from "hono";
import { teamMembers } from "../../accounts/index.ts";
import { SummaError } from "../../domain/errors.ts";
import {
  dismissCandidates,
  findSummarizer,
  getInboxItem,
  listInbox,
  pickCandidate,
  setAsideWith,
  snoozeCandidates,
} from "../../inbox/index.ts";
import { loadTaxonomy } from "../../issues/index.ts";
import type { AppEnv } from "../env.ts";
import { formText, parseRowId } from "../params.ts";
import { requireDesk } from "../security.ts";
import { inboxImportRoutes } from "./inbox-import.tsx";
import { type InboxFilters, InboxPage } from "./inbox-page.tsx";
import { inboxSourcesRoutes } from "./inbox-sources.tsx";

type Ctx = Context<AppEnv>;

const LIMIT = 100;

/** ?page=N (1 when absent); anything else is refused, naming the field. */
function pageNumber(value: string | undefined): number {
  if (value === undefined || value === "") return 1;
  const n = parseRowId(value);
  if (n === null)
    throw new SummaError("input.invalid", `inbox page: "${value.slice(0, 20)}" is not a page number`, {
      field: "page",
    });
  return n;
}

/** ?id=N: one candidate, as a link to it asks (null when absent); anything else is refused. */
function onlyId(value: string | undefined): number | null {
  if (value === undefined || value === "") return null;
  const id = parseRowId(value);
  if (id === null)
    throw new SummaError("input.invalid", `inbox id: "${value.slice(0, 20)}" is not a candidate number`, {
      field: "id",
    });
  return id;
}

function weekFrom(now: Date): string {
  return new Date(now.getTime() + 7 * 86_400_000).toISOString().slice(0, 10);
}

/** What a finished action says, by a code in the address (never text from the address itself). */
function noticeFor(c: Ctx): string | undefined {
  const done = c.req.query("done") ?? "";
  const n = Number(c.req.query("n") ?? "0");
  if (done === "picked") {
    const entry = parseRowId(c.req.query("entry") ?? "");
    return entry === null ? `${n} picked as draft entries.` : `Picked: draft entry #${entry}.`;
  }
  if (done === "dismissed") return `${n} dismissed.`;
  if (done === "snoozed") return `${n} snoozed.`;
  return undefined;
}

/** JSON for inbox.js (which asks for it); a redirect back to the list for a plain form post. */
function answer(c: Ctx, json: Record<string, unknown>, query: string) {
  if ((c.req.header("accept") ?? "").includes("application/json")) return c.json(json);
  const back = c.req.header("referer");
  // Back to the list with its filters when the post came from it, else the plain list.
  let path = "/desk/inbox";
  try {
    const url = back ? new URL(back) : null;
    if (url?.pathname === "/desk/inbox") {
      url.searchParams.delete("done");
      url.searchParams.delete("n");
      url.searchParams.delete("entry");
      path = `/desk/inbox${url.search ? `${url.search}&` : "?"}`;
    } else path = "/desk/inbox?";
  } catch {
    path = "/desk/inbox?";
  }
  return c.redirect(`${path}${query}`, 303);
}

/** What a decision set aside with it: the keyboard's script takes those rows out too. */
const asideText = (ids: number[]) =>
  ids.length
    ? `; set aside its possible duplicate${ids.length > 1 ? "s" : ""} ${ids.map((i) => `#${i}`).join(", ")}`
    : "";

/** A decision's retraining, if due, runs after the answer (background.ts), never inside it. */
function retrainSoon(c: Ctx) {
  return (now: string) => c.var.inbox.jobs.retrainSoon(now);
}

function idParam(c: Ctx): number {
  const id = parseRowId(c.req.param("id"));
  if (id === null) throw new SummaError("not_found", `There is no inbox candidate "${c.req.param("id")}"`);
  return id;
}

async function summarizerOf(c: Ctx, value: string) {
  if (!value) return null;
  const id = parseRowId(value);
  if (id === null)
    throw new SummaError("input.invalid", `summarizer: "${value.slice(0, 20)}" is not a team member`);
  return findSummarizer(c.var.store, id);
}

/** /desk/inbox: triage of the candidate inbox (editors and admins). */
export function inboxRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("*", requireDesk("inbox.triage"));
  app.route("/sources", inboxSourcesRoutes());
  app.route("/import", inboxImportRoutes());

  app.get("/", async (c) => {
    const filters: InboxFilters = {
      status: c.req.query("status") ?? "",
      source: c.req.query("source") ?? "",
      from: c.req.query("from") ?? "",
      to: c.req.query("to") ?? "",
      category: c.req.query("category") ?? "",
    };
    const page = pageNumber(c.req.query("page"));
    const only = onlyId(c.req.query("id"));
    const now = new Date();
    const list = await listInbox(
      c.var.store,
      {
        status: filters.status,
        source: filters.source,
        from: filters.from,
        to: filters.to,
        category: filters.category,
        limit: LIMIT,
        offset: (page - 1) * LIMIT,
        ...(only === null ? {} : { id: only }),
      },
      now.toISOString(),
    );
    const taxonomy = await loadTaxonomy(c.var.store);
    const members = (await teamMembers(c.var.store)).filter((m) => !m.disabled);
    return c.html(
      <InboxPage
        site={c.var.site}
        session={c.var.session!}
        list={list}
        filters={filters}
        page={page}
        pageSize={LIMIT}
        only={only}
        categories={taxonomy.flatMap((s) => s.categories)}
        summarizers={members}
        snoozeUntil={weekFrom(now)}
        notice={noticeFor(c)}
      />,
    );
  });

  app.post("/bulk", async (c) => {
    const body = await c.req.parseBody({ all: true });
    const raw = body.id;
    const ids = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((v) =>
      typeof v === "string" ? parseRowId(v) : null,
    );
    if (ids.some((id) => id === null))
      throw new SummaError("input.invalid", "The selection names something that is not a candidate", {
        field: "id",
      });
    const chosen = ids as number[];
    const action = formText(body, "action");
    const editor = c.var.session!.user;
    const now = new Date().toISOString();
    if (action === "dismiss") {
      const n = await dismissCandidates(c.var.store, editor, chosen, now, { retrain: retrainSoon(c) });
      return answer(c, { dismissed: n }, `done=dismissed&n=${n}`);
    }
    if (action === "snooze") {
      const n = await snoozeCandidates(c.var.store, chosen, formText(body, "until"));
      return answer(c, { snoozed: n }, `done=snoozed&n=${n}`);
    }
    if (action === "pick") {
      if (chosen.length === 0)
        throw new SummaError("input.invalid", "No inbox candidates were chosen", { field: "id" });
      const summarizer = await summarizerOf(c, formText(body, "summarizer"));
      const entries: number[] = [];
      // One by one: each pick is its own transaction; a refusal names the candidate it stopped at.
      for (const id of chosen)
        entries.push(
          (await pickCandidate(c.var.store, editor, id, { summarizer, now, retrain: retrainSoon(c) })).id,
        );
      return answer(c, { picked: entries }, `done=picked&n=${entries.length}`);
    }
    throw new SummaError("input.invalid", `action: "${action.slice(0, 20)}" is not pick, dismiss or snooze`, {
      field: "action",
    });
  });

  app.post("/:id/pick", async (c) => {
    const id = idParam(c);
    const body = await c.req.parseBody();
    const category = formText(body, "accept") || formText(body, "category");
    const summarizer = await summarizerOf(c, formText(body, "summarizer"));
    const entry = await pickCandidate(c.var.store, c.var.session!.user, id, {
      summarizer,
      ...(category ? { category } : {}),
      now: new Date().toISOString(),
      retrain: retrainSoon(c),
    });
    const item = await getInboxItem(c.var.store, id);
    const setAside = await setAsideWith(c.var.store, id);
    return answer(
      c,
      {
        entry: entry.id,
        message: `Picked “${item.title}” as draft entry #${entry.id} in ${entry.category}${summarizer ? ` for ${summarizer.name}` : ""}${asideText(setAside)}`,
        setAside,
      },
      `done=picked&entry=${entry.id}`,
    );
  });

  app.post("/:id/dismiss", async (c) => {
    const id = idParam(c);
    await dismissCandidates(c.var.store, c.var.session!.user, [id], new Date().toISOString(), {
      retrain: retrainSoon(c),
    });
    const item = await getInboxItem(c.var.store, id);
    const setAside = await setAsideWith(c.var.store, id);
    return answer(
      c,
      { message: `Dismissed “${item.title}”${asideText(setAside)}`, setAside },
      "done=dismissed&n=1",
    );
  });

  app.post("/:id/snooze", async (c) => {
    const id = idParam(c);
    const until = formText(await c.req.parseBody(), "until") || weekFrom(new Date());
    await snoozeCandidates(c.var.store, [id], until);
    const item = await getInboxItem(c.var.store, id);
    return answer(c, { message: `Snoozed “${item.title}” until ${until}` }, "done=snoozed&n=1");
  });
  return app;
}
