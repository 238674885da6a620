/**
 * Complaints (ARF, as Yahoo's and AOL's feedback loops send them) and messages a bounce
 * mailbox also gets (a reader's reply, a read receipt), with example addresses; and mbox().
 */

/** Yahoo-style ARF: Feedback-Type abuse, the recipient in Original-Rcpt-To. */
export const ARF_ABUSE = `From: Yahoo! Mail AntiSpam Feedback <feedback@arf.mail.yahoo.example>
Date: Thu, 13 Jun 2024 10:00:00 +0000
Subject: FW: [AN #53] Newsletter turns one
To: fbl@newsletter.example.org
Message-ID: <arf.7d1e.1718272800@mta1.mail.yahoo.example>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report;
\tboundary="----=_Part_1_2093.1718272800"

------=_Part_1_2093.1718272800
Content-Type: text/plain; charset="us-ascii"
Content-Transfer-Encoding: 7bit

This is an email abuse report for an email message received from IP 203.0.113.9 on
Thu, 13 Jun 2024 09:58:00 +0000.

------=_Part_1_2093.1718272800
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: Yahoo!-Mail-Feedback/2.0
Version: 1
Original-Mail-From: <bounces@newsletter.example.org>
Original-Rcpt-To: <Erin@Yahoo.example>
Arrival-Date: Thu, 13 Jun 2024 09:58:00 +0000
Reporting-MTA: dns; mta1.mail.yahoo.example
Source-IP: 203.0.113.9

------=_Part_1_2093.1718272800
Content-Type: message/rfc822
Content-Disposition: inline

From: Alignment Newsletter <newsletter@example.org>
To: erin@yahoo.example
Subject: [AN #53] Newsletter turns one
Message-ID: <an53.erin.5e6f@newsletter.example.org>

Welcome.

------=_Part_1_2093.1718272800--
`;

/** ARF without Original-Rcpt-To: the recipient is the quoted message's To. */
export const ARF_FROM_TO_HEADER = ARF_ABUSE.replace("Original-Rcpt-To: <Erin@Yahoo.example>\n", "")
  .replace("To: erin@yahoo.example", 'To: "Frank F." <frank@aol.example>')
  .replace("<arf.7d1e.1718272800@mta1.mail.yahoo.example>", "<arf.8e2f@mta1.mail.aol.example>");

/** A reader's reply: not a report at all. */
export const READER_REPLY = `From: Grace <grace@example.com>
To: newsletter@example.org
Subject: Re: [AN #53] Newsletter turns one
Date: Mon, 10 Jun 2024 12:00:00 +0000
Message-ID: <reply.1@example.com>
Content-Type: text/plain; charset=utf-8

Thanks for the issue!

From here on I'll read every week.
`;

/** A read receipt (RFC 8098): a multipart/report, but not about delivery. */
export const READ_RECEIPT = `From: Heidi <heidi@example.com>
To: newsletter@example.org
Subject: Read: [AN #53] Newsletter turns one
Message-ID: <mdn.1@example.com>
Content-Type: multipart/report; report-type=disposition-notification; boundary="mdn"

--mdn
Content-Type: text/plain

Your message was displayed.
--mdn
Content-Type: message/disposition-notification

Final-Recipient: rfc822; heidi@example.com
Disposition: manual-action/MDN-sent-manually; displayed
--mdn--
`;

/** An mbox (mboxrd) of messages; "From " lines in bodies are escaped as ">From ". */
export function mbox(...messages: string[]): string {
  return messages
    .map((m, i) => {
      const body = m.replace(/\r\n/g, "\n").replace(/^(>*From )/gm, ">$1");
      return `From MAILER-DAEMON Mon Jun 10 09:12:4${i} 2024\n${body}${body.endsWith("\n") ? "" : "\n"}\n`;
    })
    .join("");
}
