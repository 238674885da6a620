import { openTransport } from "../../src/mail/index.ts";
import { startSmtpSink } from "../delivery/helpers.ts";
import { REFUSED, transportCases } from "./transport.case.ts";

transportCases("SMTP", async () => {
  const sink = await startSmtpSink({
    rcpt: (address) => (REFUSED.test(address) ? { code: 550, message: "No such user" } : null),
  });
  return {
    transport: openTransport(sink.url, { connections: 1 }),
    count: (to) => sink.counts.get(to) ?? 0,
    received: (to) => sink.messages.filter((m) => m.to === to),
    close: () => sink.close(),
  };
});
