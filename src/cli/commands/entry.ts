import type { Command } from "commander";
import { metadataClient } from "../../metadata/index.ts";
import { commandContext, invocationOf } from "../context.ts";
import { exitCodeFor, reportError } from "../errors.ts";

interface FillOptions {
  arxivApi?: string;
  doiResolver?: string;
  allowPrivate?: boolean;
  timeout: string;
}

/**
 * `summa entry fill URL`: the title, authors, venue and year arXiv or a DOI's registrar gives
 * for a paper, as the desk's "Fill from URL" does. Needs no database.
 */
export function registerEntry(program: Command): void {
  const entry = program.command("entry").description("one entry's helpers (subcommand: fill)");
  entry
    .command("fill")
    .description("print the title, authors, venue and year of an arXiv or DOI address (arXiv API; doi.org)")
    .argument("<url>", "an arXiv link or id (2301.01234, hep-th/9901001) or a DOI (link or 10.x/y)")
    .option("--arxiv-api <url>", "the arXiv API's query address (default https://export.arxiv.org/api/query)")
    .option("--doi-resolver <url>", "the DOI resolver (default https://doi.org/)")
    .option("--allow-private", "allow addresses on this machine or a private network (a local mirror)")
    .option("--timeout <ms>", "give up after this many milliseconds", "10000")
    .action(async (url: string, opts: FillOptions, cmd: Command) => {
      const ctx = commandContext(cmd);
      try {
        const client = metadataClient({
          arxivApiUrl: opts.arxivApi,
          doiResolverUrl: opts.doiResolver,
          allowPrivate: opts.allowPrivate === true,
          timeoutMs: Number(opts.timeout) > 0 ? Number(opts.timeout) : 10_000,
        });
        const paper = await client.lookup(url);
        if (ctx.json) return ctx.printJson(paper);
        ctx.out(
          `${[
            `Title:   ${paper.title}`,
            `Authors: ${paper.authors.join(", ")}`,
            `Venue:   ${paper.venue}`,
            `Year:    ${paper.year ?? ""}`,
            `URL:     ${paper.url}`,
          ].join("\n")}\n`,
        );
      } catch (err) {
        reportError(err, ctx.config.json, ctx.io);
        invocationOf(cmd).exitCode = exitCodeFor(err);
      }
    });
}
