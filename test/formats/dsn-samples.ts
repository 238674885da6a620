/**
 * Delivery status notifications as mail servers write them, modelled on real ones (Postfix,
 * Exchange Online, Gmail), with example addresses. Shared by the parser, policy and CLI tests;
 * complaints and other messages are in mail-samples.ts.
 */

/** Postfix: a hard bounce, 5.1.1 user unknown, original headers quoted as text/rfc822-headers. */
export const POSTFIX_USER_UNKNOWN = `Return-Path: <>
Delivered-To: bounces@newsletter.example.org
Received: by mail.newsletter.example.org (Postfix)
\tid 3F1A21C0123; Mon, 10 Jun 2024 09:12:44 +0000 (UTC)
Date: Mon, 10 Jun 2024 09:12:44 +0000 (UTC)
From: MAILER-DAEMON@mail.newsletter.example.org (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: bounces@newsletter.example.org
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="3F1A21C0123.1718010764/mail.newsletter.example.org"
Content-Transfer-Encoding: 8bit
Message-Id: <20240610091244.3F1A21C0123@mail.newsletter.example.org>

This is a MIME-encapsulated message.

--3F1A21C0123.1718010764/mail.newsletter.example.org
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mail.newsletter.example.org.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

<Bob@Example.com>: host mx.example.com[203.0.113.5] said: 550 5.1.1
    <bob@example.com>: Recipient address rejected: User unknown in virtual
    mailbox table (in reply to RCPT TO command)

--3F1A21C0123.1718010764/mail.newsletter.example.org
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mail.newsletter.example.org
X-Postfix-Queue-ID: 3F1A21C0123
X-Postfix-Sender: rfc822; bounces@newsletter.example.org
Arrival-Date: Mon, 10 Jun 2024 09:12:40 +0000 (UTC)

Final-Recipient: rfc822; Bob@Example.com
Original-Recipient: rfc822;bob@example.com
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.example.com
Diagnostic-Code: smtp; 550 5.1.1 <bob@example.com>: Recipient address rejected:
    User unknown in virtual mailbox table

--3F1A21C0123.1718010764/mail.newsletter.example.org
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers

Return-Path: <bounces@newsletter.example.org>
Received: from localhost (localhost [127.0.0.1])
\tby mail.newsletter.example.org (Postfix) with ESMTP id 3F1A21C0123
\tfor <bob@example.com>; Mon, 10 Jun 2024 09:12:40 +0000 (UTC)
Message-ID: <an53.bob.k2j3@newsletter.example.org>
From: Alignment Newsletter <newsletter@example.org>
To: bob@example.com
Subject: [AN #53] Newsletter turns one

--3F1A21C0123.1718010764/mail.newsletter.example.org--
`;

/** Postfix: "delayed mail (still being retried)", 4.4.1: a soft bounce. */
export const POSTFIX_DELAYED = `Date: Tue, 11 Jun 2024 13:12:40 +0000 (UTC)
From: MAILER-DAEMON@mail.newsletter.example.org (Mail Delivery System)
Subject: Delayed Mail (still being retried)
To: bounces@newsletter.example.org
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="7B2C31C0456.1718111560/mail.newsletter.example.org"
Message-Id: <20240611131240.7B2C31C0456@mail.newsletter.example.org>

This is a MIME-encapsulated message.

--7B2C31C0456.1718111560/mail.newsletter.example.org
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mail.newsletter.example.org.

####################################################################
# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #
####################################################################

--7B2C31C0456.1718111560/mail.newsletter.example.org
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mail.newsletter.example.org
X-Postfix-Queue-ID: 7B2C31C0456
Arrival-Date: Tue, 11 Jun 2024 09:12:40 +0000 (UTC)

Final-Recipient: rfc822; slow@example.net
Action: delayed
Status: 4.4.1
Diagnostic-Code: X-Postfix; connect to mx.example.net[198.51.100.20]:25: Connection
    timed out
Will-Retry-Until: Sun, 16 Jun 2024 09:12:40 +0000 (UTC)

--7B2C31C0456.1718111560/mail.newsletter.example.org
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers

Message-ID: <an53.slow.77aa@newsletter.example.org>
From: Alignment Newsletter <newsletter@example.org>
To: slow@example.net
Subject: [AN #53] Newsletter turns one

--7B2C31C0456.1718111560/mail.newsletter.example.org--
`;

/** Exchange Online: CRLF line ends, a multipart/alternative notice, the original attached whole. */
export const EXCHANGE_NDR = `Received: from DM6PR01MB1234.namprd01.prod.outlook.com
From: Microsoft Outlook <postmaster@contoso.example>
To: <bounces@newsletter.example.org>
Date: Tue, 11 Jun 2024 14:02:10 +0000
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="b5ce0f0a-7f2e-4e1b-9a1f-3c7a1e5bd0aa"
Content-Language: en-US
Message-ID: <c1a2b3d4-e5f6-7890-abcd-ef0123456789@DM6PR01MB1234.namprd01.prod.outlook.com>
In-Reply-To: <an53.carol.9f8e@newsletter.example.org>
Subject: Undeliverable: [AN #53] Newsletter turns one
Auto-Submitted: auto-replied
MIME-Version: 1.0

--b5ce0f0a-7f2e-4e1b-9a1f-3c7a1e5bd0aa
Content-Type: multipart/alternative; differences=Content-Type;
\tboundary="9a7e2c1d-0b3f-4a5e-8c6d-1f2e3a4b5c6d"

--9a7e2c1d-0b3f-4a5e-8c6d-1f2e3a4b5c6d
Content-Type: text/plain; charset="us-ascii"
Content-Transfer-Encoding: quoted-printable

Delivery has failed to these recipients or groups:

carol@contoso.example<mailto:carol@contoso.example>
The email address you entered couldn't be found. Please check the recipien=
t's email address and try to resend the message.

--9a7e2c1d-0b3f-4a5e-8c6d-1f2e3a4b5c6d
Content-Type: text/html; charset="us-ascii"
Content-Transfer-Encoding: quoted-printable

<html><body><p><b><font color=3D"#000066">Your message to carol@contoso.example couldn't be delivered.</font></b></p></body></html>

--9a7e2c1d-0b3f-4a5e-8c6d-1f2e3a4b5c6d--

--b5ce0f0a-7f2e-4e1b-9a1f-3c7a1e5bd0aa
Content-Type: message/delivery-status

Reporting-MTA: dns;DM6PR01MB1234.namprd01.prod.outlook.com
Received-From-MTA: dns;mail.newsletter.example.org
Arrival-Date: Tue, 11 Jun 2024 14:02:08 +0000

Original-Recipient: rfc822;carol@contoso.example
Final-Recipient: rfc822;carol@contoso.example
Action: failed
Status: 5.1.10
Diagnostic-Code: smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup

--b5ce0f0a-7f2e-4e1b-9a1f-3c7a1e5bd0aa
Content-Type: message/rfc822

Received: from mail.newsletter.example.org (203.0.113.9)
From: Alignment Newsletter <newsletter@example.org>
To: Carol <carol@contoso.example>
Subject: [AN #53] Newsletter turns one
Message-ID: <an53.carol.9f8e@newsletter.example.org>
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

Welcome to the Alignment Newsletter.

--b5ce0f0a-7f2e-4e1b-9a1f-3c7a1e5bd0aa--
`.replace(/\n/g, "\r\n");

/**
 * Gmail: one report about two recipients (one failed for good, one delayed), a base64 notice,
 * a Date with a -0700 offset and a comment.
 */
export const GMAIL_TWO_RECIPIENTS = `Delivered-To: bounces@newsletter.example.org
Return-Path: <>
From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>
To: bounces@newsletter.example.org
Auto-Submitted: auto-replied
Subject: Delivery Status Notification (Failure)
References: <an53.dave.1c2d@newsletter.example.org>
In-Reply-To: <an53.dave.1c2d@newsletter.example.org>
X-Failed-Recipients: dave@gmail.example
Message-ID: <66693ec7.050a0220.3c2a4.b9d1.GMR@mx.google.com>
Date: Wed, 12 Jun 2024 01:02:05 -0700 (PDT)
MIME-Version: 1.0
Content-Type: multipart/report; boundary="000000000000a1b2c3061ab4d5e6"; report-type=delivery-status

--000000000000a1b2c3061ab4d5e6
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: base64

${Buffer.from(
  "Address not found\r\n\r\nYour message wasn't delivered to dave@gmail.example because the address couldn't be found.\r\n",
).toString("base64")}

--000000000000a1b2c3061ab4d5e6
Content-Type: message/delivery-status

Reporting-MTA: dns; googlemail.com
Arrival-Date: Wed, 12 Jun 2024 01:02:03 -0700 (PDT)
X-Original-Message-ID: <an53.dave.1c2d@newsletter.example.org>

Final-Recipient: rfc822; dave@gmail.example
Action: failed
Status: 5.1.1
Remote-MTA: dns; gmail-smtp-in.l.google.com. (2607:f8b0:4004:c07::1a, the server
 for the domain gmail.example.)
Diagnostic-Code: smtp; 550-5.1.1 The email account that you tried to reach does not exist.
 550 5.1.1 https://support.google.com/mail/?p=NoSuchUser a1si123 - gsmtp
Last-Attempt-Date: Wed, 12 Jun 2024 01:02:05 -0700 (PDT)

Final-Recipient: rfc822; full@gmail.example
Action: delayed
Status: 4.2.2
Diagnostic-Code: smtp; 452-4.2.2 The recipient's inbox is out of storage space.
Last-Attempt-Date: Wed, 12 Jun 2024 01:02:05 -0700 (PDT)

--000000000000a1b2c3061ab4d5e6
Content-Type: message/rfc822

From: Alignment Newsletter <newsletter@example.org>
To: dave@gmail.example
Subject: [AN #53] Newsletter turns one
Message-ID: <an53.dave.1c2d@newsletter.example.org>

Welcome.

--000000000000a1b2c3061ab4d5e6--
`;

/** A DSN that names no recipient: broken, to be reported, not skipped. */
export const BROKEN_DSN = `From: MAILER-DAEMON@mx.example.com
Subject: failure notice
Message-ID: <broken.1@mx.example.com>
Content-Type: multipart/report; report-type=delivery-status; boundary="b"

--b
Content-Type: text/plain

Something went wrong.
--b
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.com
--b--
`;
