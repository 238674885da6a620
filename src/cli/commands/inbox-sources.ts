import type { Command } from "commander";
import { SummaError } from "../../domain/errors.ts";
import {
  addSource,
  type InboxSource,
  listSources,
  removeSource,
  setSourceEnabled,
  sourceAddress,
} from "../../inbox/fetching/index.ts";
import { withStore } from "../context.ts";
import { renderTable } from "../table.ts";

interface AddOptions {
  url?: string;
  query?: string;
  category?: string;
  endpoint?: string;
  venue?: string;
  max?: string;
  pageSize?: string;
}

function sourceJson(s: InboxSource) {
  const { kind, ...config } = s.config;
  return {
    name: s.name,
    kind,
    config,
    address: sourceAddress(s.config),
    enabled: s.enabled,
    etag: s.etag,
    last_modified: s.lastModified,
    cursor: s.cursor,
    last_fetched_at: s.lastFetchedAt,
    last_status: s.lastStatus,
    last_error: s.lastError,
    created_at: s.createdAt,
  };
}

/**
 * `summa inbox source add|list|remove`, added to the `inbox` command given (the inbox's other
 * commands, list, pick, fetch, import..., live beside it on the same parent).
 */
export function addInboxSourceCommands(inbox: Command): void {
  const source = inbox
    .command("source")
    .description(
      "the inbox's sources: arXiv queries and listings, feeds, forums (add, list, enable, disable, remove)",
    );
  source
    .command("add")
    .description(
      "add a source: arxiv-query NAME --query Q | arxiv-listing NAME --category cs.AI | feed NAME --url U | forum NAME [--endpoint URL]",
    )
    .argument("<kind>", "arxiv-query, arxiv-listing, feed or forum")
    .argument("<name>", "a short name of your choosing (letters, digits, . - _)")
    .option("--url <url>", "the feed's address (feed), or the listing's if not arXiv's (arxiv-listing)")
    .option("--query <query>", 'an arXiv API search_query (arxiv-query), e.g. "cat:cs.AI AND abs:alignment"')
    .option("--category <category>", "an arXiv category (arxiv-listing), e.g. cs.AI")
    .option("--endpoint <url>", "a ForumMagnum GraphQL endpoint (forum; default the Alignment Forum's)")
    .option("--venue <name>", 'the forum\'s name on its items (forum; default from the host: "LessWrong")')
    .option("--max <n>", "the most items one fetch reads (arxiv-query, forum)")
    .option("--page-size <n>", "items per request (arxiv-query, forum)")
    .action(async (kind: string, name: string, opts: AddOptions, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson }) => {
        const config: Record<string, unknown> = {
          url: opts.url,
          query: opts.query,
          category: opts.category,
          endpoint: opts.endpoint,
          venue: opts.venue,
          pageSize: opts.pageSize,
          ...(kind === "forum" ? { maxPosts: opts.max } : { maxResults: opts.max }),
        };
        const added = await addSource(store, { name, kind, config });
        if (json) return printJson(sourceJson(added));
        out(`Added ${added.kind} source ${added.name}: ${sourceAddress(added.config)}\n`);
      }),
    );
  source
    .command("list")
    .description("every source: kind, address, when it was last fetched and how that went")
    .action(async (_opts, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson, width }) => {
        const all = await listSources(store);
        if (json) return printJson(all.map(sourceJson));
        if (all.length === 0) return out("No inbox sources yet (summa inbox source add KIND NAME ...).\n");
        out(
          `${renderTable(
            all,
            [
              { header: "name", value: (s) => s.name },
              { header: "kind", value: (s) => s.kind },
              { header: "on", value: (s) => (s.enabled ? "yes" : "no") },
              {
                header: "last fetched",
                value: (s) => s.lastFetchedAt?.slice(0, 16).replace("T", " ") ?? "never",
              },
              { header: "status", value: (s) => s.lastStatus ?? "" },
              { header: "address", value: (s) => sourceAddress(s.config), flex: true },
            ],
            width,
          )}\n`,
        );
        for (const s of all.filter((x) => x.lastError)) out(`${s.name}: ${s.lastError}\n`);
      }),
    );
  source
    .command("remove")
    .description("remove a source (the candidates it brought stay in the inbox)")
    .argument("<name>")
    .action(async (name: string, _opts, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson }) => {
        if (!name.trim()) throw new SummaError("input.invalid", "name the source to remove");
        await removeSource(store, name);
        if (json) return printJson({ removed: name });
        out(`Removed inbox source ${name}\n`);
      }),
    );
  for (const [verb, on] of [
    ["enable", true],
    ["disable", false],
  ] as const)
    source
      .command(verb)
      .description(on ? "fetch this source again" : "keep this source but skip it when fetching")
      .argument("<name>")
      .action(async (name: string, _opts, cmd: Command) =>
        withStore(cmd, async (store, { json, out, printJson }) => {
          const changed = await setSourceEnabled(store, name, on);
          if (json) return printJson(sourceJson(changed));
          out(`Inbox source ${changed.name} is ${on ? "on" : "off"}\n`);
        }),
      );
}
