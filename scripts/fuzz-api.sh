#!/usr/bin/env bash
# Fuzzes the API against its own OpenAPI document with schemathesis (every check on), once signed in as
# staff (the demo admin), once as a customer and once as a driver, each within a time budget. Starts its own server on a fresh
# SQLite file with the demo data, in a virtual environment it makes under .build/ (Python is for this
# outside check only). Prints the seed; replay a failure with SCHEMATHESIS_SEED=<seed> scripts/fuzz-api.sh.
# The server runs no background jobs (the fuzzer subscribes webhooks to made-up URLs: nothing may be sent
# there) and checks its own responses against the document (--check-responses).
#
# Usage: scripts/fuzz-api.sh [path/to/chargemall]     (default: the debug build, built if missing)
# Env:   FUZZ_SECONDS (staff and customer, default 150), FUZZ_DRIVER_SECONDS (default 60: the driver's routes
#        are few), SCHEMATHESIS_SEED (default 20261201), SCHEMATHESIS_VERSION
# Exit:  0 when every run reports no failure; 1 otherwise. Without python3 it says so and exits 0 (skipped),
#        unless CI=true.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

SECONDS_PER_ROLE="${FUZZ_SECONDS:-150}"
DRIVER_SECONDS="${FUZZ_DRIVER_SECONDS:-60}"
SEED="${SCHEMATHESIS_SEED:-20261201}"
VERSION="${SCHEMATHESIS_VERSION:-4.32.5}"
VENV=.build/schemathesis-venv
BINARY="${1:-}"

if ! command -v python3 >/dev/null 2>&1; then
  if [ "${CI:-}" = "true" ]; then echo "fuzz-api: python3 is missing" >&2; exit 1; fi
  echo "fuzz-api: skipped: python3 is missing (schemathesis needs it)"
  exit 0
fi
source scripts/lib/demo-server.sh
ensure_venv fuzz-api "$VENV" schemathesis "$VERSION" '"$VENV/bin/schemathesis" --version | grep -q "$VERSION"'
BINARY="$(chargemall_binary "$BINARY")"
start_demo_server fuzz-api "$BINARY" --no-background-jobs

token() {
  curl -sf -X POST "$base/api/v1/auth/login" -H 'Content-Type: application/json' -d "{\"email\":\"$1\",\"password\":\"$2\"}" |
    python3 -c 'import sys, json; print(json.load(sys.stdin)["accessToken"])'
}

# Every role signs in before any fuzzing: the customer's run tries /auth/login with made-up credentials, and
# the sign-in throttle then refuses this address for a while (a driver signing in after it got 429).
STAFF_TOKEN="$(token admin@demo.chargemall.cn demo-admin)"
CUSTOMER_TOKEN="$(token customer001@demo.chargemall.cn demo-customer)"
DRIVER_TOKEN="$(token driver01@demo.chargemall.cn demo-driver)"

status=0
run() {
  local role="$1" access="$2" budget="${3:-$SECONDS_PER_ROLE}"
  local report="$work/$role.xml"
  echo
  echo "== schemathesis as $role: --checks all, --max-time $budget s, --seed $SEED"
  set +e
  # Access tokens live 15 minutes by default, longer than the three runs together. One worker: with two, hypothesis (describing
  # its filters with ast.parse from two threads) trips CPython 3.11's "AST constructor recursion depth mismatch".
  "$VENV/bin/schemathesis" --no-color --config-file scripts/schemathesis.toml run "$base/api/v1/openapi.json" \
    --checks all --max-time "$budget" --seed "$SEED" --workers 1 \
    --header "Authorization: Bearer $access" \
    --request-timeout 10 --generation-database none --report junit --report-junit-path "$report" 2>&1
  local code=${PIPESTATUS[0]}
  set -e
  if [ "$code" -ne 0 ]; then status=1; fi
  echo "fuzz-api: $role: exit $code (seed $SEED; replay: SCHEMATHESIS_SEED=$SEED FUZZ_SECONDS=$SECONDS_PER_ROLE FUZZ_DRIVER_SECONDS=$DRIVER_SECONDS scripts/fuzz-api.sh)"
}

run staff "$STAFF_TOKEN"
run customer "$CUSTOMER_TOKEN"
run driver "$DRIVER_TOKEN" "$DRIVER_SECONDS"

# At --log-level error, anything the server logged is an error: an unhandled one or a contract breach.
if grep -qE ' (error|critical) ' "$work/server.log"; then
  echo "fuzz-api: the server logged errors:"; grep -E ' (error|critical) ' "$work/server.log" | head -20
  status=1
fi
echo
if [ "$status" -eq 0 ]; then echo "fuzz-api: no failures (seed $SEED)"; else echo "fuzz-api: FAILED (seed $SEED)"; fi
exit "$status"
