import { field, parseHeaderFields, splitHeaderBody } from "./mime.ts";

/**
 * Mail sent to the List-Unsubscribe mailto address. Summa's mailto link asks for the subject
 * "unsubscribe <token>" (src/subscribers/personal-links.ts), and mail clients send it as given,
 * some as an RFC 2047 encoded word. Only the token counts: it is signed, whereas the From
 * address of a message is whatever its sender typed.
 */

/** Undoes RFC 2047 encoded words ("=?UTF-8?Q?unsubscribe_abc?="); whitespace between two goes. */
export function decodeEncodedWords(value: string): string {
  const word = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;
  const joined = value.replace(/(=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=)\s+(?==\?)/g, "$1");
  return joined.replace(word, (whole, charset: string, encoding: string, text: string) => {
    const bytes =
      encoding.toLowerCase() === "b"
        ? Buffer.from(text, "base64")
        : Buffer.from(
            text
              .replace(/_/g, " ")
              .replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) =>
                String.fromCharCode(Number.parseInt(hex, 16)),
              ),
            "latin1",
          );
    const name = charset.toLowerCase().split("*")[0]!;
    if (/^(utf-?8|us-ascii)$/.test(name)) return bytes.toString("utf8");
    if (/^(iso-8859-1|latin1|windows-1252)$/.test(name)) return bytes.toString("latin1");
    return whole;
  });
}

/** The token an unsubscribe request's Subject carries ("unsubscribe <token>", any case), or null. */
export function unsubscribeTokenIn(message: string): string | null {
  const { head } = splitHeaderBody(message.replace(/\r\n?/g, "\n"));
  const subject = decodeEncodedWords(field(parseHeaderFields(head), "subject"));
  const m = /(?:^|\s)unsubscribe\s+(\S+)/i.exec(subject);
  return m ? m[1]! : null;
}
