/**
 * Where a command line's output goes and what it reads: the process's own streams for a person
 * at a terminal (bin/summa.js), or buffers for a test that runs `summa` in its own process.
 */
export interface CliOutput {
  write(text: string): unknown;
  /** A terminal: progress bars and help colours only then. */
  isTTY?: boolean;
  /** The terminal's width, for tables and help. */
  columns?: number;
}

export interface CliIo {
  stdout: CliOutput;
  stderr: CliOutput;
  /** All of standard input, as text (`user add --password-stdin`, `issue set --intro -`). */
  readStdin(): Promise<string>;
  /** The environment the configuration is read from (src/cli/config.ts). */
  env: Readonly<Record<string, string | undefined>>;
}

/** The running process's streams and environment. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    async readStdin() {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
    env: process.env,
  };
}
