import type { StaffSession } from "../../accounts/index.ts";
import type { SubscriberHistory } from "../../subscribers/index.ts";
import type { Site } from "../env.ts";
import { Page } from "../layout.tsx";
import { CSRF_FIELD } from "../security.ts";
import { When } from "./entries-widgets.tsx";
import { DeskTable } from "./list-table.tsx";
import { EDITION_LABELS, SUBSCRIBER_STATUS_LABELS } from "./subscribers-list.tsx";

const UNSUBSCRIBABLE = new Set(["active", "paused", "pending"]);

function Fact({ label, iso, text }: { label: string; iso?: string | null; text?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{iso ? <When iso={iso} /> : (text ?? "—")}</dd>
    </>
  );
}

function ActionForm(props: {
  action: string;
  csrf: string;
  label: string;
  confirm?: string;
  field?: [string, string];
}) {
  return (
    <form method="post" action={props.action} class="inline-form">
      <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
      {props.field ? <input type="hidden" name={props.field[0]} value={props.field[1]} /> : null}
      <button type="submit" class="subtle small" data-confirm={props.confirm}>
        {props.label}
      </button>
    </form>
  );
}

/** /desk/subscribers/:id: who, consent, and every send, bounce and unsubscribe, newest first. */
export function SubscriberPage(props: {
  site: Site;
  session: StaffSession;
  history: SubscriberHistory;
  notice?: string;
}) {
  const { subscriber: s, deliveries, bounces, unsubscribes } = props.history;
  const csrf = props.session.csrfToken;
  const base = `/desk/subscribers/${s.id}`;
  return (
    <Page
      site={props.site}
      title={s.email}
      session={props.session}
      current="subscribers"
      scripts={["desk.js"]}
    >
      <p>
        <a href="/desk/subscribers">← All subscribers</a>
      </p>
      <h1>{s.email}</h1>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <dl class="facts">
        <Fact label="Name" text={s.name || "—"} />
        <Fact label="Status" text={SUBSCRIBER_STATUS_LABELS[s.status]} />
        {s.status === "suppressed" ? <Fact label="Why suppressed" text={s.suppressed_reason} /> : null}
        <Fact label="Edition" text={EDITION_LABELS[s.edition]} />
        <Fact label="Came from" text={s.source || "—"} />
        <Fact label="Added" iso={s.created_at} />
        <Fact label="Consent" iso={s.consent_at} />
        <Fact label="Confirmed" iso={s.confirmed_at} />
        <Fact label="Unsubscribed" iso={s.unsubscribed_at} />
        <Fact label="Soft bounces in a row" text={String(s.soft_bounces)} />
        <Fact label="Test list" text={s.tester ? "Yes: gets test copies" : "No"} />
      </dl>
      <div class="actions">
        <ActionForm
          action={`${base}/tester`}
          csrf={csrf}
          field={["tester", s.tester ? "0" : "1"]}
          label={s.tester ? "Take off the test list" : "Put on the test list"}
        />
        {UNSUBSCRIBABLE.has(s.status) ? (
          <ActionForm
            action={`${base}/unsubscribe`}
            csrf={csrf}
            label="Unsubscribe"
            confirm={`Unsubscribe ${s.email}? They get no more issues.`}
          />
        ) : null}
      </div>

      <h2>Issues sent</h2>
      {deliveries.length ? (
        <DeskTable
          class="desk-history"
          label="Issues sent"
          headers={["Issue", "Edition", "Status", "Sent", "Server's reply"]}
        >
          {deliveries.map((d) => (
            <tr>
              <td>#{d.issue_number}</td>
              <td>{EDITION_LABELS[d.edition]}</td>
              <td>{d.status}</td>
              <td>{d.sent_at ? <When iso={d.sent_at} /> : "—"}</td>
              <td>{d.last_reply}</td>
            </tr>
          ))}
        </DeskTable>
      ) : (
        <p class="muted">No issue has been sent to this address.</p>
      )}

      <h2>Bounces and complaints</h2>
      {bounces.length ? (
        <ul class="desk-history">
          {bounces.map((b) => (
            <li>
              <When iso={b.at} />: {b.kind} ({b.source}){b.detail ? `: ${b.detail}` : ""}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">None.</p>
      )}

      <h2>Unsubscribes</h2>
      {unsubscribes.length ? (
        <ul class="desk-history">
          {unsubscribes.map((u) => (
            <li>
              <When iso={u.at} />: by {u.via}
              {u.send_id !== null ? ` (from send #${u.send_id})` : ""}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">None.</p>
      )}
    </Page>
  );
}
