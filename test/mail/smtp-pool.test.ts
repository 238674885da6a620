import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";
import { openTransport } from "../../src/mail/index.ts";

/** A real SMTP server that counts its sessions and what each carried. */
async function startServer(options: Partial<SMTPServerOptions> = {}) {
  const delivered: string[] = [];
  const sessions = new Set<string>();
  let open = 0;
  let mostOpen = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onConnect(session, callback) {
      sessions.add(session.id);
      mostOpen = Math.max(mostOpen, ++open);
      callback();
    },
    onClose() {
      open--;
    },
    onData(stream, session, callback) {
      stream.resume();
      stream.on("end", () => {
        delivered.push(session.envelope.rcptTo.map((r) => r.address).join(","));
        callback();
      });
    },
    ...options,
  });
  server.on("error", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    delivered,
    sessions,
    mostOpen: () => mostOpen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const message = (to: string) =>
  Buffer.from(`From: news@example.org\r\nTo: ${to}\r\nSubject: pool\r\n\r\nHello.\r\n`);
const send = (t: ReturnType<typeof openTransport>, to: string) =>
  t.sendRaw({ from: "news@example.org", to, raw: message(to) });

describe("the SMTP pool", () => {
  test("opens at most `connections` sessions and reuses them", async () => {
    const server = await startServer();
    const transport = openTransport(server.url, { connections: 2 });
    try {
      const to = Array.from({ length: 12 }, (_, i) => `r${i}@example.org`);
      const replies = await Promise.all(to.map((address) => send(transport, address)));
      for (const reply of replies) assert.match(reply.response, /^250/);
      assert.deepEqual([...server.delivered].sort(), [...to].sort());
      assert.equal(server.sessions.size, 2, "two sessions carried all twelve messages");
      assert.equal(server.mostOpen(), 2);
    } finally {
      transport.close();
      await server.close();
    }
  });

  test("a refused message leaves its session usable for the next one", async () => {
    const server = await startServer({
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith("gone"))
          return callback(Object.assign(new Error("No such user"), { responseCode: 550 }));
        callback();
      },
    });
    const transport = openTransport(server.url, { connections: 1 });
    try {
      await send(transport, "first@example.org");
      await assert.rejects(send(transport, "gone@example.org"), (err: { responseCode?: number }) => {
        assert.equal(err.responseCode, 550);
        return true;
      });
      await send(transport, "after@example.org");
      assert.deepEqual(server.delivered, ["first@example.org", "after@example.org"]);
      assert.equal(server.sessions.size, 1, "the session was reset, not replaced");
    } finally {
      transport.close();
      await server.close();
    }
  });

  test("a reused session the server closes before the message starts: sent again on a new one, not failed", async () => {
    const mailsBySession = new Map<string, number>();
    let refusedOnce = false;
    const server = await startServer({
      onMailFrom(_address, session, callback) {
        const n = (mailsBySession.get(session.id) ?? 0) + 1;
        mailsBySession.set(session.id, n);
        // The first session's second message: the server is going away (as after its idle timeout).
        if (n === 2 && !refusedOnce) {
          refusedOnce = true;
          return callback(Object.assign(new Error("Closing connection"), { responseCode: 421 }));
        }
        callback();
      },
    });
    const transport = openTransport(server.url, { connections: 1 });
    try {
      await send(transport, "one@example.org");
      const reply = await send(transport, "two@example.org");
      assert.match(reply.response, /^250/);
      assert.deepEqual(server.delivered, ["one@example.org", "two@example.org"]);
      assert.equal(server.sessions.size, 2);
    } finally {
      transport.close();
      await server.close();
    }
  });

  test("a session the server dropped while idle is replaced", async () => {
    const server = await startServer({ socketTimeout: 200 });
    const transport = openTransport(server.url, { connections: 1 });
    try {
      await send(transport, "before@example.org");
      await sleep(600); // the server's idle timeout closes the session
      await send(transport, "after@example.org");
      assert.deepEqual(server.delivered, ["before@example.org", "after@example.org"]);
      assert.equal(server.sessions.size, 2);
    } finally {
      transport.close();
      await server.close();
    }
  });

  test("logs in with the URL's user and password; a wrong password is refused with the server's reply", async () => {
    const server = await startServer({
      disabledCommands: ["STARTTLS"],
      authOptional: false,
      authMethods: ["PLAIN", "LOGIN"],
      allowInsecureAuth: true,
      onAuth(auth, _session, callback) {
        if (auth.username === "editor" && auth.password === "p@ss word")
          return callback(null, { user: auth.username });
        callback(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
      },
    });
    const good = openTransport(`smtp://editor:${encodeURIComponent("p@ss word")}@127.0.0.1:${server.port}`);
    const bad = openTransport(`smtp://editor:wrong@127.0.0.1:${server.port}`);
    try {
      await send(good, "reader@example.org");
      assert.deepEqual(server.delivered, ["reader@example.org"]);
      await assert.rejects(send(bad, "nobody@example.org"), (err: { responseCode?: number }) => {
        assert.equal(err.responseCode, 535);
        return true;
      });
      assert.deepEqual(server.delivered, ["reader@example.org"]);
    } finally {
      good.close();
      bad.close();
      await server.close();
    }
  });

  test("once closed, it refuses to send", async () => {
    const server = await startServer();
    const transport = openTransport(server.url, { connections: 1 });
    try {
      await send(transport, "open@example.org");
      transport.close();
      await assert.rejects(send(transport, "late@example.org"), /closed/);
      assert.deepEqual(server.delivered, ["open@example.org"]);
    } finally {
      await server.close();
    }
  });
});
