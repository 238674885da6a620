import { Hono } from "hono";
import { type PossibleDuplicate, possibleDuplicates } from "../../entries/index.ts";
import type { AppEnv } from "../env.ts";
import { parseRowId } from "../params.ts";

/** "AN #42", or where an unsent entry is. */
function where(d: PossibleDuplicate): string {
  return d.issueLabel || `entry #${d.id}, not sent yet`;
}

/**
 * The warning a save shows when the entry repeats one already in the database (same address,
 * or the same title): not an error, so "Save anyway" (outside the form, tied to it by `form`)
 * saves it as typed.
 */
export function DuplicateWarning({ duplicates }: { duplicates: PossibleDuplicate[] }) {
  if (!duplicates.length) return null;
  return (
    <div class="notice error" role="alert" id="entry-duplicate-warning">
      <p>Not saved yet: this entry may already be in the database.</p>
      <ul>
        {duplicates.map((d) => (
          <li>
            Already in the database: <a href={`/desk/entries/${d.id}/edit`}>{d.title}</a> ({where(d)}),{" "}
            {d.how === "url" ? "same URL" : "same title"}
          </li>
        ))}
      </ul>
      <button type="submit" form="entry-form" name="action" value="save-anyway">
        Save anyway
      </button>
    </div>
  );
}

/** Whether a save should stop to warn: it was not "Save anyway", and something matches. */
export function wantsDuplicateCheck(action: unknown): boolean {
  return action !== "save-anyway" && action !== "preview" && action !== "fill";
}

/** GET /desk/entries/duplicates?url=&title=&id=: what desk.js warns about when URL or title loses focus. */
export function entryDuplicateRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/", async (c) => {
    c.header("Cache-Control", "no-store");
    const duplicates = await possibleDuplicates(
      c.var.store,
      { url: c.req.query("url"), title: c.req.query("title") },
      parseRowId(c.req.query("id")) ?? undefined,
    );
    return c.json({
      duplicates: duplicates.map((d) => ({
        ...d,
        href: `/desk/entries/${d.id}/edit`,
        text: `Already in the database: ${d.title} (${where(d)})`,
      })),
    });
  });
  return app;
}
