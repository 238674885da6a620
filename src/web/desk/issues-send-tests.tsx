import type { StaffSession } from "../../accounts/index.ts";
import { CSRF_FIELD } from "../security.ts";
import type { SendPanelData } from "./issues-send.tsx";
import { count as n } from "./issues-send-format.ts";

/** A test copy to one address, in either edition. */
export function TestForm({ data, session }: { data: SendPanelData; session: StaffSession }) {
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
export function TestListForm({ data, session }: { data: SendPanelData; session: StaffSession }) {
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
