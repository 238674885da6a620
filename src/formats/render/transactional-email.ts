import {
  CRLF,
  contentHash,
  encodeHeaderValue,
  foldHeader,
  formatMailbox,
  multipartAlternative,
  rfc5322Date,
} from "./mime.ts";

/** What a message the sign-up flow sends (a confirmation, a welcome) needs around its two parts. */
export interface TransactionalEmailInput {
  newsletterName: string;
  fromAddress: string;
  to: { email: string; name: string };
  subject: string;
  now: Date;
  /** Makes each message's Message-ID and boundary unique (a random value per email). */
  nonce: string;
  /** The Message-ID's first word: "subscription", "welcome". */
  kind: string;
  text: string;
  html: string;
}

/**
 * A complete message of one reader's sign-up mail, text and HTML (UTF-8 quoted-printable).
 * Every header value goes through the MIME helpers, which remove control characters and encode
 * non-ASCII text, so no name or newsletter name can add a header.
 */
export function transactionalEmail(input: TransactionalEmailInput): string {
  const hash = contentHash(input.nonce, input.to.email, input.now.toISOString());
  const domain = input.fromAddress.slice(input.fromAddress.lastIndexOf("@") + 1);
  const boundary = `=_summa_${hash.slice(0, 32)}`;
  const headers = [
    foldHeader("From", formatMailbox(input.newsletterName, input.fromAddress)),
    foldHeader("To", formatMailbox(input.to.name, input.to.email)),
    foldHeader("Subject", encodeHeaderValue(input.subject)),
    `Date: ${rfc5322Date(input.now)}`,
    `Message-ID: <${input.kind}.${hash.slice(32, 56)}@${domain}>`,
    // RFC 3834: machine-sent on a reader's request; keeps vacation replies from answering it.
    "Auto-Submitted: auto-generated",
    "MIME-Version: 1.0",
    foldHeader("Content-Type", ["multipart/alternative;", `boundary="${boundary}"`]),
  ];
  const parts = multipartAlternative(boundary, [
    { type: "text/plain", body: input.text },
    { type: "text/html", body: input.html },
  ]);
  return `${headers.join(CRLF)}${CRLF}${CRLF}${parts}`;
}
