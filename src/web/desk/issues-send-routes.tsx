import type { Context, Hono } from "hono";
import {
  cancelSend,
  pauseSend,
  resumeSend,
  sendTestCopies,
  sendTestMessage,
  startSend,
} from "../../delivery/index.ts";
import { SummaError } from "../../domain/errors.ts";
import type { AppEnv } from "../env.ts";
import { httpStatusFor } from "../http-errors.ts";
import { loadSendPanel } from "./issues-send.tsx";
import { SendPage } from "./issues-send-page.tsx";

type Ctx = Context<AppEnv>;

async function field(c: Ctx, name: string): Promise<string> {
  const value = (await c.req.parseBody())[name];
  return typeof value === "string" ? value.trim() : "";
}

/**
 * A datetime-local value ("2024-05-01T09:00"), read as UTC as the label says; empty is now.
 * `what` names the field in the refusal ("The send time").
 */
export function formTime(value: string, what = "The send time"): Date | undefined {
  if (!value) return undefined;
  const d = new Date(/[zZ]|[+-]\d\d:\d\d$/.test(value) ? value : `${value}Z`);
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(value) || Number.isNaN(d.getTime()))
    throw new SummaError("input.invalid", `${what} is not a date and time`);
  return d;
}

function sendRate(value: string): number | null {
  if (!value) return null;
  const r = Number(value);
  if (!Number.isFinite(r) || r <= 0)
    throw new SummaError("input.invalid", "Messages per second: a number above 0");
  return r;
}

/**
 * Mounts /desk/issues/:n/send (GET: the panel on a page of its own, refreshing while a send
 * runs) and its POST actions on the issues routes, which already require an editor; every POST
 * carries the session's CSRF token like every desk form.
 */
export function mountSendRoutes(app: Hono<AppEnv>, issueNumber: (c: Ctx) => number): void {
  const label = (c: Ctx, number: number) => `${c.var.site.prefix} #${number}`.trim();
  const page = async (c: Ctx, opts: { done?: string; error?: SummaError }) => {
    const number = issueNumber(c);
    const data = await loadSendPanel(c.var.store, number, label(c, number));
    // A plain page that follows a running send: the browser reloads it every few seconds.
    // It reloads the page's own address without ?done=, so the notice of the action that started
    // the send is not repeated once the send has moved on.
    if (data.send && ["scheduled", "sending"].includes(data.send.status))
      c.header("Refresh", `5; url=/desk/issues/${number}/send`);
    c.header("Cache-Control", "no-store");
    return c.html(
      <SendPage
        site={c.var.site}
        session={c.var.session!}
        data={data}
        done={opts.done}
        error={opts.error?.message}
      />,
      opts.error ? httpStatusFor(opts.error.code) : 200,
    );
  };
  /** Runs an action; a refusal a person can act on is shown on the page, anything else is a bug. */
  const act = (run: (c: Ctx, n: number) => Promise<string>) => async (c: Ctx) => {
    const number = issueNumber(c);
    try {
      const done = await run(c, number);
      return c.redirect(`/desk/issues/${number}/send?done=${done}`, 303);
    } catch (err) {
      if (!(err instanceof SummaError) || err.code === "auth.csrf") throw err;
      return page(c, { error: err });
    }
  };

  app.get("/:n{[0-9]+}/send", (c) => page(c, { done: c.req.query("done") }));
  app.post(
    "/:n{[0-9]+}/send",
    act(async (c, number) => {
      const at = formTime(await field(c, "at"));
      const ratePerSecond = sendRate(await field(c, "rate"));
      const s = await startSend(c.var.store, {
        issueNumber: number,
        at,
        ratePerSecond,
        createdBy: c.var.session!.user.email,
      });
      return s.status === "scheduled" ? "scheduled" : "started";
    }),
  );
  app.post(
    "/:n{[0-9]+}/send/test",
    act(async (c, number) => {
      if (!c.var.mail)
        throw new SummaError("config.invalid", "SMTP_URL is not set on this server: it cannot send email");
      const edition = (await field(c, "edition")) === "highlights" ? "highlights" : "full";
      await sendTestMessage(c.var.store, c.var.mail, {
        issueNumber: number,
        to: await field(c, "to"),
        edition,
      });
      return "tested";
    }),
  );
  app.post(
    "/:n{[0-9]+}/send/test-list",
    act(async (c, number) => {
      if (!c.var.mail)
        throw new SummaError("config.invalid", "SMTP_URL is not set on this server: it cannot send email");
      const results = await sendTestCopies(c.var.store, c.var.mail, { issueNumber: number });
      const refused = results.flatMap((r) => ("error" in r ? [`${r.to} (${r.error})`] : []));
      if (refused.length)
        throw new SummaError(
          "input.invalid",
          `The mail server did not take ${refused.length} of ${results.length} test copies: ${refused.join("; ")}`,
        );
      return "tested-list";
    }),
  );
  const lifecycle = {
    pause: [pauseSend, "paused"],
    resume: [resumeSend, "resumed"],
    cancel: [cancelSend, "cancelled"],
  } as const;
  for (const [action, [change, done]] of Object.entries(lifecycle))
    app.post(
      `/:n{[0-9]+}/send/${action}`,
      act(async (c, number) => {
        await change(c.var.store, number);
        return done;
      }),
    );
}
