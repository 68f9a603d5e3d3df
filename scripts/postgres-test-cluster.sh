#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on a loopback port for the tests, owned by the `postgres` user
# (initdb refuses to run as root). Every test runs its own application with a small pool, hundreds side by side,
# hence the high connection limit. Usage: scripts/postgres-test-cluster.sh start|stop [port]
set -euo pipefail
action=${1:-start}
port=${2:-5433}
base=${MOTCUA_PG_DIR:-/tmp/motcua-pg-$port}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "PostgreSQL server binaries not found: apt-get install postgresql" >&2; exit 1; }
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$action" in
  start)
    if [ -f "$base/data/postmaster.pid" ]; then as_postgres "$bin/pg_ctl" -D "$base/data" stop -m fast >/dev/null 2>&1 || true; fi
    rm -rf "$base"; mkdir -p "$base/sock"
    [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$base"
    as_postgres "$bin/initdb" -D "$base/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    as_postgres "$bin/pg_ctl" -D "$base/data" -l "$base/log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $base/sock -c max_connections=1000 -c fsync=on -c shared_buffers=256MB" start >/dev/null
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    [ -d "$base/data" ] && as_postgres "$bin/pg_ctl" -D "$base/data" stop -m fast >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start|stop [port]" >&2; exit 2 ;;
esac
