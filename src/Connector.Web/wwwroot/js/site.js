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
