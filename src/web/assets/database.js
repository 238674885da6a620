// The database browser's enhancements; /database works without them (a GET form and links).
//  - facets fold into their <details> on phones, and stay open beside the results on wide screens
//  - the search box becomes a combobox (ARIA 1.2 pattern) offering, from /database/suggest, the
//    issue typed ("AN #53"), entries with every typed word, and people (authors, summarizers)
//  - j/k or the arrow keys move a visible selection through the results; Enter opens it
// Text from the server is only ever set with textContent: nothing here builds HTML.
(() => {
  const narrow = window.matchMedia("(max-width: 800px)");
  const facets = document.querySelector("details.db-facets");
  if (facets instanceof HTMLDetailsElement) {
    const fit = () => {
      facets.open = !narrow.matches;
    };
    fit();
    narrow.addEventListener("change", fit);
  }

  const typing = (el) =>
    el instanceof HTMLElement && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));

  // ---- Type-ahead ----
  const box = document.getElementById("db-q");
  if (box instanceof HTMLInputElement && box.dataset.suggest) {
    const endpoint = box.dataset.suggest;
    const list = document.createElement("ul");
    list.id = "db-suggestions";
    list.className = "db-suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggestions");
    list.hidden = true;
    box.parentElement.appendChild(list);
    const status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    box.parentElement.appendChild(status);
    box.setAttribute("role", "combobox");
    box.setAttribute("aria-autocomplete", "list");
    box.setAttribute("aria-controls", list.id);
    box.setAttribute("aria-expanded", "false");

    let items = [];
    let active = -1;
    let timer = 0;
    let latest = 0;

    const close = () => {
      list.hidden = true;
      box.setAttribute("aria-expanded", "false");
      box.removeAttribute("aria-activedescendant");
      active = -1;
    };
    const highlight = (index) => {
      const options = list.querySelectorAll("[role=option]");
      active = index;
      options.forEach((option, i) => {
        option.setAttribute("aria-selected", String(i === index));
      });
      if (index >= 0 && options[index]) {
        box.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else box.removeAttribute("aria-activedescendant");
    };
    const show = (suggestions) => {
      items = suggestions;
      list.replaceChildren();
      suggestions.forEach((s, i) => {
        const option = document.createElement("li");
        option.id = `db-suggestion-${i}`;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.kind = s.kind || "entry";
        if (s.kind && s.kind !== "entry") {
          const kind = document.createElement("span");
          kind.className = "db-suggestion-kind";
          kind.textContent = s.kind === "issue" ? "Issue" : "Person";
          option.appendChild(kind);
        }
        const title = document.createElement("span");
        title.textContent = s.title;
        option.appendChild(title);
        if (s.issue) {
          const issue = document.createElement("span");
          issue.className = "db-suggestion-issue";
          issue.textContent = s.issue;
          option.appendChild(issue);
        }
        // mousedown, not click: the box's blur would close the list before a click lands.
        option.addEventListener("mousedown", (event) => {
          event.preventDefault();
          window.location.href = s.href;
        });
        list.appendChild(option);
      });
      if (suggestions.length) {
        list.hidden = false;
        box.setAttribute("aria-expanded", "true");
        active = -1;
      } else close();
      status.textContent = suggestions.length
        ? `${suggestions.length} ${suggestions.length === 1 ? "suggestion" : "suggestions"}; use the arrow keys to choose.`
        : "";
    };
    const fetchSuggestions = async () => {
      const q = box.value.trim();
      const ticket = ++latest;
      if (q.length < 2) return close();
      try {
        const res = await fetch(`${endpoint}?${new URLSearchParams({ q })}`, {
          headers: { accept: "application/json" },
        });
        if (!res.ok || ticket !== latest) return;
        const data = await res.json();
        // Only the newest answer counts: a slow reply to an older prefix must not win.
        if (ticket === latest && box === document.activeElement) show(data.suggestions || []);
      } catch {
        close();
      }
    };
    box.addEventListener("input", () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, 150);
    });
    box.addEventListener("keydown", (event) => {
      const open = !list.hidden && items.length > 0;
      if (event.key === "ArrowDown" && open) {
        event.preventDefault();
        highlight((active + 1) % items.length);
      } else if (event.key === "ArrowUp" && open) {
        event.preventDefault();
        highlight(active <= 0 ? items.length - 1 : active - 1);
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        window.location.href = items[active].href;
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });
    box.addEventListener("blur", () => window.setTimeout(close, 100));
  }

  // ---- Moving through the results ----
  const results = () => Array.from(document.querySelectorAll("#db-results [data-result]"));
  let selected = -1;
  const select = (index) => {
    const all = results();
    if (all.length === 0) return;
    selected = Math.max(0, Math.min(index, all.length - 1));
    all.forEach((el, i) => {
      el.classList.toggle("selected", i === selected);
    });
    const el = all[selected];
    el.scrollIntoView({ block: "nearest" });
    // Focus the result's first link, so screen readers follow and Enter opens it natively.
    const link = el.querySelector("a[href]");
    if (link instanceof HTMLElement) link.focus({ preventScroll: true });
  };
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    const inResults = event.target instanceof Element && event.target.closest("#db-results");
    const free = event.target === document.body || inResults;
    if (event.key === "j" || (event.key === "ArrowDown" && free)) {
      event.preventDefault();
      select(selected + 1);
    } else if (event.key === "k" || (event.key === "ArrowUp" && free)) {
      event.preventDefault();
      select(selected - 1);
    } else if (event.key === "Enter" && selected >= 0 && !(event.target instanceof HTMLAnchorElement)) {
      const el = results()[selected];
      if (el?.dataset.result) window.location.href = el.dataset.result;
    }
  });
})();
