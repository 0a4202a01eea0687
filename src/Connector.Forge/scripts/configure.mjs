// Sets the deploy-time values of manifest.yml in place, keeping its comments:
//   npm run configure -- --app-id ari:cloud:ecosystem::app/<uuid> --remote https://connector.example.com
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const option = name => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
const path = option("--manifest") ?? fileURLToPath(new URL("../manifest.yml", import.meta.url));
const appId = option("--app-id");
const remote = option("--remote")?.replace(/\/+$/, "");
if (!appId && !remote) {
  console.error("usage: npm run configure -- [--app-id ari:cloud:ecosystem::app/<uuid>] [--remote https://your-backend]");
  process.exit(2);
}
if (remote && !/^https:\/\/[^/]+/.test(remote)) {
  console.error("--remote must be the backend's https address (Forge only calls https remotes)");
  process.exit(2);
}

let manifest = readFileSync(path, "utf8");
if (appId) manifest = manifest.replace(/^(  id: ).*$/m, `$1${appId.startsWith("ari:") ? appId : `ari:cloud:ecosystem::app/${appId}`}`);
if (remote) {
  manifest = manifest.replace(/^(    baseUrl: ).*$/m, `$1${remote}`);
  manifest = manifest.replace(/^(    frames:\n      - ).*$/m, `$1${remote}`);
}
writeFileSync(path, manifest);
console.log(`manifest.yml: ${appId ? `app ${appId}` : ""}${appId && remote ? ", " : ""}${remote ? `remote ${remote}` : ""}`);
