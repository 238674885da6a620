// The desk's enhancements; every page works without them (the entry form has a Preview
// button, the taxonomy's Remove buttons simply submit). Loaded with `defer`, so the DOM is ready.
// No inline scripts or styles: the CSP allows neither.

/** The session's CSRF token, from the form the element sits in (or the logout form). */
function csrfToken(form) {
  const field = (form ?? document).querySelector("input[name=_csrf]");
  return field instanceof HTMLInputElement ? field.value : "";
}

function debounce(fn, ms) {
  let timer = 0;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

// Live preview: the server renders the entry exactly as the issue will (cross-references
// resolved), so the preview never drifts from the real renderer.
function setUpPreview(form) {
  const target = document.getElementById("entry-preview");
  const url = form.dataset.previewUrl;
  if (!target || !url || form.querySelector("fieldset[disabled]")) return;
  const note = document.createElement("p");
  note.className = "muted preview-status";
  target.after(note);
  let inFlight = null;
  const refresh = debounce(async () => {
    inFlight?.abort();
    inFlight = new AbortController();
    try {
      const res = await fetch(url, {
        method: "POST",
        body: new URLSearchParams(new FormData(form)),
        headers: { "x-csrf-token": csrfToken(form) },
        signal: inFlight.signal,
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      // The fragment is server-rendered: every text escaped, Markdown with raw HTML off.
      target.innerHTML = await res.text();
      note.textContent = "";
    } catch (err) {
      if (err instanceof DOMException && err.name === "AbortError") return;
      note.textContent = "The preview could not be updated; the Preview button below the form still works.";
    }
  }, 400);
  form.addEventListener("input", refresh);
  form.addEventListener("change", refresh);
}

let listboxes = 0;

// `<@` autocomplete: typing `<@` and two letters in a summary or opinion offers matching
// titles; choosing one writes `<@Exact Title@>`. ARIA: the textarea owns a listbox through
// aria-controls and points at the active option with aria-activedescendant.
function setUpCrossrefs(textarea, titlesUrl) {
  const id = `crossref-${++listboxes}`;
  const list = document.createElement("ul");
  list.id = id;
  list.className = "crossref-list";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Entries to link");
  list.hidden = true;
  const status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  textarea.after(list, status);
  textarea.setAttribute("aria-controls", id);
  textarea.setAttribute("aria-autocomplete", "list");

  let items = [];
  let active = -1;
  let start = -1;
  let request = null;

  const close = () => {
    list.hidden = true;
    list.replaceChildren();
    items = [];
    active = -1;
    textarea.removeAttribute("aria-activedescendant");
  };
  const highlight = (i) => {
    active = i;
    for (const [n, li] of [...list.children].entries()) li.setAttribute("aria-selected", String(n === i));
    if (i >= 0) {
      textarea.setAttribute("aria-activedescendant", `${id}-${i}`);
      list.children[i]?.scrollIntoView({ block: "nearest" });
    } else textarea.removeAttribute("aria-activedescendant");
  };
  const choose = (i) => {
    const item = items[i];
    if (!item) return;
    const caret = textarea.selectionStart;
    let rest = textarea.value.slice(caret);
    if (rest.startsWith("@>")) rest = rest.slice(2);
    const inserted = `<@${item.title}@>`;
    textarea.value = textarea.value.slice(0, start) + inserted + rest;
    const at = start + inserted.length;
    textarea.setSelectionRange(at, at);
    close();
    textarea.focus();
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  };
  const show = (titles) => {
    items = titles;
    list.replaceChildren(
      ...titles.map((t, i) => {
        const li = document.createElement("li");
        li.id = `${id}-${i}`;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.textContent = t.title;
        if (t.issue) {
          const issue = document.createElement("span");
          issue.className = "muted";
          issue.textContent = ` (${t.issue})`;
          li.append(issue);
        }
        // mousedown, not click: the textarea keeps focus and its caret.
        li.addEventListener("mousedown", (event) => {
          event.preventDefault();
          choose(i);
        });
        return li;
      }),
    );
    list.hidden = titles.length === 0;
    status.textContent = titles.length
      ? `${titles.length} entries match; arrows to choose, Enter to link.`
      : "";
    highlight(titles.length ? 0 : -1);
  };
  const lookup = debounce(async (text) => {
    request?.abort();
    request = new AbortController();
    try {
      const res = await fetch(`${titlesUrl}?q=${encodeURIComponent(text)}`, { signal: request.signal });
      if (res.ok) show((await res.json()).titles ?? []);
    } catch {
      // A failed lookup only means no suggestions; typing goes on.
    }
  }, 200);

  textarea.addEventListener("input", () => {
    const before = textarea.value.slice(0, textarea.selectionStart);
    const at = before.lastIndexOf("<@");
    const typed = at >= 0 ? before.slice(at + 2) : "";
    if (at < 0 || typed.includes("@>") || typed.includes("\n") || typed.trim().length < 2) {
      close();
      return;
    }
    start = at;
    lookup(typed.trim());
  });
  textarea.addEventListener("keydown", (event) => {
    if (list.hidden) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      highlight((active + step + items.length) % items.length);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      choose(active);
    } else if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  });
  textarea.addEventListener("blur", () => setTimeout(close, 150));
}

// Below 1000 px the form and its preview share one column; rather than leave the preview a
// screen or two below the text box, they become Write / Preview tabs (the ARIA tabs pattern:
// arrows, Home and End move between the tabs, only the selected tab is in the Tab order).
// From 1000 px the two stand side by side and the tabs go away. Without this script the
// preview stays below the form.
const TABS_QUERY = "(max-width: 999px)";

function setUpEditorTabs(form) {
  const preview = document.querySelector(".desk-editor .desk-preview");
  const container = form.parentElement;
  if (!preview || !container?.classList.contains("desk-editor")) return;
  preview.id ||= "entry-preview-panel";
  const panels = [form, preview];
  const ownLabels = panels.map((panel) => panel.getAttribute("aria-labelledby"));
  const tablist = document.createElement("div");
  tablist.className = "desk-tabs";
  tablist.setAttribute("role", "tablist");
  tablist.setAttribute("aria-label", "Entry");
  const tabs = ["Write", "Preview"].map((label, i) => {
    const tab = document.createElement("button");
    tab.type = "button";
    tab.id = `entry-tab-${label.toLowerCase()}`;
    tab.textContent = label;
    tab.setAttribute("role", "tab");
    tab.setAttribute("aria-controls", panels[i].id);
    tablist.append(tab);
    return tab;
  });
  container.before(tablist);

  let selected = 0;
  const select = (index, focus) => {
    selected = index;
    for (const [i, tab] of tabs.entries()) {
      tab.setAttribute("aria-selected", String(i === index));
      tab.tabIndex = i === index ? 0 : -1;
      panels[i].hidden = i !== index;
    }
    if (focus) tabs[index].focus();
  };
  tablist.addEventListener("click", (event) => {
    const index = tabs.indexOf(event.target instanceof Element ? event.target.closest("[role=tab]") : null);
    if (index >= 0) select(index, true);
  });
  tablist.addEventListener("keydown", (event) => {
    const moves = { ArrowRight: selected + 1, ArrowLeft: selected - 1, Home: 0, End: tabs.length - 1 };
    if (!(event.key in moves)) return;
    event.preventDefault();
    select((moves[event.key] + tabs.length) % tabs.length, true);
  });

  const media = window.matchMedia(TABS_QUERY);
  // A link to a field (the error summary's) first brings the form back from behind its tab.
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest('a[href^="#field-"]') : null;
    if (link && media.matches && form.querySelector(link.getAttribute("href"))) select(0, false);
  });
  const apply = () => {
    if (media.matches) {
      for (const [i, panel] of panels.entries()) {
        panel.setAttribute("role", "tabpanel");
        panel.setAttribute("aria-labelledby", tabs[i].id);
      }
      select(selected, false);
    } else {
      // Side by side: both panels shown, no tab semantics left behind.
      for (const [i, panel] of panels.entries()) {
        panel.hidden = false;
        panel.removeAttribute("role");
        if (ownLabels[i]) panel.setAttribute("aria-labelledby", ownLabels[i]);
        else panel.removeAttribute("aria-labelledby");
      }
    }
  };
  media.addEventListener("change", apply);
  apply();
}

// Autosave and the unsaved-changes warning. The form says where to autosave only when a save
// keeps the entry's review state (never for a summarizer's submitted entry); the server checks
// the version as for Save, so an autosave never overwrites someone else's change either.
function setUpAutosave(form) {
  if (form.querySelector("fieldset[disabled]")) return;
  const url = form.dataset.autosaveUrl;
  const status = document.getElementById("autosave-status");
  const version = form.querySelector("input[name=version]");
  let edits = 0; // changes typed since the last successful save
  let stopped = false;
  const say = (text) => {
    if (status) status.textContent = text;
  };
  const save = debounce(
    async () => {
      if (!url || stopped || edits === 0) return;
      const sent = edits;
      try {
        const res = await fetch(url, {
          method: "POST",
          body: new URLSearchParams(new FormData(form)),
          headers: { "x-csrf-token": csrfToken(form), accept: "application/json" },
        });
        const body = await res.json().catch(() => ({}));
        if (!res.ok) {
          // A conflict stops autosaving: Save then shows the other person's change beside this text.
          if (res.status === 409) stopped = true;
          say(`Couldn't save: ${body.error?.message ?? `HTTP ${res.status}`}`);
          return;
        }
        if (version instanceof HTMLInputElement) version.value = String(body.version);
        edits -= sent;
        const at = new Date(body.at ?? Date.now());
        const hhmm = `${String(at.getHours()).padStart(2, "0")}:${String(at.getMinutes()).padStart(2, "0")}`;
        say(`Saved at ${hhmm}`);
      } catch {
        say("Couldn't save: the desk did not answer; your text is still here.");
      }
    },
    Number(form.dataset.autosaveDelay ?? 2000),
  );
  const changed = () => {
    edits++;
    save();
  };
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  // Saving with the button is leaving on purpose.
  form.addEventListener("submit", () => {
    edits = 0;
  });
  window.addEventListener("beforeunload", (event) => {
    if (edits === 0) return;
    event.preventDefault();
    event.returnValue = "";
  });
}

const entryForm = document.getElementById("entry-form");
if (entryForm instanceof HTMLFormElement) {
  setUpPreview(entryForm);
  setUpEditorTabs(entryForm);
  setUpAutosave(entryForm);
  const titlesUrl = entryForm.dataset.titlesUrl;
  if (titlesUrl && !entryForm.querySelector("fieldset[disabled]"))
    for (const textarea of entryForm.querySelectorAll("textarea[data-crossref]"))
      setUpCrossrefs(textarea, titlesUrl);
}

// Buttons that destroy something ask first (the taxonomy's Remove).
document.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest("button[data-confirm]") : null;
  if (button && !window.confirm(button.getAttribute("data-confirm") ?? "Are you sure?"))
    event.preventDefault();
});
