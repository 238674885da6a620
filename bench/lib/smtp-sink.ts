/**
 * A local SMTP sink for bench/delivery.ts: smtp-server on 127.0.0.1 (a free port) that accepts
 * every message and discards it. It runs in its own process so it does not share the sender's
 * event loop or CPU time slice. Prints `{"port":N}` when listening; on each stdin line it prints
 * `{"accepted":N}` (messages so far); exits when stdin closes.
 */
import type { AddressInfo } from "node:net";
import { createInterface } from "node:readline";
import { SMTPServer } from "smtp-server";

let accepted = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  logger: false,
  onData(stream, _session, callback) {
    stream.on("data", () => {});
    stream.on("end", () => {
      accepted++;
      callback();
    });
  },
});
server.on("error", () => {});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: (server.server.address() as AddressInfo).port })}\n`);
});
const lines = createInterface({ input: process.stdin });
lines.on("line", () => process.stdout.write(`${JSON.stringify({ accepted })}\n`));
lines.on("close", () => server.close(() => process.exit(0)));
