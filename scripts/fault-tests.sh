#!/usr/bin/env bash
# Causes the faults of RELIABILITY.md on purpose with `chargemall faults`: kill -9 under load (SQLite and
# PostgreSQL), PostgreSQL crashed and restarted under load, two instances with one killed, SQLite on a full
# disk, slow and idle clients. PostgreSQL runs as a cluster of its own here (port 55433) with fsync and
# synchronous commits on, because the fault checks crash it and count on every acknowledged commit.
#
# Usage: scripts/fault-tests.sh [path/to/chargemall]     (default: the debug build, built if missing)
# Exit:  0 when every fault held; 1 otherwise. Without root (PostgreSQL, tmpfs) the faults that need it are
#        skipped with the reason, and with CI=true a skip is a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
source scripts/lib/demo-server.sh
BINARY="$(chargemall_binary "${1:-}")"

export PGPORT_TEST=55433 PGDATA_TEST=/tmp/chargemall-pg-faults PG_FSYNC=on PG_SYNC_COMMIT=on
args=()
if [ "$(id -u)" -eq 0 ]; then
  eval "$(scripts/start-postgres.sh)"
  trap 'scripts/start-postgres.sh stop >/dev/null 2>&1 || true' EXIT
  env_prefix="PGPORT_TEST=$PGPORT_TEST PGDATA_TEST=$PGDATA_TEST PG_FSYNC=on PG_SYNC_COMMIT=on"
  args+=(--postgres "$DATABASE_URL"
         --postgres-stop "$env_prefix scripts/start-postgres.sh crash"
         --postgres-start "$env_prefix scripts/start-postgres.sh >/dev/null")
else
  echo "fault-tests: not root: no PostgreSQL cluster of its own and no tmpfs; those faults are skipped"
  unset DATABASE_URL
fi
"$BINARY" faults "${args[@]}"
