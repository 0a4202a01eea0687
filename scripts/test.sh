#!/usr/bin/env bash
# Runs every test. Installs what the tests need when it is missing (Debian's postgresql, chromium and
# nodejs, the Forge app's npm packages), starts the private PostgreSQL cluster, then runs the whole solution's tests and prints
# one summary line. Needs no standard input; CI calls exactly this (.ci/run).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if [ ! -x /usr/bin/chromium ]; then
  echo "test: installing Debian's chromium (one time)" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if ! command -v npm >/dev/null; then
  echo "test: installing Debian's nodejs and npm (one time; the Forge app's manifest is checked with them)" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
# The Forge app's packages (@forge/manifest's schema, the validator), as its lock file pins them; again only when the lock changed.
forge="src/Connector.Forge"
if [ ! -f "$forge/node_modules/.package-lock.json" ] || [ "$forge/package-lock.json" -nt "$forge/node_modules/.package-lock.json" ]; then
  (cd "$forge" && npm ci --no-audit --no-fund --loglevel=error)
fi
scripts/postgres.sh start

log="$(mktemp)"
set +e
dotnet test Connector.sln -c Release --nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "Summary: $passed passed, $failed failed"
exit "$status"
