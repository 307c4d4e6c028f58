#!/usr/bin/env bash
# Start or stop a throw-away PostgreSQL server on 127.0.0.1 for the tests.
#   scripts/postgres.sh start DIR [PORT]   prints the URL of an empty database
#   scripts/postgres.sh stop DIR
# PostgreSQL refuses to run as root, so as root the server runs as the
# `postgres` user. Installs the Debian package if the server is missing and
# we are root (CI); otherwise says so and exits 3.
set -euo pipefail
action=${1:?start|stop}; dir=${2:?data folder}; port=${3:-55432}

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pgbin=$(find_bin || true)
if [ -z "$pgbin" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing PostgreSQL from Debian packages..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends postgresql >&2
    pgbin=$(find_bin)
  else
    echo "PostgreSQL is not installed; its tests will be skipped" >&2
    exit 3
  fi
fi

case "$action" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_owner "$pgbin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 \
        --locale=C.UTF-8 >/dev/null
    fi
    as_owner "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" \
      start >/dev/null
    echo "postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    [ -f "$dir/data/postmaster.pid" ] && as_owner "$pgbin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null
    ;;
  *) echo "unknown action $action" >&2; exit 2 ;;
esac
