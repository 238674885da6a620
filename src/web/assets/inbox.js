// Keyboard triage of the inbox: j / k move between candidates, p picks (with the row's chosen
// category and summarizer), d dismisses, s snoozes a week. Every action is the row's own form,
// which works without this script; here it is sent with fetch, the row leaves the list, the next
// one takes the focus and the live region says what happened. Loaded with `defer`; no inline code.

const list = document.querySelector(".inbox-list");
const status = document.getElementById("inbox-status");

function rows() {
  return list ? [...list.querySelectorAll(".inbox-row")] : [];
}

function say(text) {
  if (status) status.textContent = text;
}

function currentRow() {
  const active = document.activeElement;
  return active instanceof Element ? active.closest(".inbox-row") : null;
}

function focusRow(row) {
  if (!row) return;
  for (const r of rows()) r.classList.toggle("inbox-current", r === row);
  row.focus();
  row.scrollIntoView({ block: "nearest" });
}

function move(step) {
  const all = rows();
  if (all.length === 0) return;
  const at = all.indexOf(currentRow());
  const next = at < 0 ? (step > 0 ? 0 : all.length - 1) : Math.min(all.length - 1, Math.max(0, at + step));
  focusRow(all[next]);
}

/** Sends one of the row's forms; on success the row leaves and the next one is focused. */
async function act(row, action) {
  const form = row.querySelector(`form[data-action="${action}"]`);
  if (!(form instanceof HTMLFormElement)) return;
  const all = rows();
  const next = all[all.indexOf(row) + 1] ?? all[all.indexOf(row) - 1] ?? null;
  say("Working…");
  try {
    const res = await fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      headers: { accept: "application/json" },
    });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) {
      say(`Not done: ${body.error?.message ?? `HTTP ${res.status}`}`);
      return;
    }
    row.remove();
    // Its possible duplicates were set aside with it: they leave the list too.
    const aside = (Array.isArray(body.setAside) ? body.setAside : []).map((id) =>
      document.getElementById(`candidate-${id}`),
    );
    for (const r of aside) r?.remove();
    say(body.message ?? "Done.");
    const focus = next && !aside.includes(next) ? next : rows()[0];
    if (focus) focusRow(focus);
  } catch {
    say("Not done: the desk did not answer. The buttons in the row still work.");
  }
}

const KEYS = { p: "pick", d: "dismiss", s: "snooze" };

if (list) {
  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if (target instanceof HTMLElement && target.closest("input, select, textarea, [contenteditable]")) return;
    if (event.key === "j" || event.key === "k") {
      event.preventDefault();
      move(event.key === "j" ? 1 : -1);
      return;
    }
    const action = KEYS[event.key];
    const row = currentRow();
    if (!action || !row) return;
    event.preventDefault();
    act(row, action);
  });
  list.addEventListener("focusin", (event) => {
    const row = event.target instanceof Element ? event.target.closest(".inbox-row") : null;
    if (row) for (const r of rows()) r.classList.toggle("inbox-current", r === row);
  });
}
