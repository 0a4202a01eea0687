// A minimal atlassian-connect-express (ACE) app with one JWT-authenticated admin page: the baseline that
// scripts/bench.sh measures our own JWT page against, in the same run on the same machine.
// ACE verifies the product's JWT (claims, signature, expiry, query string hash), looks the tenant up in its store and
// issues a session token; the page then renders that token into a small HTML page, as an ACE admin page does.
// BENCH_STORE chooses where ACE keeps its tenants: "sequelize" is the store ACE documents for production (Sequelize on
// PostgreSQL at DB_URL, asked once per request, as ours would be without its tenant cache); "bench-memory" is a map
// registered through ACE's adapter registry, the fastest store ACE can have and one no production app can use (it
// forgets every tenant on restart and cannot be shared by two instances). ACE's default, SQLite in memory, needs a
// native module this machine cannot build.
// Environment: PORT, AC_LOCAL_BASE_URL, BENCH_STORE, DB_URL, BENCH_CLIENT_KEY, BENCH_SHARED_SECRET, BENCH_BASE_URL.
const express = require("express");
const ace = require("atlassian-connect-express");
const stores = require("atlassian-connect-express/lib/store");

class MemoryStore {
  constructor() { this.values = new Map(); }
  isMemoryStore() { return true; }
  async get(key, clientKey) { return this.values.get(`${clientKey}/${key}`) ?? null; }
  async set(key, value, clientKey) { this.values.set(`${clientKey}/${key}`, value); return value; }
  async del(key, clientKey) { this.values.delete(`${clientKey}/${key}`); }
  async getAllClientInfos() {
    return [...this.values.entries()].filter(([k]) => k.endsWith("/clientInfo")).map(([, v]) => v);
  }
  async saveInstallation(value, clientKey) { return this.set("clientInfo", value, clientKey); }
}
stores.register("bench-memory", () => new MemoryStore());

const app = express();
app.set("env", "production");
const addon = ace(app);
// As ACE's app template does: ACE reads a JWT from the query or from a parsed form body.
app.use(express.json());
app.use(express.urlencoded({ extended: false }));
app.use(addon.middleware());

const escape = text => String(text).replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
app.get("/admin", addon.authenticate(), (req, res) => {
  res.type("html").send(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Admin</title>
<meta name="token" content="${escape(res.locals.token)}"></head>
<body><main><h1>Admin</h1><p>Site: ${escape(res.locals.hostBaseUrl)}</p></main></body></html>`);
});
app.get("/health", (req, res) => res.send("ok"));

addon.settings.set("clientInfo", {
  key: addon.key, clientKey: process.env.BENCH_CLIENT_KEY, sharedSecret: process.env.BENCH_SHARED_SECRET,
  baseUrl: process.env.BENCH_BASE_URL, productType: "jira", eventType: "installed",
}, process.env.BENCH_CLIENT_KEY).then(() => app.listen(Number(process.env.PORT), "127.0.0.1"));
