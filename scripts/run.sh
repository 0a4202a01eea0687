#!/usr/bin/env bash
# Runs the app with its local Atlassian sandbox: PostgreSQL (installed from apt if missing), the
# sandbox on 127.0.0.1:5090, the app on 127.0.0.1:5080, the app installed into the sandbox's sites
# (acme and globex through Connect, umbrella through Forge, and acme's Confluence through the Confluence app).
# Prints the URL to open; the app's and the sandbox's logs go to .data/logs so the URL stays in view.
# Ctrl+C stops everything it started (PostgreSQL keeps running; see scripts/postgres.sh stop).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
app_port="${CONNECTOR_APP_PORT:-5080}"
sandbox_port="${CONNECTOR_SANDBOX_PORT:-5090}"
app_url="http://127.0.0.1:$app_port"
sandbox_url="http://127.0.0.1:$sandbox_port"
logs="$here/.data/logs"
mkdir -p "$logs"

if ! command -v curl >/dev/null; then
  [ "$(id -u)" -eq 0 ] && apt-get install -y -qq curl >/dev/null || sudo apt-get install -y -qq curl >/dev/null
fi
scripts/postgres.sh start
echo "run: building (Release)…" >&2
dotnet build Connector.sln -c Release -nologo -v minimal -clp:NoSummary

# A local certificate that encrypts the Data Protection key ring, as production must have one
# (without it ASP.NET warns that keys are stored unencrypted). Made once, kept in .data.
certificate="$here/.data/data-protection.pfx"
if [ ! -f "$certificate" ] && command -v openssl >/dev/null; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=connector-local-data-protection" \
    -keyout "$here/.data/data-protection.key" -out "$here/.data/data-protection.crt" 2>/dev/null
  openssl pkcs12 -export -passout pass: -inkey "$here/.data/data-protection.key" \
    -in "$here/.data/data-protection.crt" -out "$certificate"
fi
if [ -f "$certificate" ]; then
  export DataProtection__CertificatePath="$certificate" DataProtection__CertificatePassword=""
else
  echo "run: openssl is missing, so the Data Protection key ring stays unencrypted locally (ASP.NET warns; fine for a trial)" >&2
fi

export ConnectionStrings__Connector="${ConnectionStrings__Connector:-$(scripts/postgres.sh url)}"
export Connect__BaseUrl="$app_url"
export Connect__InstallKeysBaseUrl="$sandbox_url/install-keys"
export Connect__AllJsUrl="$sandbox_url/all.js"
export Atlassian__ApiGatewayUrl="$sandbox_url/gateway"
export Sources__AllowLoopback=true # the sandbox's sites are on loopback; production leaves this off
export Sources__EntraLoginUrl="$sandbox_url/entra"   # the sandbox plays Microsoft's identity platform
export Sources__GraphUrl="$sandbox_url/graph"          # and Microsoft Graph, for Entra ID sources
export Sources__HubSpotUrl="$sandbox_url/hubspot"      # and HubSpot's API (Jira Data Center and Salesforce are typed URLs)
export Support__Contact="${Support__Contact:-support@multisource-connector.example}"
export Sandbox__BaseUrl="$sandbox_url"
export Sandbox__AppBaseUrl="$app_url"
export Sandbox__Sites__0=acme Sandbox__Sites__1=globex Sandbox__Sites__2=umbrella
# The sandbox plays Forge as well: the app accepts its invocation tokens, and frames under its shell's origin.
forge_app="ari:cloud:ecosystem::app/5d1e8b0c-3f4a-4b6e-9c2d-7a8b9c0d1e2f"
export Forge__Enabled=true Forge__AppId="$forge_app" Forge__JwksUrl="$sandbox_url/forge/.well-known/jwks.json"
export Forge__ShellOrigins__0="http://localhost:$sandbox_port"
export Logging__Format="${Logging__Format:-simple}"

pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

dotnet src/Connector.Sandbox/bin/Release/net10.0/Connector.Sandbox.dll --urls "$sandbox_url" >"$logs/sandbox.log" 2>&1 &
pids+=($!)
dotnet src/Connector.Web/bin/Release/net10.0/Connector.Web.dll --urls "$app_url" >"$logs/app.log" 2>&1 &
pids+=($!)

wait_for() {
  for _ in $(seq 1 120); do
    curl -fsS "$1" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "run: $1 did not come up; the last lines of its log:" >&2
  tail -n 20 "$2" >&2
  exit 1
}
wait_for "$app_url/health" "$logs/app.log"
wait_for "$sandbox_url/sandbox/sites" "$logs/sandbox.log"

for site in acme globex; do
  curl -fsS -X POST "$sandbox_url/sandbox/sites/$site/install" >/dev/null
done
curl -fsS -X POST "$sandbox_url/sandbox/sites/umbrella/forge/install" >/dev/null
# The Confluence app (its own key and baseUrl, ours + /confluence) into acme's Confluence, beside acme's Jira.
curl -fsS -X POST "$sandbox_url/sandbox/sites/acme/confluence/install" >/dev/null

cat <<TXT

  MultiSource Connector is running.

  Open $sandbox_url/site/acme/admin/getting-started
  (a Jira-like admin screen of the sandbox site "acme", with the Connect app installed; switch site or user at the top)

  In Confluence: $sandbox_url/site/acme/wiki/admin
  (acme's Confluence administration, below /wiki, with the Confluence app installed: a tenant of its own)

  Through Forge: $sandbox_url/site/umbrella/jira/settings/apps/5d1e8b0c-3f4a-4b6e-9c2d-7a8b9c0d1e2f/8c4e2b1a-9f3d-4e5c-a6b7-0d1e2f3a4b5c/connections
  (the sandbox site "umbrella" with the Forge app: the shell from another origin, no CSM credential to give)

  App health: $app_url/health
  Logs:       .data/logs/app.log and .data/logs/sandbox.log (tail -f them in another terminal)
  Press Ctrl+C to stop.

TXT
wait
