// Small helpers shared by every page. Pages stay server-rendered; this only adds comfort.
(function () {
  "use strict";

  // The session token the server issued for this page view; scripts send it on fetches.
  const session = document.querySelector('meta[name="connect-session"]')?.content || "";

  window.connector = {
    fetch(url, init = {}) {
      const headers = new Headers(init.headers || {});
      if (session) headers.set("Authorization", "JWT " + session);
      return fetch(url, { ...init, headers });
    },
  };

  // Keep the product's iframe as tall as our content.
  window.addEventListener("load", () => {
    if (window.AP && typeof window.AP.resize === "function") window.AP.resize();
  });
})();

// A dialog the server rendered open becomes a real modal: focus stays inside, Escape closes it.
document.addEventListener("DOMContentLoaded", () => {
  for (const dialog of document.querySelectorAll("dialog[data-modal][open]")) {
    dialog.close();
    dialog.showModal();
  }
  for (const message of document.querySelectorAll("[data-flag]")) {
    if (window.AP && window.AP.flag) window.AP.flag.create({ title: message.textContent.trim(), type: message.dataset.flag, close: "auto" });
  }
});
