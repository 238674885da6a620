// Enhancements every page shares; pages work without them. "/" focuses the page's search box
// (or goes to the database's), as on GitHub and Gmail.
document.addEventListener("keydown", (event) => {
  if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (
    target instanceof HTMLElement &&
    (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
  )
    return;
  const box = document.querySelector("input[type=search]");
  event.preventDefault();
  if (box instanceof HTMLInputElement) {
    box.focus();
    box.select();
  } else window.location.href = "/database";
});
