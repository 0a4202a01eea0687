#!/usr/bin/env bash
# Runs every test. Installs what the tests need when it is missing (Debian's postgresql, chromium and
# nodejs, the Forge app's and the benchmark's npm packages), starts the private PostgreSQL cluster, then runs the whole solution's tests and prints
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
# The Forge app's packages (@forge/manifest's schema, the validator) and the benchmark's atlassian-connect-express
# baseline (its smoke run is a test), as their lock files pin them; again only when a lock changed.
scripts/npm-ci.sh src/Connector.Forge bench/ace
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
