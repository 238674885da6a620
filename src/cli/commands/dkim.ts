import { writeFileSync } from "node:fs";
import { type Command, InvalidArgumentError, Option } from "commander";
import { SummaError } from "../../domain/errors.ts";
import { checkSelector, dkimDnsRecord, dkimKey, generateDkimKey } from "../../mail/index.ts";
import { positiveInt } from "../args.ts";
import { commandContext, invocationOf } from "../context.ts";
import { exitCodeFor, reportError } from "../errors.ts";

interface KeygenOptions {
  selector: string;
  type: "rsa" | "ed25519";
  bits: number;
  out: string;
  domain?: string;
}

function selector(value: string): string {
  try {
    return checkSelector(value, "--selector");
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

/**
 * `summa dkim keygen`: makes a signing key and prints the DNS record that publishes it. The key
 * goes to a file of its own (mode 0600, never over an existing file), not into the database:
 * the processes that send read it through DKIM_KEYS.
 */
export function registerDkim(program: Command): void {
  const dkim = program
    .command("dkim")
    .description("DKIM signing keys: generate one and print the DNS record to publish (subcommand: keygen)");
  dkim
    .command("keygen")
    .description(
      "write a new private key to --out (mode 0600; an existing file is never replaced) and print its DNS TXT record",
    )
    .requiredOption("--selector <name>", "the selector it is published under, e.g. s2024", selector)
    .addOption(new Option("--type <type>", "key type").choices(["rsa", "ed25519"]).default("rsa"))
    .option("--bits <n>", "RSA key size (2048 to 4096)", positiveInt, 2048)
    .requiredOption("--out <file>", "where to write the private key (PEM)")
    .option("--domain <domain>", "the signing domain, for the record's name (default: $DKIM_DOMAIN)")
    .action((opts: KeygenOptions, cmd: Command) => {
      const ctx = commandContext(cmd);
      try {
        const pem = generateDkimKey(opts.type, opts.bits);
        try {
          // "wx": fails if the file exists, so a key in use is never lost to a typo.
          writeFileSync(opts.out, pem, { mode: 0o600, flag: "wx" });
        } catch (err) {
          const e = err as NodeJS.ErrnoException;
          throw new SummaError(
            "input.invalid",
            e.code === "EEXIST"
              ? `${opts.out} already exists: summa dkim keygen never replaces a key file (choose another --out)`
              : `cannot write ${opts.out}: ${e.message}`,
          );
        }
        const key = dkimKey(pem, opts.selector, opts.out);
        const domain = opts.domain ?? ctx.config.dkim.DKIM_DOMAIN;
        const record = dkimDnsRecord(key, domain ?? "YOUR-FROM-DOMAIN");
        const kind = opts.type === "rsa" ? `rsa-${opts.bits}` : "ed25519";
        if (ctx.json)
          return ctx.printJson({
            selector: opts.selector,
            type: kind,
            file: opts.out,
            domain: domain ?? null,
            record,
          });
        ctx.out(
          `Wrote a ${kind} private key to ${opts.out} (mode 600). Keep it secret: back it up, never commit it.\n\n` +
            `Publish this DNS TXT record${domain ? "" : " (YOUR-FROM-DOMAIN: the domain of newsletter.from_address)"}:\n` +
            `  name:  ${record.name}\n  value: ${record.value}\n\nor, in a zone file:\n  ${record.zoneLine}\n\n` +
            `Once it resolves, sign with it: DKIM_KEYS=${opts.selector}:${opts.out} (several keys: comma-separated)\n`,
        );
      } catch (err) {
        reportError(err, ctx.config.json, ctx.io);
        invocationOf(cmd).exitCode = exitCodeFor(err);
      }
    });
}
