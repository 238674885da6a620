// "Fill from URL" in the entry editor, without a page load: asks the desk for the paper's
// fields (arXiv or DOI) and fills only the empty ones, as the no-JavaScript submit does.
// Its own file, loaded beside desk.js, so it is read only where the editor is.

const fillButton = document.querySelector("#entry-form button[data-fill-url]");
if (fillButton instanceof HTMLButtonElement) {
  const form = fillButton.form;
  const status = document.getElementById("entry-fill-status");
  const say = (text) => {
    if (status) status.textContent = text;
  };
  fillButton.addEventListener("click", async (event) => {
    event.preventDefault();
    const url = form?.querySelector("[name=url]");
    if (!(url instanceof HTMLInputElement) || url.value.trim() === "") {
      say("Type an arXiv or DOI address in URL first.");
      return;
    }
    fillButton.disabled = true;
    say("Looking it up…");
    try {
      const res = await fetch(`${fillButton.dataset.fillUrl}?url=${encodeURIComponent(url.value.trim())}`, {
        headers: { accept: "application/json" },
      });
      const body = await res.json();
      if (!res.ok) {
        say(body?.error?.message ?? `The lookup failed (HTTP ${res.status}).`);
        return;
      }
      const filled = [];
      for (const [name, value] of Object.entries(body.fields ?? {})) {
        const field = form?.querySelector(`[name="${name}"]`);
        if (!(field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement)) continue;
        if (field.value.trim() !== "" || !value) continue;
        field.value = String(value);
        // The live preview and autosave listen for input.
        field.dispatchEvent(new Event("input", { bubbles: true }));
        filled.push(field.labels?.[0]?.textContent?.trim() || name);
      }
      say(
        filled.length ? `Filled ${filled.join(", ")}.` : "Nothing to fill: those fields already have values.",
      );
    } catch {
      say("The lookup failed; check the connection and try again.");
    } finally {
      fillButton.disabled = false;
    }
  });
}

// "Already in the database": when the URL or the title loses focus, the entries they repeat
// (the save asks again, with "Save anyway", whatever happens here).
const duplicatesBox = document.getElementById("entry-duplicates");
const entryFormForDuplicates = document.getElementById("entry-form");
if (duplicatesBox && entryFormForDuplicates instanceof HTMLFormElement) {
  const check = async () => {
    const params = new URLSearchParams();
    for (const name of ["url", "title", "id"]) {
      const field = entryFormForDuplicates.querySelector(`[name="${name}"]`);
      if (field instanceof HTMLInputElement && field.value.trim() !== "")
        params.set(name, field.value.trim());
    }
    if (!params.has("url") && !params.has("title")) {
      duplicatesBox.replaceChildren();
      return;
    }
    try {
      const res = await fetch(`${duplicatesBox.dataset.duplicatesUrl}?${params}`, {
        headers: { accept: "application/json" },
      });
      if (!res.ok) return;
      const { duplicates } = await res.json();
      const items = (duplicates ?? []).map((d) => {
        const li = document.createElement("li");
        const link = document.createElement("a");
        link.href = d.href;
        link.textContent = d.text;
        li.append(link);
        return li;
      });
      if (!items.length) {
        duplicatesBox.replaceChildren();
        return;
      }
      const list = document.createElement("ul");
      list.className = "notice error entry-duplicates";
      list.append(...items);
      duplicatesBox.replaceChildren(list);
    } catch {
      // A warning that cannot be fetched is no warning; the save still checks.
    }
  };
  for (const name of ["url", "title"])
    entryFormForDuplicates.querySelector(`[name="${name}"]`)?.addEventListener("blur", check);
}
