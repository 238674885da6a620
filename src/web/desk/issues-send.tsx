import type { StaffSession } from "../../accounts/index.ts";
import { audienceSize, findSendProgress, type SendSummary } from "../../delivery/index.ts";
import { requireIssue } from "../../issues/index.ts";
import type { IssueStatus, Store } from "../../store/index.ts";
import { getsTestCopies, listTesters } from "../../subscribers/index.ts";
import { CSRF_FIELD } from "../security.ts";
import { count as n } from "./issues-send-format.ts";
import { Progress } from "./issues-send-progress.tsx";
import { TestForm, TestListForm } from "./issues-send-tests.tsx";

/**
 * The Send panel (start, progress, test copies) of an issue. Its parts: issues-send-progress.tsx
 * (a running or finished send), issues-send-tests.tsx (test copies), issues-send-page.tsx (the
 * panel on a page of its own).
 */

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
