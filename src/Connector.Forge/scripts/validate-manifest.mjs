// Checks manifest.yml offline against the JSON schema @forge/manifest ships (the Forge CLI cannot reach Atlassian
// from every machine), then prints what the backend and the sandbox rely on: the remote's trigger routes.
// Exit code 1 with the schema's complaints when the manifest is invalid.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import { load } from "js-yaml";

const require = createRequire(import.meta.url);
const here = fileURLToPath(new URL("..", import.meta.url));
const manifestPath = process.argv[2] ?? `${here}manifest.yml`;
// The package exports its schema as "@forge/manifest/schema.json" (out/schema/manifest-schema.json).
const schema = JSON.parse(readFileSync(require.resolve("@forge/manifest/schema.json"), "utf8"));
const manifest = load(readFileSync(manifestPath, "utf8"));

const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
const validate = ajv.compile(schema);
if (!validate(manifest)) {
  for (const error of validate.errors) console.error(`${error.instancePath || "/"} ${error.message} ${JSON.stringify(error.params)}`);
  process.exit(1);
}

const endpoints = Object.fromEntries(manifest.modules.endpoint.map(e => [e.key, e]));
const routeOf = key => endpoints[key]?.route?.path ?? null;
console.log(JSON.stringify({
  valid: true,
  appId: manifest.app.id,
  remote: manifest.remotes[0].baseUrl,
  frames: manifest.permissions.external.frames,
  lifecycleRoute: routeOf(manifest.modules.trigger[0].endpoint),
  lifecycleEvents: manifest.modules.trigger[0].events,
  refreshRoute: routeOf(manifest.modules.scheduledTrigger[0].endpoint),
  refreshInterval: manifest.modules.scheduledTrigger[0].interval,
  adminPageRoutes: manifest.modules["jira:adminPage"].flatMap(p => (p.pages ?? []).map(page => page.route)),
  scopes: manifest.permissions.scopes,
}));
