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
