import { spawn } from "node:child_process";
import { join } from "node:path";
import { runCli } from "../../src/cli/run.ts";
import { REPO_ROOT } from "./env.ts";

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `summa ARGS` as a user would (a child process, stdout and stderr piped, not a TTY). For
 * tests of the process boundary: the built entry point, exit codes as the shell sees them,
 * signals, terminals. Everything else runs `summaInProcess`, which is much faster.
 */
export function summa(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, "bin/summa.js"), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Runs `summa ARGS` in this process, through the same `runCli` that bin/summa.js runs, with
 * output captured as `summa` pipes it (not a terminal) and the same environment: the same
 * {code, stdout, stderr}, without starting node for every command. `stdin` is what the command
 * reads from standard input.
 */
export async function summaInProcess(
  args: string[],
  env: Record<string, string> = {},
  { stdin = "" }: { stdin?: string } = {},
): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    stdout: {
      write: (text: string) => {
        stdout += text;
      },
    },
    stderr: {
      write: (text: string) => {
        stderr += text;
      },
    },
    readStdin: async () => stdin,
    env: { ...process.env, DATABASE_URL: "", ...env },
  });
  return { code, stdout, stderr };
}
