import { Hono } from "hono";
import { SummaError } from "../../domain/errors.ts";
import {
  addSubscriberOnDesk,
  browseSubscribers,
  loadWelcomeTemplate,
  parseSubscriberFilter,
  saveWelcomeTemplate,
  setSubscriberTester,
  subscriberCsvLines,
  subscriberHistory,
  unsubscribeSubscriber,
} from "../../subscribers/index.ts";
import type { AppEnv } from "../env.ts";
import { Page } from "../layout.tsx";
import { formText } from "../params.ts";
import { requireDesk } from "../security.ts";
import { SubscriberPage } from "./subscriber-page.tsx";
import { AddSubscriberForm, SubscriberListPage } from "./subscribers-list.tsx";
import { WelcomePage } from "./welcome.tsx";

/**
 * /desk/subscribers, for editors and admins (subscribers.manage): the list with search,
 * filters, counts and pages; one subscriber's history with unsubscribe and the test-list
 * toggle; the operator's add (consent vouched for, no confirmation email); the CSV export
 * (`summa subscribers export`'s columns); the welcome email.
 */

const NOTICES: Record<string, string> = {
  added: "Subscriber added.",
  unsubscribed: "Unsubscribed.",
  tester: "Test list changed.",
};

/** A path's numeric id, or not_found (so /desk/subscribers/abc is a 404, not a 500). */
function idParam(raw: string): number {
  if (!/^\d{1,15}$/.test(raw))
    throw new SummaError("not_found", `No subscriber has the id ${raw.slice(0, 20)}`);
  return Number(raw);
}

export function subscribersRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("*", requireDesk("subscribers.manage"));

  app.get("/", async (c) => {
    const filter = parseSubscriberFilter(c.req.query());
    const list = await browseSubscribers(c.var.store, filter, Number(c.req.query("page") ?? "1"));
    const notice = NOTICES[c.req.query("done") ?? ""];
    return c.html(
      <SubscriberListPage
        site={c.var.site}
        session={c.var.session!}
        filter={filter}
        list={list}
        notice={notice}
      />,
    );
  });

  // The same rows and columns as `summa subscribers export` (importSubscribers reads it back),
  // streamed a page at a time. Only the status narrows it, as in the CLI.
  app.get("/export.csv", (c) => {
    const { status } = parseSubscriberFilter({ status: c.req.query("status") });
    const lines = subscriberCsvLines(c.var.store, { status })[Symbol.asyncIterator]();
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await lines.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
      async cancel() {
        await lines.return?.();
      },
    });
    const day = new Date().toISOString().slice(0, 10);
    return c.body(body, 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="subscribers-${status ?? "all"}-${day}.csv"`,
    });
  });

  app.post("/", async (c) => {
    const body = await c.req.parseBody();
    const values = {
      email: formText(body, "email"),
      name: formText(body, "name"),
      edition: formText(body, "edition"),
    };
    try {
      if (formText(body, "consent") !== "yes")
        throw new SummaError(
          "input.invalid",
          "Tick the box to say this person asked to receive the newsletter",
        );
      const edition = values.edition === "highlights" ? "highlights" : "full";
      const subscriber = await addSubscriberOnDesk(c.var.store, {
        email: values.email,
        name: values.name,
        edition,
      });
      return c.redirect(`/desk/subscribers/${subscriber.id}?done=added`, 303);
    } catch (err) {
      if (!(err instanceof SummaError) || (err.code !== "input.invalid" && err.code !== "conflict"))
        throw err;
      const knownId = typeof err.details.id === "number" ? err.details.id : null;
      return c.html(
        <Page site={c.var.site} title="Add a subscriber" session={c.var.session!} current="subscribers">
          <p>
            <a href="/desk/subscribers">← Subscribers</a>
          </p>
          {knownId !== null ? (
            <p>
              <a href={`/desk/subscribers/${knownId}`}>Open {values.email.trim().toLowerCase()}'s page</a>
            </p>
          ) : null}
          <AddSubscriberForm csrf={c.var.session!.csrfToken} values={values} error={err.message} />
        </Page>,
        err.code === "conflict" ? 409 : 422,
      );
    }
  });

  app.get("/welcome", async (c) =>
    c.html(
      <WelcomePage
        site={c.var.site}
        session={c.var.session!}
        template={await loadWelcomeTemplate(c.var.store)}
        saved={c.req.query("saved") === "1"}
      />,
    ),
  );

  app.post("/welcome", async (c) => {
    const body = await c.req.parseBody();
    const input = {
      enabled: formText(body, "enabled") === "on",
      subject: formText(body, "subject"),
      body: formText(body, "body"),
    };
    try {
      await saveWelcomeTemplate(c.var.store, input, c.var.session!.user.email);
      return c.redirect("/desk/subscribers/welcome?saved=1", 303);
    } catch (err) {
      if (!(err instanceof SummaError) || err.code !== "input.invalid") throw err;
      return c.html(
        <WelcomePage
          site={c.var.site}
          session={c.var.session!}
          template={{ ...input, updatedAt: null, updatedBy: "" }}
          error={{ field: String(err.details.field ?? ""), message: err.message }}
        />,
        422,
      );
    }
  });

  app.get("/:id", async (c) => {
    const history = await subscriberHistory(c.var.store, idParam(c.req.param("id")));
    const notice = NOTICES[c.req.query("done") ?? ""];
    return c.html(
      <SubscriberPage site={c.var.site} session={c.var.session!} history={history} notice={notice} />,
    );
  });

  app.post("/:id/unsubscribe", async (c) => {
    const id = idParam(c.req.param("id"));
    const result = await unsubscribeSubscriber(c.var.store, id, { via: "operator" });
    if (!result) throw new SummaError("not_found", `No subscriber has the id ${id}`);
    return c.redirect(`/desk/subscribers/${id}?done=unsubscribed`, 303);
  });

  app.post("/:id/tester", async (c) => {
    const id = idParam(c.req.param("id"));
    const body = await c.req.parseBody();
    await setSubscriberTester(c.var.store, id, formText(body, "tester") === "1");
    return c.redirect(`/desk/subscribers/${id}?done=tester`, 303);
  });
  return app;
}
