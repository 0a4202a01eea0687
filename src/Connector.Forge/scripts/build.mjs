// Bundles @forge/bridge into static/shell/vendor/forge-bridge.js, so the shell stays plain HTML and one
// module of vanilla JavaScript (no framework, no app bundler). Run before `forge deploy`.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL("..", import.meta.url));
await build({
  stdin: { contents: 'export { invokeRemote, view, router } from "@forge/bridge";', resolveDir: here, loader: "js" },
  bundle: true,
  format: "esm",
  platform: "browser",
  minify: true,
  outfile: `${here}static/shell/vendor/forge-bridge.js`,
});
console.log("static/shell/vendor/forge-bridge.js written");
