#!/usr/bin/env bash
# The console and H5 pages in a real browser: Debian's chromium through chromedriver, driven by selenium
# (scripts/browser/web_test.py) in a virtual environment made under .build/ (Python is for this outside
# check only). Starts its own server on a fresh SQLite file with the demo data, runs the scenarios, saves
# a screenshot of every page at phone and laptop sizes in ci-output/screenshots/, and prints each page's
# transfer size and time to first render.
#
# Usage: scripts/browser-tests.sh [path/to/chargemall]     (default: the debug build, built if missing)
# Exit:  0 when every check passes; 1 otherwise. Without chromium, chromedriver or python3 it says so and
#        exits 0 (skipped), unless CI=true.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

VERSION="${SELENIUM_VERSION:-4.51.0}"
VENV=.build/browser-venv
OUT="${BROWSER_OUTPUT:-ci-output/screenshots}"
BINARY="${1:-}"

missing=""
for tool in python3 chromium chromedriver; do command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"; done
if [ -n "$missing" ]; then
  if [ "${CI:-}" = "true" ]; then echo "browser-tests: missing:$missing" >&2; exit 1; fi
  echo "browser-tests: skipped: missing$missing (apt-get install -y chromium chromium-driver)"
  exit 0
fi
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import selenium, sys; sys.exit(selenium.__version__ != '$VERSION')" 2>/dev/null; then
  echo "browser-tests: installing selenium $VERSION into $VENV ..." >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check "selenium==$VERSION" >&2
fi
if [ -z "$BINARY" ]; then
  swift build --product chargemall >&2
  BINARY="$(swift build --show-bin-path)/chargemall"
fi

work="$(mktemp -d)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
"$BINARY" serve --port "$port" --database "sqlite://$work/web.sqlite" --no-access-log --log-level error --check-responses >"$work/server.log" 2>&1 &
server=$!
cleanup() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

echo "browser-tests: server on $base (seeding the demo data) ..."
for _ in $(seq 1 240); do
  curl -sf "$base/health" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { echo "browser-tests: the server exited:"; cat "$work/server.log"; exit 1; }
  sleep 0.5
done
curl -sf "$base/health" >/dev/null || { echo "browser-tests: the server did not become healthy"; cat "$work/server.log"; exit 1; }

mkdir -p "$OUT"
set +e
"$VENV/bin/python" scripts/browser/web_test.py "$base" "$OUT"
status=$?
set -e
if [ "$status" -ne 0 ]; then echo "browser-tests: server log:"; tail -50 "$work/server.log"; fi
exit "$status"
