import { type Context, Hono } from "hono";
import type { StaffSession } from "../../accounts/index.ts";
import { SummaError } from "../../domain/errors.ts";
import { NUMBERS_BLOCK_LABELS, NUMBERS_BLOCKS, type NumbersBlock } from "../../domain/numbers-blocks.ts";
import { changeSetting } from "../../newsletter/index.ts";
import {
  type CsvTable,
  loadNumbers,
  type Numbers,
  numbersTables,
  publicNumbersBlocks,
} from "../../stats/index.ts";
import { csvResponse, NumbersBlocks } from "../charts/numbers-view.tsx";
import type { AppEnv, Site } from "../env.ts";
import { Page } from "../layout.tsx";
import { CSRF_FIELD, requireDesk } from "../security.ts";

function DeskNumbersPage(p: {
  site: Site;
  session: StaffSession;
  numbers: Numbers;
  tables: CsvTable[];
  publicBlocks: NumbersBlock[];
  saved: boolean;
  error?: string;
}) {
  return (
    <Page site={p.site} title="Numbers" session={p.session} current="numbers">
      <h1>The numbers</h1>
      <p>
        Every figure, from the database as it is now. The public page, <a href="/numbers">/numbers</a>, shows
        only the blocks ticked below. <code>summa stats --json</code> prints the same series.
      </p>
      {p.saved ? (
        <p class="notice ok" role="status">
          Saved: the public page shows the blocks ticked.
        </p>
      ) : null}
      {p.error ? (
        <p class="notice error" role="alert">
          {p.error}
        </p>
      ) : null}
      <form method="post" action="/desk/numbers/public" class="card">
        <input type="hidden" name={CSRF_FIELD} value={p.session.csrfToken} />
        <fieldset>
          <legend>Public on /numbers</legend>
          {NUMBERS_BLOCKS.map((b) => (
            <label class="checkbox">
              <input type="checkbox" name="block" value={b} checked={p.publicBlocks.includes(b)} />{" "}
              {NUMBERS_BLOCK_LABELS[b]}
              {b === "subscribers" || b === "sends" ? " (about readers)" : ""}
            </label>
          ))}
        </fieldset>
        <div class="actions">
          <button type="submit">Save</button>
        </div>
      </form>
      <NumbersBlocks
        numbers={p.numbers}
        blocks={NUMBERS_BLOCKS}
        tables={p.tables}
        csvBase="/desk/numbers"
        prefix={p.site.prefix}
      />
    </Page>
  );
}

/** /desk/numbers: every block of the numbers, the choice of the public ones, and each series as CSV. */
export function numbersRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Reader figures are about the list: the same people who keep the list read them.
  app.use("*", requireDesk("subscribers.manage"));
  const page = async (c: Context<AppEnv>, options: { saved?: boolean; error?: string } = {}) => {
    const numbers = await loadNumbers(c.var.store, { readers: true });
    return (
      <DeskNumbersPage
        site={c.var.site}
        session={c.var.session!}
        numbers={numbers}
        tables={numbersTables(numbers)}
        publicBlocks={await publicNumbersBlocks(c.var.store)}
        saved={options.saved ?? false}
        {...(options.error ? { error: options.error } : {})}
      />
    );
  };
  app.get("/", async (c) => c.html(await page(c, { saved: c.req.query("saved") === "1" })));
  app.post("/public", async (c) => {
    const body = await c.req.parseBody({ all: true });
    const picked = body.block === undefined ? [] : [body.block].flat();
    if (picked.some((b) => typeof b !== "string"))
      throw new SummaError("input.invalid", "block: expected the names of blocks");
    try {
      await changeSetting(c.var.store, "numbers.public_blocks", (picked as string[]).join(","));
    } catch (err) {
      // A forged form naming a block that does not exist: said on the page, nothing saved.
      if (!(err instanceof SummaError) || err.code !== "config.invalid") throw err;
      return c.html(await page(c, { error: err.message }), 422);
    }
    return c.redirect("/desk/numbers?saved=1", 303);
  });
  app.get("/:file{[a-z0-9-]+\\.csv}", async (c) => {
    const name = c.req.param("file").replace(/\.csv$/, "");
    const table = numbersTables(await loadNumbers(c.var.store, { readers: true })).find(
      (t) => t.name === name,
    );
    if (!table) throw new SummaError("not_found", `There is no series "${name}"`);
    return csvResponse(table);
  });
  return app;
}
