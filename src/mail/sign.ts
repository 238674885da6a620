/**
 * The last step before a message leaves: signing the finished bytes (DKIM, say: RFC 6376 signs
 * the headers and body a reader gets, so it must run after personalisation, once per message).
 * A signer returns the message to send, usually with a signature header in front; it may return
 * its input as is. Whatever it returns is read by the transport until the message is accepted.
 */
export type MessageSigner = (message: Buffer) => Buffer;

/** No signature: the message as it is. The default until a key is configured. */
export const unsigned: MessageSigner = (message) => message;

/**
 * The headers a signer puts in front of a message (DKIM-Signature lines, each ending in CRLF;
 * ASCII), without the message: the transport that prepends them chooses the memory
 * (signing-transport.ts).
 */
export type HeaderSigner = (message: Buffer) => string;
