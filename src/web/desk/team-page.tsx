import { type StaffSession, type TeamMember, USER_ROLES } from "../../accounts/index.ts";
import type { ApiTokenListRow } from "../../store/index.ts";
import type { Site } from "../env.ts";
import { Page } from "../layout.tsx";
import { CSRF_FIELD } from "../security.ts";
import { When } from "./entries-widgets.tsx";
import { DeskTable } from "./list-table.tsx";

/** A password or token shown once, after the action that made it; never stored or shown again. */
export interface ShownOnce {
  what: string;
  value: string;
  note: string;
}

function Csrf({ session }: { session: StaffSession }) {
  return <input type="hidden" name={CSRF_FIELD} value={session.csrfToken} />;
}

function MemberRow({ m, session }: { m: TeamMember; session: StaffSession }) {
  const base = `/desk/team/${m.id}`;
  return (
    <tr>
      <td>
        {m.name}
        <br />
        <span class="muted">{m.email}</span>
      </td>
      <td>
        <form method="post" action={`${base}/role`} class="inline-form">
          <Csrf session={session} />
          <label class="visually-hidden" for={`role-${m.id}`}>
            Role of {m.email}
          </label>
          <select id={`role-${m.id}`} name="role">
            {USER_ROLES.map((r) => (
              <option value={r} selected={m.role === r}>
                {r}
              </option>
            ))}
          </select>{" "}
          <button type="submit" class="subtle small">
            Change role<span class="visually-hidden"> of {m.email}</span>
          </button>
        </form>
      </td>
      <td>{m.disabled ? "Disabled" : "Active"}</td>
      <td>
        <form method="post" action={`${base}/${m.disabled ? "enable" : "disable"}`} class="inline-form">
          <Csrf session={session} />
          <button
            type="submit"
            class="subtle small"
            data-confirm={
              m.disabled ? undefined : `Disable ${m.email}? Their sessions and API tokens stop working.`
            }
          >
            {m.disabled ? "Enable" : "Disable"}
            <span class="visually-hidden"> {m.email}</span>
          </button>
        </form>{" "}
        <form method="post" action={`${base}/password`} class="inline-form">
          <Csrf session={session} />
          <button type="submit" class="subtle small" data-confirm={`Give ${m.email} a new password?`}>
            Reset password<span class="visually-hidden"> of {m.email}</span>
          </button>
        </form>
      </td>
    </tr>
  );
}

function TokenRow({ t, session }: { t: ApiTokenListRow; session: StaffSession }) {
  const expired = t.expires_at !== null && t.expires_at <= new Date().toISOString();
  return (
    <tr>
      <td>{t.name || <span class="muted">(no name)</span>}</td>
      <td>{t.user_email}</td>
      <td>
        <When iso={t.created_at} />
      </td>
      <td>{t.last_used_at ? <When iso={t.last_used_at} /> : "never"}</td>
      <td>
        {t.expires_at ? <When iso={t.expires_at} /> : "never"}
        {expired ? " (expired)" : ""}
      </td>
      <td>
        <form method="post" action={`/desk/team/tokens/${t.id}/revoke`} class="inline-form">
          <Csrf session={session} />
          <button
            type="submit"
            class="subtle small"
            data-confirm="Revoke this token? Programs using it stop working."
          >
            Revoke
            <span class="visually-hidden">
              {" "}
              token {t.name} of {t.user_email}
            </span>
          </button>
        </form>
      </td>
    </tr>
  );
}

/** /desk/team: the accounts, inviting one, and the API tokens. */
export function TeamPage(props: {
  site: Site;
  session: StaffSession;
  members: TeamMember[];
  tokens: ApiTokenListRow[];
  notice?: string;
  shown?: ShownOnce;
  error?: string;
}) {
  const { session } = props;
  return (
    <Page site={props.site} title="Team" session={session} current="team" scripts={["desk.js"]}>
      <h1>Team</h1>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.error ? (
        <p class="notice error" role="alert">
          {props.error}
        </p>
      ) : null}
      {props.shown ? (
        <section class="notice" role="status" aria-labelledby="shown-heading">
          <h2 id="shown-heading">{props.shown.what}</h2>
          <p>
            <code class="secret">{props.shown.value}</code>
          </p>
          <p>{props.shown.note}</p>
        </section>
      ) : null}
      <h2>Desk users</h2>
      <DeskTable class="desk-team" headers={["Who", "Role", "Status", { hidden: "Actions" }]}>
        {props.members.map((m) => (
          <MemberRow m={m} session={session} />
        ))}
      </DeskTable>
      <form method="post" action="/desk/team/invite" class="card" aria-labelledby="invite-heading">
        <h2 id="invite-heading">Invite someone</h2>
        <p class="muted">
          Their account is made with a generated password, shown here once: give it to them in person or by a
          channel you trust; they change it at “Change your password”.
        </p>
        <Csrf session={session} />
        <div class="field">
          <label for="invite-email">Email address</label>
          <input id="invite-email" name="email" type="email" required maxlength={254} />
        </div>
        <div class="field">
          <label for="invite-name">Name</label>
          <input id="invite-name" name="name" type="text" maxlength={200} />
        </div>
        <div class="field">
          <label for="invite-role">Role</label>
          <select id="invite-role" name="role">
            {USER_ROLES.map((r) => (
              <option value={r} selected={r === "summarizer"}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <div class="actions">
          <button type="submit">Invite</button>
        </div>
      </form>

      <h2>API tokens</h2>
      {props.tokens.length ? (
        <DeskTable
          class="desk-tokens"
          headers={["Name", "Acts as", "Created", "Last used", "Expires", { hidden: "Actions" }]}
        >
          {props.tokens.map((t) => (
            <TokenRow t={t} session={session} />
          ))}
        </DeskTable>
      ) : (
        <p class="muted">No API tokens.</p>
      )}
      <form method="post" action="/desk/team/tokens" class="card" aria-labelledby="token-heading">
        <h2 id="token-heading">Create an API token</h2>
        <Csrf session={session} />
        <div class="field">
          <label for="token-user">Acts as</label>
          <select id="token-user" name="user">
            {props.members
              .filter((m) => !m.disabled)
              .map((m) => (
                <option value={String(m.id)} selected={m.id === session.user.id}>
                  {m.email} ({m.role})
                </option>
              ))}
          </select>
        </div>
        <div class="field">
          <label for="token-name">What it is for</label>
          <input id="token-name" name="name" type="text" maxlength={100} />
        </div>
        <div class="field">
          <label for="token-days">
            Expires after (days) <span class="hint">(empty: until revoked)</span>
          </label>
          <input id="token-days" name="days" type="number" min={1} max={3650} inputmode="numeric" />
        </div>
        <div class="actions">
          <button type="submit">Create token</button>
        </div>
      </form>
    </Page>
  );
}
