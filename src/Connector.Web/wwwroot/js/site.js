// Small helpers shared by every page. Pages stay server-rendered; this only adds comfort.
(function () {
  "use strict";

  // The session token the server issued for this page view. Links, forms and fetches carry it (no cookies
  // inside the product's frame); it is renewed before it expires, so a page left open keeps working.
  const meta = document.querySelector('meta[name="connect-session"]');
  const host = document.documentElement.dataset.host || "connect";
  let session = meta ? meta.content : "";

  const withToken = href => {
    const url = new URL(href, location.href);
    if (url.origin !== location.origin || !session) return href;
    url.searchParams.set("jwt", session);
    return url.toString();
  };

  window.connector = {
    get token() { return session; },
    fetch(url, init = {}) {
      const headers = new Headers(init.headers || {});
      if (session) headers.set("Authorization", "JWT " + session);
      return fetch(url, { ...init, headers });
    },
    /** The address with the current session token, for navigating or reloading after a renewal. */
    url: withToken,
  };

  function apply(token) {
    session = token;
    if (meta) meta.content = token;
    for (const field of document.querySelectorAll('input[name="jwt"]')) field.value = token;
    for (const link of document.querySelectorAll('a[href*="jwt="]')) link.href = withToken(link.getAttribute("href"));
  }

  // Connect: a context token from all.js, traded for a session at /api/session. Forge: the shell asks the app.
  async function freshToken() {
    if (host === "forge") return askShell();
    const contextToken = await window.AP.context.getToken();
    const response = await fetch("/api/session", { method: "POST", headers: { Authorization: "JWT " + contextToken } });
    if (!response.ok) throw new Error("session renewal answered " + response.status);
    return (await response.json()).token;
  }

  function askShell() {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the Forge shell did not answer")), 20000);
      const listen = event => {
        if (event.source !== window.parent || !event.data || event.data.connector !== "session") return;
        window.removeEventListener("message", listen);
        clearTimeout(timer);
        resolve(event.data.token);
      };
      window.addEventListener("message", listen);
      window.parent.postMessage({ connector: "renew-session" }, "*");
    });
  }

  const expiresAt = token => {
    try { return JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))).exp * 1000; } catch { return 0; }
  };

  // A minute before the token expires (at the latest), trade it for a fresh one; on failure, try again shortly.
  function scheduleRenewal() {
    const due = expiresAt(session) - Date.now() - 60000;
    if (!session || !due) return;
    setTimeout(async () => {
      try {
        apply(await freshToken());
        scheduleRenewal();
      } catch {
        setTimeout(scheduleRenewal, 15000);
      }
    }, Math.max(due, 1000));
  }
  scheduleRenewal();

  // A timer does not fire while a laptop sleeps: a click or a submit that would carry a lapsed token first
  // trades it for a fresh one, so what the admin typed is sent, not lost to a refused request.
  const lapsing = () => session && expiresAt(session) - Date.now() < 10000;
  let renewing = null;
  const renewNow = () => renewing || (renewing = freshToken().then(apply).finally(() => { renewing = null; }));

  document.addEventListener("submit", async event => {
    const form = event.target;
    if (!lapsing() || !form.querySelector('input[name="jwt"]') || form.dataset.renewed) return;
    event.preventDefault();
    try {
      await renewNow();
      form.dataset.renewed = "true";
      form.requestSubmit(event.submitter || undefined);
    } catch {
      sessionProblem(form);
    }
  });

  document.addEventListener("click", async event => {
    const link = event.target.closest && event.target.closest('a[href*="jwt="]');
    if (!link || !lapsing() || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    try {
      await renewNow();
      location.href = link.href;
    } catch {
      sessionProblem(link.closest("main") || document.body);
    }
  });

  function sessionProblem(near) {
    let note = document.getElementById("session-problem");
    if (!note) {
      note = document.createElement("p");
      note.id = "session-problem";
      note.className = "message message-error";
      note.setAttribute("role", "alert");
      note.textContent = "Your session could not be renewed, so nothing was sent and what you typed is still here. " +
        "Try again in a moment; if it keeps failing, copy your entries and reload the page in your browser.";
      near.prepend(note);
    }
    note.tabIndex = -1;
    note.focus();
  }

  // The refusal page's Reload button: the Forge shell opens the page again with a fresh session.
  for (const button of document.querySelectorAll("[data-reload-page]")) {
    button.addEventListener("click", () => window.parent.postMessage({ connector: "reload" }, "*"));
  }

  // Keep the inner page in Jira's own URL, so a reload or a shared link opens this page again: Connect through
  // AP.history (as ac.page), Forge through the shell's history.
  if (session) {
    const here = new URL(location.href);
    for (const name of [...here.searchParams.keys()]) if (name === "jwt" || name.startsWith("ac.") || ["xdm_e", "xdm_c", "cp", "lic", "cv", "tz", "loc", "user_id", "user_key", "xdm_deprecated_addon_key_do_not_use"].includes(name)) here.searchParams.delete(name);
    const page = here.pathname + here.search;
    if (host === "connect" && window.AP && window.AP.history) window.AP.history.replaceState({ query: { page } });
    else if (host === "forge") window.parent.postMessage({ connector: "navigated", page }, "*");
  }

  // Keep the product's frame as tall as our content: the body's height, not the document's scroll height, which is never
  // less than the frame itself (a frame sized for a long page would never shrink, and a dialog centred in it could sit
  // far below what the admin sees).
  const height = () => Math.ceil(document.body.getBoundingClientRect().height);
  window.addEventListener("load", () => {
    if (window.AP && typeof window.AP.resize === "function") window.AP.resize("100%", height() + "px");
    else if (host === "forge") window.parent.postMessage({ connector: "resize", height: height() }, "*");
  });
})();
