import type { StaffSession } from "../../accounts/index.ts";
import type { SendSummary } from "../../delivery/index.ts";
import type { Site } from "../env.ts";
import { Page } from "../layout.tsx";
import { SendPanel, type SendPanelData } from "./issues-send.tsx";
import { count as n } from "./issues-send-format.ts";

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
