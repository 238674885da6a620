import { memoryTransport } from "../../src/mail/index.ts";
import { REFUSED, transportCases } from "./transport.case.ts";

transportCases("memory", async () => {
  const transport = memoryTransport({
    refuse: ({ to }) => (REFUSED.test(to) ? { code: 550, message: "No such user" } : null),
  });
  const to = (address: string) => transport.accepted.filter((m) => m.to === address);
  return {
    transport,
    count: (address) => to(address).length,
    received: (address) => to(address).map((m) => ({ from: m.from, raw: m.raw.toString("utf8") })),
    close: async () => {},
  };
});
