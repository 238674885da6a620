import type { Command } from "commander";
import { loadFeedIssues, loadFeedSite } from "../../archive/index.ts";
import { normalizeBaseUrl, parseFeedFormat, renderFeed } from "../../formats/render/feeds.ts";
import { releaseDueIssues } from "../../issues/index.ts";
import { positiveInt } from "../args.ts";
import { withStore } from "../context.ts";

/** `summa feed [--format rss|atom|json] [--limit N] [--base-url URL]`: a feed of the latest issues on stdout. */
export function registerFeed(program: Command): void {
  program
    .command("feed")
    .description(
      "print a feed of the latest issues with their full content: RSS 2.0, Atom 1.0 or JSON Feed 1.1",
    )
    .option("-f, --format <format>", "rss, atom or json", "rss")
    .option("-n, --limit <n>", "how many issues, newest first", positiveInt, 20)
    .option("--base-url <url>", "the archive's public address (default: the newsletter.site_url setting)")
    .action(async (opts: { format: string; limit: number; baseUrl?: string }, cmd: Command) =>
      withStore(cmd, async (store, { out }) => {
        const format = parseFeedFormat(opts.format);
        const site = await loadFeedSite(store, opts.baseUrl);
        // Checked before loading any issue, so a bad address fails fast.
        normalizeBaseUrl(site.baseUrl);
        // As the site does before every request: an issue whose scheduled time has come is public.
        await releaseDueIssues(store);
        out(renderFeed(format, await loadFeedIssues(store, opts.limit), site));
      }),
    );
}
