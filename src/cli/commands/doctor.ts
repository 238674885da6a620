import type { Command } from "commander";
import {
  type DkimStatus,
  type DoctorFacts,
  type DoctorReport,
  diagnose,
  doctorFacts,
  factsWithoutDatabase,
} from "../../newsletter/index.ts";
import { type CommandContext, withStore } from "../context.ts";

/** The exit code when a check fails: 2, configuration, as for config.incomplete. */
export const DOCTOR_FAILED_EXIT = 2;

/**
 * Whether DKIM signing is configured, from the environment. For now it only sees whether the
 * variables are set; src/mail's key loader (DKIM_KEYS, or DKIM_PRIVATE_KEY with DKIM_SELECTOR)
 * is to replace it, giving each key's selector and its public TXT record.
 */
export function dkimStatus(env: Readonly<Record<string, string | undefined>>): DkimStatus {
  const set = (name: string) => Boolean(env[name]?.trim());
  if (set("DKIM_KEYS")) return { configured: true, detail: "DKIM_KEYS is set", records: [] };
  if (set("DKIM_PRIVATE_KEY") && set("DKIM_SELECTOR"))
    return {
      configured: true,
      detail: `DKIM_PRIVATE_KEY is set, selector ${env.DKIM_SELECTOR!.trim()}`,
      records: [],
    };
  return {
    configured: false,
    detail: "no DKIM key configured (set DKIM_KEYS, or DKIM_PRIVATE_KEY and DKIM_SELECTOR)",
    records: [],
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
  const report = diagnose(facts, { smtpUrl: ctx.config.smtpUrl, dkim: dkimStatus(ctx.io.env) });
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
