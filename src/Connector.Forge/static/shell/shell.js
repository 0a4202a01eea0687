// The Forge shell: no framework, only @forge/bridge. It asks the backend (through invokeRemote, which carries the
// Forge Invocation Token and the app's tokens) for a session on the page this admin page shows, frames that
// page, and answers the page when it asks for a fresh session before its own expires.
import { invokeRemote, view } from "./vendor/forge-bridge.js";

const frame = document.getElementById("app");
const status = document.getElementById("status");
const defaults = { "connector-configure": "settings", "connector-get-started": "getting-started" };
let page = "connections";
let pageOrigin = null;
let appHistory = null;

const openSession = body => invokeRemote({ path: "/forge/session", method: "POST", body });

function say(message, problem = false) {
  status.textContent = message;
  status.classList.toggle("problem", problem);
  status.hidden = false;
  frame.hidden = true;
}

async function start() {
  const [context, history] = await Promise.all([view.getContext(), view.createHistory()]);
  appHistory = history;
  const location = history.location || {};
  page = (location.pathname || "").replace(/^\/+/, "").split("/")[0] || defaults[context.moduleKey] || "connections";
  const search = new URLSearchParams(location.search || "");
  // path: the inner page the app was on, kept in Jira's URL; run: a run an email links to.
  const session = await openSession({ page, run: search.get("run") || undefined, path: search.get("path") || undefined });
  pageOrigin = new URL(session.url).origin;
  frame.src = session.url;
  frame.hidden = false;
  status.hidden = true;
}

window.addEventListener("message", async event => {
  if (event.source !== frame.contentWindow || event.origin !== pageOrigin || !event.data) return;
  if (event.data.connector === "resize" && event.data.height > 0) frame.style.height = `${Math.max(600, event.data.height)}px`;
  // The page moved on inside the frame: keep where it is in Jira's URL, so a reload returns to it.
  if (event.data.connector === "navigated" && typeof event.data.page === "string" && appHistory)
    return appHistory.replace({ pathname: "/" + page, search: "?path=" + encodeURIComponent(event.data.page) });
  // The page's refusal page offers Reload: open the page again with a fresh session.
  if (event.data.connector === "reload") return start().catch(error => say(`MultiSource Connector could not open: ${error.message}`, true));
  if (event.data.connector !== "renew-session") return;
  try {
    const session = await openSession({ page });
    frame.contentWindow.postMessage({ connector: "session", token: session.token }, pageOrigin);
  } catch (error) {
    say(`Your session could not be renewed (${error.message}). Reload the page to continue.`, true);
  }
});

start().catch(error => say(error && error.message
  ? `MultiSource Connector could not open: ${error.message}`
  : "MultiSource Connector could not open. Reload the page, and if it keeps happening, ask your Jira administrator.", true));
