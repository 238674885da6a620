import type { Command } from "commander";
import { type DkimEnv, dkimDnsRecord, loadDkimKeys } from "../../mail/index.ts";
import {
  type DkimStatus,
  type DnsRecord,
  type DoctorFacts,
  type DoctorReport,
  diagnose,
  doctorFacts,
  emailDomain,
  factsWithoutDatabase,
} from "../../newsletter/index.ts";
import { type CommandContext, withStore } from "../context.ts";

/** The exit code when a check fails: 2, configuration, as for config.incomplete. */
export const DOCTOR_FAILED_EXIT = 2;

/**
 * DKIM as the environment configures it (DKIM_KEYS, or DKIM_PRIVATE_KEY with DKIM_SELECTOR;
 * DKIM_DOMAIN), read with the same loader that signs (src/mail), so a key the doctor accepts is
 * one the worker can use. Each key's TXT record is for DKIM_DOMAIN, else the From domain (the
 * d= messages carry). A key that cannot be read fails the check with the loader's words; a
 * DKIM_DOMAIN that is neither the From domain nor a parent of it fails DMARC alignment.
 */
export function dkimStatus(env: DkimEnv, fromAddress: string): DkimStatus {
  let setup: ReturnType<typeof loadDkimKeys>;
  try {
    setup = loadDkimKeys(env);
  } catch (err) {
    return { configured: false, detail: err instanceof Error ? err.message : String(err), records: [] };
  }
  if (setup.keys.length === 0)
    return {
      configured: false,
      detail: "no DKIM key configured (set DKIM_KEYS, or DKIM_PRIVATE_KEY and DKIM_SELECTOR)",
      records: [],
    };
  const from = emailDomain(fromAddress);
  const domain = (setup.domain ?? from).toLowerCase();
  const keys = setup.keys.map((k) => `${k.selector} (${k.privateKey.asymmetricKeyType})`).join(", ");
  const records: DnsRecord[] = setup.keys.map((key) => {
    const record = dkimDnsRecord(key, domain);
    return {
      type: "TXT",
      name: record.name,
      value: record.value,
      note: `DKIM: the public half of selector ${key.selector}'s key (in a zone file: ${record.strings.length} quoted string${record.strings.length === 1 ? "" : "s"} of at most 255 characters, as summa dkim keygen prints).`,
    };
  });
  if (from && domain !== from && !from.endsWith(`.${domain}`))
    return {
      configured: false,
      detail: `DKIM signs for ${domain} (DKIM_DOMAIN), which is not the From domain ${from} nor a parent of it: DMARC will not count the signature`,
      records,
    };
  return {
    configured: true,
    detail: `${setup.keys.length} key${setup.keys.length === 1 ? "" : "s"} sign${setup.keys.length === 1 ? "s" : ""} as d=${domain}: ${keys}`,
    records,
  };
}

const LABEL = { ok: "ok  ", warn: "WARN", fail: "FAIL" } as const;

/** The report as a person reads it: each check, then the records to publish. */
export function formatDoctorReport(report: DoctorReport): string {
  const failed = report.checks.filter((c) => c.status === "fail").length;
  const warned = report.checks.filter((c) => c.status === "warn").length;
  const width = Math.max(...report.checks.map((c) => c.name.length));
  const lines = [
    failed
      ? `${failed} of ${report.checks.length} checks failed${warned ? `, ${warned} warned` : ""}: not ready to send to subscribers`
      : `All ${report.checks.length} checks passed${warned ? ` (${warned} warned)` : ""}`,
    "",
  ];
  for (const c of report.checks) {
    lines.push(`  ${LABEL[c.status]}  ${c.name.padEnd(width)}  ${c.detail}`);
    if (c.fix && c.status !== "ok") lines.push(`        ${" ".repeat(width)}  fix: ${c.fix}`);
  }
  lines.push("");
  if (report.records.length === 0)
    lines.push("DNS records: set a From address at your own domain to see what to publish.");
  else {
    lines.push("DNS records to publish:");
    for (const r of report.records)
      lines.push(
        "",
        `  ${r.name}  ${r.type}  ${r.type === "TXT" ? `"${r.value}"` : r.value}`,
        `    ${r.note}`,
      );
  }
  return `${lines.join("\n")}\n`;
}

function print(facts: DoctorFacts, ctx: CommandContext): void {
  const report = diagnose(facts, {
    smtpUrl: ctx.config.smtpUrl,
    dkim: dkimStatus(ctx.config.dkim, facts.fromAddress),
  });
  if (ctx.json) ctx.printJson(report);
  else ctx.out(formatDoctorReport(report));
  if (!report.ok) ctx.setExitCode(DOCTOR_FAILED_EXIT);
}

/** `summa doctor [--json]`: what is missing before sending from your own domain (exit 2 if anything is). */
export function registerDoctor(program: Command): void {
  program
    .command("doctor")
    .description(
      "check the settings and environment that sending from your own domain needs (https site, From " +
        "domain, SMTP, DKIM, bounce and postal addresses, test list) and print the DNS records to publish " +
        "(SPF, DKIM, DMARC, MX); exit code 2 when a check fails",
    )
    .action(async (_opts, cmd: Command) =>
      withStore(cmd, async (store, ctx) => print(await doctorFacts(store), ctx), {
        ifMissing: async (why, ctx) => print(factsWithoutDatabase(why.message), ctx),
      }),
    );
}
