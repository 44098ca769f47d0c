#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 cluster on 127.0.0.1 (default port 55432) and prints the DATABASE_URL.
# Usage: eval "$(scripts/start-postgres.sh)"     # exports DATABASE_URL (starts the cluster again if it exists)
#        scripts/start-postgres.sh stop
#        scripts/start-postgres.sh crash          # stop -m immediate: the cluster recovers from its WAL on the next start
# Installs Debian's postgresql-15 first if it is missing (needs root).
set -euo pipefail
PORT="${PGPORT_TEST:-55432}"
DATA="${PGDATA_TEST:-/tmp/chargemall-pg-$PORT}"
BIN=/usr/lib/postgresql/15/bin

if [ "${1:-}" = "stop" ]; then
  su postgres -s /bin/sh -c "$BIN/pg_ctl -D $DATA stop -m fast" >&2 || true
  exit 0
fi
if [ "${1:-}" = "crash" ]; then
  su postgres -s /bin/sh -c "$BIN/pg_ctl -D $DATA stop -m immediate" >&2
  exit 0
fi

if [ ! -x "$BIN/postgres" ]; then
  echo "installing postgresql-15 ..." >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >&2
fi

if ! su postgres -s /bin/sh -c "$BIN/pg_ctl -D $DATA status" >/dev/null 2>&1; then
  if [ ! -f "$DATA/PG_VERSION" ]; then
    rm -rf "$DATA"
    mkdir -p "$DATA"
    chown postgres:postgres "$DATA"
    su postgres -s /bin/sh -c "$BIN/initdb -D $DATA -A trust -U postgres -E UTF8 --no-instructions" >&2
  fi
  # A test cluster: many short-lived connections; durability off for throwaway data unless PG_FSYNC=on and
  # PG_SYNC_COMMIT=on (the fault checks, where PostgreSQL crashes and must keep every acknowledged commit).
  su postgres -s /bin/sh -c "$BIN/pg_ctl -D $DATA -l $DATA/server.log -w start -o '-c listen_addresses=127.0.0.1 -p $PORT -c max_connections=800 -c fsync=${PG_FSYNC:-off} -c synchronous_commit=${PG_SYNC_COMMIT:-off} -c unix_socket_directories=/tmp'" >&2
fi
echo "export DATABASE_URL=postgres://postgres@127.0.0.1:$PORT/postgres?sslmode=disable"
