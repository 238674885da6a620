import type { StaffSession } from "../../accounts/index.ts";
import { formatRate, type SendSummary, SEND_THRESHOLDS as T } from "../../delivery/index.ts";
import type { SendPanelData } from "./issues-send.tsx";
import { count as n, utc } from "./issues-send-format.ts";
import { ActionForm } from "./issues-widgets.tsx";

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
  // Only what tracking counted for this send; opens always carry their caveat.
  const clicks = f.engagement?.clicks;
  const opens = f.engagement?.opens;
  if (clicks) {
    rows.push(["Readers who clicked", clicks.clickers, clicks.rate]);
    rows.push(["Clicks (all)", clicks.clicks, null]);
  }
  if (opens) {
    rows.push([`Readers who opened (${opens.note})`, opens.openers, opens.rate]);
    rows.push([`Opens (all; ${opens.note})`, opens.opens, null]);
  }
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

/** A send under way or over: its state, counts, figures and controls. */
export function Progress({ data, session }: { data: SendPanelData; session: StaffSession }) {
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
