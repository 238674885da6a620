import { processIo } from "./io.ts";
import { runCli } from "./run.ts";

// The process ends when the command's work is done; only its exit code is set here.
process.exitCode = await runCli(process.argv.slice(2), processIo());
