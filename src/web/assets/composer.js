// The issue composer's enhancements. Every action is a plain POST form that works without this
// file; with it, destructive actions ask first, the page comes back at the same scroll position
// after an action, and the preview's Markdown can be copied with one click.

const SCROLL_KEY = "summa.composer.scroll";

// Ask before actions marked data-confirm (removing an entry).
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  const question = form.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
    return;
  }
  // Each action redirects back to the composer: remember where the editor was.
  if (form.method.toLowerCase() === "post") {
    try {
      sessionStorage.setItem(SCROLL_KEY, JSON.stringify({ path: location.pathname, y: window.scrollY }));
    } catch {
      // Storage may be disabled; the anchor in the redirect still brings the entry into view.
    }
  }
});

window.addEventListener("load", () => {
  let saved = null;
  try {
    saved = JSON.parse(sessionStorage.getItem(SCROLL_KEY) ?? "null");
    sessionStorage.removeItem(SCROLL_KEY);
  } catch {
    saved = null;
  }
  if (saved && saved.path === location.pathname && typeof saved.y === "number") window.scrollTo(0, saved.y);
});

// "Copy Markdown": the button is hidden until this script shows it; the textarea stays selectable.
for (const button of document.querySelectorAll("button[data-copy]")) {
  if (!(button instanceof HTMLButtonElement) || !navigator.clipboard) continue;
  const source = document.getElementById(button.dataset.copy ?? "");
  if (!(source instanceof HTMLTextAreaElement)) continue;
  const status = button.parentElement?.querySelector(".copy-status");
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(source.value);
      if (status) status.textContent = "Copied.";
    } catch {
      source.focus();
      source.select();
      if (status) status.textContent = "Select all and copy (the browser refused the clipboard).";
    }
  });
}

// Reordering in place. Each list (ol[data-run]) holds the entries that are ordered among
// themselves; an entry moves within its list only. The ↑/↓ forms still work without this file
// (a post and a reload); with it, they and drag and drop post the new position with fetch, the
// item moves in place, focus stays on it, and #composer-live announces the move.
const live = document.getElementById("composer-live");

function announce(message) {
  if (!live) return;
  // Emptied first so that the same words twice are announced twice.
  live.textContent = "";
  window.setTimeout(() => {
    live.textContent = message;
  }, 30);
}

function entriesOf(list) {
  return [...list.children].filter((el) => el instanceof HTMLLIElement && el.dataset.entry);
}

/** Enables ↑/↓ by each item's place in its list, as the server would render them. */
function refreshButtons(list) {
  const items = entriesOf(list);
  items.forEach((item, i) => {
    const up = item.querySelector("form[data-move=up] button");
    const down = item.querySelector("form[data-move=down] button");
    if (up) up.disabled = i === 0;
    if (down) down.disabled = i === items.length - 1;
  });
}

function csrfOf(item) {
  const field = item.querySelector("input[name=_csrf]");
  return field instanceof HTMLInputElement ? field.value : "";
}

let busy = false;

/** Asks the server to put `item` at `position` (1-based); puts it back where it was if refused. */
async function place(item, position, restore) {
  const body = new URLSearchParams({ _csrf: csrfOf(item), position: String(position) });
  busy = true;
  item.setAttribute("aria-busy", "true");
  try {
    const res = await fetch(item.dataset.moveUrl, {
      method: "POST",
      body,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    const data = await res.json().catch(() => null);
    if (!res.ok || !data || data.error) {
      restore();
      const reason = data?.error?.message ?? `the server answered ${res.status}`;
      announce(`Not moved: ${reason}`);
      return false;
    }
    announce(data.message);
    return true;
  } catch {
    restore();
    announce("Not moved: the server could not be reached. Try again.");
    return false;
  } finally {
    busy = false;
    item.removeAttribute("aria-busy");
    const list = item.parentElement;
    if (list) refreshButtons(list);
  }
}

/** Moves `item` to index `to` of its list in the page; returns how to undo it. */
function moveInPage(item, to) {
  const list = item.parentElement;
  const next = item.nextElementSibling;
  const others = entriesOf(list).filter((x) => x !== item);
  list.insertBefore(item, others[to] ?? null);
  return () => list.insertBefore(item, next);
}

/** Keeps focus on the moved item: its pressed button, or the other one once that is disabled. */
function keepFocus(item, direction) {
  const pressed = item.querySelector(`form[data-move=${direction}] button`);
  const other = item.querySelector(`form[data-move=${direction === "up" ? "down" : "up"}] button`);
  const target = pressed && !pressed.disabled ? pressed : other && !other.disabled ? other : item;
  target.focus();
}

document.addEventListener(
  "submit",
  (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.move) return;
    const item = form.closest("li[data-move-url]");
    const list = item?.parentElement;
    if (!item || !list || !window.fetch) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    if (busy) return;
    const items = entriesOf(list);
    const from = items.indexOf(item);
    const to = form.dataset.move === "up" ? from - 1 : from + 1;
    if (to < 0 || to >= items.length) return;
    const restore = moveInPage(item, to);
    refreshButtons(list);
    keepFocus(item, form.dataset.move);
    place(item, to + 1, restore).then(() => keepFocus(item, form.dataset.move));
  },
  true,
);

// Drag and drop (HTML5): an item is dragged within its own list; a drop elsewhere is ignored.
let dragged = null;
let dragRestore = null;

document.addEventListener("dragstart", (event) => {
  const item = event.target instanceof Element ? event.target.closest("li[data-move-url]") : null;
  if (!item || busy) return;
  dragged = item;
  const list = item.parentElement;
  const next = item.nextElementSibling;
  dragRestore = () => list.insertBefore(item, next);
  item.classList.add("dragging");
  if (event.dataTransfer) {
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.dataset.title ?? "");
  }
});

document.addEventListener("dragover", (event) => {
  if (!dragged) return;
  const over = event.target instanceof Element ? event.target.closest("li[data-move-url]") : null;
  if (!over || over.parentElement !== dragged.parentElement) return;
  event.preventDefault();
  if (event.dataTransfer) event.dataTransfer.dropEffect = "move";
  if (over === dragged) return;
  const box = over.getBoundingClientRect();
  const after = event.clientY > box.top + box.height / 2;
  over.parentElement.insertBefore(dragged, after ? over.nextElementSibling : over);
});

document.addEventListener("drop", (event) => {
  if (dragged) event.preventDefault();
});

document.addEventListener("dragend", (event) => {
  const item = dragged;
  const restore = dragRestore;
  dragged = null;
  dragRestore = null;
  if (!item) return;
  item.classList.remove("dragging");
  const list = item.parentElement;
  const at = entriesOf(list).indexOf(item);
  restore();
  // Cancelled (Escape, or dropped outside its list): back where it was, nothing saved.
  if (event.dataTransfer?.dropEffect === "none") return;
  // Dropped where it started: nothing to save.
  if (at === entriesOf(list).indexOf(item)) return;
  const undo = moveInPage(item, at);
  refreshButtons(list);
  item.focus();
  place(item, at + 1, undo);
});
