import { Hono } from "hono";
import { SummaError } from "../../domain/errors.ts";
import { READER_BLOCKS } from "../../domain/numbers-blocks.ts";
import { loadNumbers, numbersTables, publicNumbersBlocks } from "../../stats/index.ts";
import { csvResponse, NumbersBlocks, tableBlock } from "../charts/numbers-view.tsx";
import type { AppEnv } from "../env.ts";
import { Page } from "../layout.tsx";

/**
 * /numbers, "about the numbers": the blocks the editor made public (setting
 * numbers.public_blocks; by default the content figures, never the reader figures unless
 * chosen), and their CSV files. The reader figures are not even loaded unless public.
 */
export function numbersPageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const load = async (store: AppEnv["Variables"]["store"]) => {
    const blocks = await publicNumbersBlocks(store);
    const readers = blocks.some((b) => READER_BLOCKS.includes(b));
    const numbers = await loadNumbers(store, { readers });
    const tables = numbersTables(numbers).filter((t) => {
      const block = tableBlock(t.name);
      return block !== null && blocks.includes(block);
    });
    return { blocks, numbers, tables };
  };
  app.get("/numbers", async (c) => {
    const site = c.var.site;
    const { blocks, numbers, tables } = await load(c.var.store);
    return c.html(
      <Page
        site={site}
        title="About the numbers"
        current="numbers"
        description={`What ${site.name} has published, in numbers.`}
      >
        <section class="numbers">
          <h1>About the numbers</h1>
          {blocks.length ? (
            <p>
              Figures from every published issue, computed from the database. Words are counted as a reader
              sees them (a link counts its text). Each table can be downloaded as CSV.
            </p>
          ) : (
            <p>No figures are public yet.</p>
          )}
          <NumbersBlocks
            numbers={numbers}
            blocks={blocks}
            tables={tables}
            csvBase="/numbers"
            prefix={site.prefix}
          />
        </section>
      </Page>,
    );
  });
  app.get("/numbers/:file{[a-z0-9-]+\\.csv}", async (c) => {
    const name = c.req.param("file").replace(/\.csv$/, "");
    const table = (await load(c.var.store)).tables.find((t) => t.name === name);
    if (!table) throw new SummaError("not_found", `There is no public series "${name}"`);
    return csvResponse(table);
  });
  return app;
}
