// Unotify dashboard: the few things a page cannot do alone. Served by the host; no other script runs (the pages'
// content security policy allows only this file).
"use strict";

// A form with data-confirm asks before it is sent (purge, delete).
document.addEventListener("submit", (event) => {
  const question = event.target.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// A button with data-copy copies the text of the element it names.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const source = document.getElementById(button.getAttribute("data-copy"));
  if (!source) return;
  try {
    await navigator.clipboard.writeText(source.textContent.trim());
    button.textContent = "Copied";
  } catch {
    button.textContent = "Select and copy it";
  }
});

// A table body with data-live reloads its rows from that address every few seconds: new deliveries appear without a
// reload. The rows come rendered (and escaped) by the server.
for (const body of document.querySelectorAll("tbody[data-live]")) {
  const refresh = async () => {
    try {
      const response = await fetch(body.getAttribute("data-live"), { credentials: "same-origin", headers: { "Accept": "text/html" } });
      if (response.ok) {
        const html = await response.text();
        if (html !== body.dataset.last) {
          body.innerHTML = html;
          body.dataset.last = html;
        }
      }
    } finally {
      setTimeout(refresh, 2000);
    }
  };
  setTimeout(refresh, 2000);
}
