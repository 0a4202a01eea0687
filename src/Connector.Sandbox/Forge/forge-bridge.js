// The sandbox's stand-in for @forge/bridge: the same calls the shell makes (invokeRemote, view), answered by the
// sandbox playing Forge. The real shell code runs unchanged; only this module is swapped in.
const parameters = new URLSearchParams(location.search);
const site = location.pathname.split("/")[2];

export const view = {
  async getContext() {
    return { moduleKey: parameters.get("module"), siteUrl: parameters.get("siteUrl"), extension: { type: "jira:adminPage" } };
  },
  // Like Forge's history: its location is the admin page's route and query; replace() changes the site page's URL.
  async createHistory() {
    const search = new URLSearchParams();
    for (const name of ["run", "path"]) if (parameters.get(name)) search.set(name, parameters.get(name));
    const query = search.toString();
    return {
      location: { pathname: "/" + (parameters.get("route") || ""), search: query ? "?" + query : "" },
      listen() { return () => {}; },
      push(to) { this.replace(to); },
      replace(to) { window.parent.postMessage({ forgeHistory: true, search: (to && to.search) || "" }, "*"); },
    };
  },
};

export const router = { navigate() {}, open() {}, reload() { location.reload(); } };

export async function invokeRemote({ path, method, headers, body }) {
  const response = await fetch(`/forge-cdn/${site}/invoke?as=${encodeURIComponent(parameters.get("as") || "")}&module=${encodeURIComponent(parameters.get("module") || "")}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ path, method, headers: headers || {}, body }),
  });
  const data = response.status === 204 ? undefined : await response.json();
  if (!response.ok) throw new Error((data && data.message) || `the remote answered ${response.status}`);
  return data;
}
