import type { StaffSession } from "../../accounts/index.ts";
import {
  audienceSize,
  findSendProgress,
  formatRate,
  type SendSummary,
  SEND_THRESHOLDS as T,
} from "../../delivery/index.ts";
import { requireIssue } from "../../issues/index.ts";
import type { IssueStatus, Store } from "../../store/index.ts";
import { getsTestCopies, listTesters } from "../../subscribers/index.ts";
import type { Site } from "../env.ts";
import { Page } from "../layout.tsx";
import { CSRF_FIELD } from "../security.ts";
import { ActionForm } from "./issues-widgets.tsx";

/** What the Send panel shows: the issue's send (if any) and, before one, who it would reach. */
export interface SendPanelData {
  number: number;
  label: string;
  /** A draft gets test copies only: it is sent once published (or scheduled). */
  status: IssueStatus;
  send: SendSummary | null;
  audience: number;
  /** Testers who would get a test copy (active or paused). */
  testers: number;
}

/** Loads the panel's data for an issue (not_found when there is none). */
export async function loadSendPanel(store: Store, number: number, label: string): Promise<SendPanelData> {
  const status = await requireIssue(store, number);
  const send = await findSendProgress(store, number);
  const testers = (await listTesters(store)).filter(getsTestCopies).length;
  return { number, label, status, send, audience: send ? 0 : await audienceSize(store), testers };
}

const n = (x: number) => x.toLocaleString("en-US");
const utc = (iso: string) => `${iso.replace("T", " ").slice(0, 16)} UTC`;

function StartForm({ data, session }: { data: SendPanelData; session: StaffSession }) {
  return (
    <form
      method="post"
      action={`/desk/issues/${data.number}/send`}
      class="send-start"
      data-confirm={`Send ${data.label} to ${n(data.audience)} subscribers? An issue is sent once.`}
    >
      <input type="hidden" name={CSRF_FIELD} value={session.csrfToken} />
      <div class="field">
        <label for="send-at">Send at (UTC)</label>
        <input id="send-at" name="at" type="datetime-local" />
        <span class="hint">Empty: now.</span>
      </div>
      <div class="field">
        <label for="send-rate">Messages per second</label>
        <input id="send-rate" name="rate" type="number" min="0.1" step="any" inputmode="decimal" />
        <span class="hint">Empty: as fast as the mail server takes them.</span>
      </div>
      <div class="actions">
        <button type="submit">Send to {n(data.audience)} subscribers</button>
      </div>
    </form>
  );
}

/** What came back from the send, as counts and rates of delivered, and its warnings. */
function Figures({ send }: { send: SendSummary }) {
  const f = send.figures;
  const rows: [string, number, number | null][] = [
    ["Failed", f.failed, f.rates.failed],
    ["Bounced (hard)", f.bouncedHard, f.rates.bouncedHard],
    ["Bounced (soft)", f.bouncedSoft, f.rates.bouncedSoft],
    ["Complaints", f.complaints, f.rates.complaints],
    ["Unsubscribes", f.unsubscribes, f.rates.unsubscribes],
  ];
  return (
    <>
      {f.alerts.map((a) => (
        <p class={a.level === "alarm" ? "notice error send-alert" : "notice send-alert"} role="alert">
          {a.level === "alarm" ? "Alarm" : "Warning"}: {a.message}
        </p>
      ))}
      <table class="send-figures">
        <caption>
          Delivered: {n(f.delivered)}. Rates are of delivered messages; complaints warn above{" "}
          {formatRate(T.complaints.warning)} and alarm at {formatRate(T.complaints.alarm)}, hard bounces warn
          at {formatRate(T.bouncedHard.warning)} and alarm at {formatRate(T.bouncedHard.alarm)}.
        </caption>
        <thead>
          <tr>
            <th scope="col">Figure</th>
            <th scope="col">Count</th>
            <th scope="col">Rate</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, count, rate]) => (
            <tr>
              <th scope="row">{label}</th>
              <td>{n(count)}</td>
              <td>{formatRate(rate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function Progress({ data, session }: { data: SendPanelData; session: StaffSession }) {
  const s = data.send!;
  const base = `/desk/issues/${data.number}/send`;
  const settled = s.counts.sent + s.counts.failed + s.counts.cancelled + s.counts.suppressed;
  const rows: [string, number][] = [
    ["Sent", s.counts.sent],
    ["Queued", s.counts.queued],
    ["Sending", s.counts.sending],
    ["Failed", s.counts.failed],
    ["Cancelled", s.counts.cancelled],
    ["Suppressed", s.counts.suppressed],
  ];
  return (
    <>
      <p>
        <span class={`badge send-${s.status}`}>{s.status}</span>{" "}
        {s.status === "scheduled" ? `from ${utc(s.sendAt)}` : `started ${utc(s.sendAt)}`}
        {s.ratePerSecond ? `, ${s.ratePerSecond}/s` : ""}
      </p>
      <progress value={settled} max={Math.max(1, s.total)} aria-label="Delivered so far">
        {n(settled)} of {n(s.total)}
      </progress>
      <dl class="send-counts">
        {rows.map(([label, value]) => (
          <>
            <dt>{label}</dt>
            <dd>{n(value)}</dd>
          </>
        ))}
      </dl>
      <Figures send={s} />
      {s.failed.length ? (
        <details>
          <summary>Failed addresses</summary>
          <ul class="send-failed">
            {s.failed.map((f) => (
              <li>
                {f.email}: {f.lastReply}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <div class="actions">
        {s.status === "scheduled" || s.status === "sending" ? (
          <ActionForm session={session} action={`${base}/pause`} label="Pause" />
        ) : null}
        {s.status === "paused" ? (
          <ActionForm session={session} action={`${base}/resume`} label="Resume" />
        ) : null}
        {s.status !== "done" && s.status !== "cancelled" ? (
          <ActionForm
            session={session}
            action={`${base}/cancel`}
            label="Cancel"
            class="button small danger"
            confirm="Cancel this send? Whoever has not received it yet will not."
          />
        ) : null}
      </div>
    </>
  );
}

function TestForm({ data, session }: { data: SendPanelData; session: StaffSession }) {
  return (
    <form method="post" action={`/desk/issues/${data.number}/send/test`} class="send-test">
      <input type="hidden" name={CSRF_FIELD} value={session.csrfToken} />
      <div class="field">
        <label for="send-test-to">Send a test copy to</label>
        <input id="send-test-to" name="to" type="email" required value={session.user.email} />
      </div>
      <div class="field">
        <label for="send-test-edition">Edition</label>
        <select id="send-test-edition" name="edition">
          <option value="full">Full issue</option>
          <option value="highlights">Highlights only</option>
        </select>
      </div>
      <div class="actions">
        <button type="submit" class="button small subtle">
          Send test
        </button>
      </div>
    </form>
  );
}

/** A copy to every tester, in each one's edition: no send is recorded. */
function TestListForm({ data, session }: { data: SendPanelData; session: StaffSession }) {
  if (data.testers === 0)
    return (
      <p class="hint">
        No test list yet: mark testers with <code>summa subscribers tester add EMAIL</code>.
      </p>
    );
  return (
    <form method="post" action={`/desk/issues/${data.number}/send/test-list`} class="send-test-list">
      <input type="hidden" name={CSRF_FIELD} value={session.csrfToken} />
      <div class="actions">
        <button type="submit" class="button small subtle">
          Send a test copy to the test list ({n(data.testers)} testers)
        </button>
      </div>
    </form>
  );
}

/** Whether an issue in this status can be sent (a scheduled one goes out at or after its time). */
const SENDABLE: readonly IssueStatus[] = ["published", "scheduled"];

/**
 * The Send panel: start or schedule, progress and controls, and a test copy. A draft's panel
 * offers the test copies alone, so the editor reads the email as subscribers will before
 * publishing; a withdrawn issue's shows only what its send did, if anything.
 */
export function SendPanel({ data, session }: { data: SendPanelData; session: StaffSession }) {
  const draft = data.status === "draft";
  if (data.status === "withdrawn" && !data.send) return null;
  return (
    <section class="card send-panel" id="send" aria-labelledby="send-heading">
      <h2 id="send-heading">{draft ? "Test before publishing" : "Send"}</h2>
      {draft ? (
        <p class="hint">
          A copy exactly as subscribers will get it, with working links; nothing is recorded as sent.
        </p>
      ) : null}
      {data.send ? <Progress data={data} session={session} /> : null}
      {!data.send && SENDABLE.includes(data.status) ? <StartForm data={data} session={session} /> : null}
      {data.send ? (
        <p>
          <a href={`/desk/issues/${data.number}/send`}>Follow the progress</a>
        </p>
      ) : null}
      {data.status === "withdrawn" ? null : (
        <>
          <TestForm data={data} session={session} />
          <TestListForm data={data} session={session} />
        </>
      )}
    </section>
  );
}

/** Fixed texts after a send action's redirect (`?done=KEY`), never echoed input. */
const SEND_DONE: Record<string, string> = {
  started: "Sending: workers are delivering the issue.",
  scheduled: "Scheduled.",
  paused: "Paused. Messages already handed to the mail server still arrive.",
  resumed: "Resumed.",
  cancelled: "Cancelled: nothing more goes out.",
  tested: "Test copy sent.",
  "tested-list": "Test copies sent to the test list.",
};

/**
 * What the last action did; "Sending" only while the send still runs (a later visit to the same
 * address, or a reload, says how it ended instead of repeating it).
 */
function doneMessage(done: string | undefined, send: SendSummary | null): string | undefined {
  if (!done) return undefined;
  const running = send && ["sending", "scheduled"].includes(send.status);
  if ((done === "started" || done === "resumed") && send && !running)
    return `The send is ${send.status}: ${n(send.counts.sent)} sent, ${n(send.counts.failed)} failed.`;
  return SEND_DONE[done];
}

/** The Send panel on a page of its own, with what the last action did. */
export function SendPage(props: {
  site: Site;
  session: StaffSession;
  data: SendPanelData;
  done?: string;
  error?: string;
}) {
  const message = props.error ?? doneMessage(props.done, props.data.send);
  return (
    <Page
      site={props.site}
      title={`Send ${props.data.label}`}
      session={props.session}
      current="issues"
      scripts={["composer.js"]}
    >
      <p class="muted">
        <a href={`/desk/issues/${props.data.number}`}>← {props.data.label}</a>
      </p>
      <h1>Send {props.data.label}</h1>
      {message ? (
        <p class={props.error ? "notice error" : "notice ok"} role={props.error ? "alert" : "status"}>
          {message}
        </p>
      ) : null}
      <SendPanel data={props.data} session={props.session} />
    </Page>
  );
}
