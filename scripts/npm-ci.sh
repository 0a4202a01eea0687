#!/usr/bin/env bash
# Installs a folder's npm packages exactly as its package-lock.json pins them, and only when that lock changed
# since the last install (npm records the installed tree in node_modules/.package-lock.json).
#   scripts/npm-ci.sh src/Connector.Forge bench/ace
set -euo pipefail
for folder in "$@"; do
  if [ ! -f "$folder/node_modules/.package-lock.json" ] || [ "$folder/package-lock.json" -nt "$folder/node_modules/.package-lock.json" ]; then
    (cd "$folder" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done
