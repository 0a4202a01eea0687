#!/usr/bin/env bash
# Runs the benchmarks: PostgreSQL, the sandbox and the app as separate processes on loopback; prints a
# Markdown table and writes it to bench/results/latest.md. About 10 minutes on 2 cores.
#   scripts/bench.sh            full sizes (10,000 and 100,000 users)
#   scripts/bench.sh --smoke    tiny sizes, under a minute (the test suite runs this too)
#   scripts/bench.sh --rate 80  the rate-limited scenario at 80 requests/s (default 50)
#   scripts/bench.sh --large    only a Full Import of 1,000,000 users (about 15 minutes); writes bench/results/large.md
#   scripts/bench.sh --pages    only the page scenarios, ours beside atlassian-connect-express (about 2 minutes)
# Needs Node.js and npm for the atlassian-connect-express baseline (scripts/test.sh installs Debian's nodejs).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v npm >/dev/null || { echo "bench: needs Node.js and npm (apt-get install nodejs npm, or run scripts/test.sh once)" >&2; exit 1; }
scripts/npm-ci.sh bench/ace
scripts/postgres.sh start
export ConnectionStrings__Connector="${ConnectionStrings__Connector:-$(scripts/postgres.sh url)}"
dotnet build Connector.sln -c Release -v quiet -nologo >/dev/null
exec dotnet bench/Connector.Benchmarks/bin/Release/net10.0/Connector.Benchmarks.dll "$@"
