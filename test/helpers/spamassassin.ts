import { spawn, spawnSync } from "node:child_process";

/**
 * SpamAssassin (Debian's package) scores messages the way a receiving server would, with its
 * local rules only (`-L`: no DNS or network tests, so results do not depend on the network).
 * Without it the tests skip with the reason, unless SUMMA_REQUIRE_SPAMASSASSIN=1 (set by
 * .ci/run, which installs it), which makes them fail instead.
 */
export function spamAssassinSkip(): false | string {
  const found = spawnSync("spamassassin", ["-V"], { encoding: "utf8" });
  if (found.status === 0) return false;
  const reason = "spamassassin is not installed (apt-get install spamassassin)";
  if (process.env.SUMMA_REQUIRE_SPAMASSASSIN === "1")
    throw new Error(`SUMMA_REQUIRE_SPAMASSASSIN=1 but ${reason}`);
  return reason;
}

/** One message's verdict: its score and the rules that fired. */
export interface SpamVerdict {
  score: number;
  rules: string[];
}

/**
 * What a relay adds on the way in: from a named host with its IP, by the receiving MX, over
 * TLS, for the recipient, dated when it arrived. Without one, SpamAssassin scores NO_RECEIVED
 * and other rules that see a message no server ever carried.
 */
export function receivedHeader(to: string, at: Date, options: { reverseDns?: boolean } = {}): string {
  // Without reverse DNS the MX writes "unknown" for the host's name: rules about hidden text
  // (HTML_FONT_TINY_NORDNS) only count then.
  const host = options.reverseDns === false ? "unknown" : "mail-out.news.example.org";
  return [
    `Received: from mail-out.news.example.org (${host} [145.239.10.20])`,
    "\tby mx1.example.net (Postfix) with ESMTPS id 4Qx7Yz2KpLz9rtB",
    "\t(version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256)",
    `\tfor <${to}>; ${at.toUTCString().replace("GMT", "+0000")}`,
  ].join("\r\n");
}

/**
 * Scores every message in one spamassassin process (its start, about a second, is most of the
 * cost): they go in as one mbox and come back each with X-Spam-Status.
 */
export async function scoreMessages(messages: readonly string[]): Promise<SpamVerdict[]> {
  const mbox = messages
    .map((raw, i) => {
      // Numbered, to find each verdict again (two messages may share a Message-ID).
      const lf = `X-Summa-Test: ${i}\n${raw.replace(/\r\n/g, "\n")}`;
      // mbox: a body line starting with "From " would start a new message.
      return `From summa-test@localhost Thu Jan  1 00:00:00 2026\n${lf.replace(/^(>*From )/gm, ">$1")}\n`;
    })
    .join("\n");
  const child = spawn("spamassassin", ["-L", "--mbox"], { stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => {
    out += d;
  });
  child.stderr.setEncoding("utf8").on("data", (d: string) => {
    err += d;
  });
  const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
  child.stdin.end(mbox);
  const code = await closed;
  if (code !== 0) throw new Error(`spamassassin exited with ${code}: ${err.slice(0, 500)}`);
  // Messages may come back in another order: each is found again by its number.
  const verdicts = new Map<string, SpamVerdict>();
  for (const block of out.split(/^From summa-test@localhost .*$/m).slice(1)) {
    const head = block.slice(0, block.indexOf("\n\n"));
    const field = (name: string) =>
      new RegExp(`^${name}: (.*(?:\n[ \t].*)*)`, "mi").exec(head)?.[1]?.replace(/\s+/g, " ").trim() ?? "";
    // The list of rules is folded after its commas.
    const status = field("X-Spam-Status").replace(/,\s+/g, ",");
    const score = Number(/score=(-?[\d.]+)/.exec(status)?.[1]);
    const rules = (/tests=(\S*)/.exec(status)?.[1] ?? "").split(",").filter((r) => r && r !== "none");
    verdicts.set(field("X-Summa-Test"), { score, rules });
  }
  return messages.map((_, i) => {
    const verdict = verdicts.get(String(i));
    if (!verdict) throw new Error(`spamassassin gave no verdict for message ${i}`);
    return verdict;
  });
}
