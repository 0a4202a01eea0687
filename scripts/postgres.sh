#!/usr/bin/env bash
# A private PostgreSQL cluster for development and tests, owned by this checkout.
#
#   scripts/postgres.sh start    install Debian's postgresql if missing, create the cluster, start it
#   scripts/postgres.sh stop     stop it
#   scripts/postgres.sh status   say whether it runs
#   scripts/postgres.sh url      print the connection string the app and tests use
#
# The cluster lives in .data/postgres (git-ignored), listens on 127.0.0.1 only, and accepts the
# password-authenticated superuser "connector". Everything is idempotent: a second start says
# "already running". It uses port 54329, or the next free one if another program holds that when
# the cluster is created (remembered for later); set CONNECTOR_PG_PORT to choose one yourself.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
requested_port="${CONNECTOR_PG_PORT:-}"
port="${requested_port:-54329}"
user="connector"
password="connector"
database="connector"

say() { echo "postgres: $*" >&2; }

find_bin_dir() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    say "need root to run: $*"; exit 1
  fi
}

install_if_missing() {
  if [ -n "$(find_bin_dir)" ]; then return; fi
  say "installing Debian's postgresql (one time)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  # The package starts a system cluster of its own on 5432; we never use it.
}

# PostgreSQL refuses to run as root, so as root the cluster belongs to the package's "postgres"
# user; that user must be able to reach the data folder, otherwise we fall back to /tmp.
data_dir() {
  local dir="$here/.data/postgres"
  if [ "$(id -u)" -eq 0 ]; then
    mkdir -p "$dir"
    chown postgres:postgres "$dir"
    if ! runuser -u postgres -- test -w "$dir"; then
      dir="/tmp/connector-postgres-$(echo "$here" | sha1sum | cut -c1-12)"
      mkdir -p "$dir" && chown postgres:postgres "$dir"
    fi
  fi
  mkdir -p "$dir"
  echo "$dir"
}

run_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

is_running() {
  local bin="$1" dir="$2"
  [ -f "$dir/PG_VERSION" ] && run_pg "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1
}

psql_admin() {
  PGPASSWORD="$password" "$(find_bin_dir)/psql" -h 127.0.0.1 -p "$port" -U "$user" -d postgres -v ON_ERROR_STOP=1 -qtA "$@"
}

ensure_database() {
  if [ -z "$(psql_admin -c "select 1 from pg_database where datname = '$database'")" ]; then
    psql_admin -c "create database $database" >/dev/null
  fi
}

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The port this checkout's cluster uses: the one it was created with (remembered in the data folder),
# else 54329 or, when another program holds that and no port was asked for, the next free one.
choose_port() {
  local dir="$1"
  if [ -z "$requested_port" ] && [ -f "$dir/connector.port" ]; then port="$(cat "$dir/connector.port")"; fi
  if [ -z "$requested_port" ] && [ ! -f "$dir/PG_VERSION" ]; then
    while port_taken "$port" && [ "$port" -lt 54429 ]; do port=$((port + 1)); done
  fi
}

start() {
  install_if_missing
  local bin dir
  bin="$(find_bin_dir)"
  dir="$(data_dir)"
  choose_port "$dir"
  if is_running "$bin" "$dir"; then
    ensure_database
    say "already running on 127.0.0.1:$port ($dir)"
    return
  fi
  if port_taken "$port"; then
    say "port $port is already taken by another program (another PostgreSQL?). Stop it, or set CONNECTOR_PG_PORT to a free port."
    exit 1
  fi
  if [ ! -f "$dir/PG_VERSION" ]; then
    say "creating a private cluster in $dir"
    local pwfile
    pwfile="$(mktemp)"
    echo "$password" >"$pwfile"
    chmod 644 "$pwfile"
    run_pg "$bin/initdb" -D "$dir" -U "$user" --pwfile="$pwfile" --auth=scram-sha-256 \
      --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
    echo "$port" >"$dir/connector.port"
    cat >>"$dir/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = ''
max_connections = 300
shared_buffers = 256MB
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
    # fsync is off because this cluster only ever holds development and test data.
  fi
  run_pg "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 start >/dev/null
  ensure_database
  say "running on 127.0.0.1:$port ($dir)"
}

stop() {
  local bin dir
  bin="$(find_bin_dir)" || { say "not installed"; return; }
  dir="$(data_dir)"
  if is_running "$bin" "$dir"; then
    run_pg "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null
    say "stopped"
  else
    say "not running"
  fi
}

status() {
  local bin dir
  bin="$(find_bin_dir)" || { say "not installed"; exit 3; }
  dir="$(data_dir)"
  choose_port "$dir"
  if is_running "$bin" "$dir"; then say "running on 127.0.0.1:$port ($dir)"; else say "not running"; exit 3; fi
}

url() {
  choose_port "$(data_dir)"
  echo "Host=127.0.0.1;Port=$port;Database=$database;Username=$user;Password=$password"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  url) url ;;
  *) echo "usage: $0 start|stop|status|url" >&2; exit 2 ;;
esac
