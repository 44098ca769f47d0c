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
source scripts/lib/demo-server.sh
ensure_venv browser-tests "$VENV" selenium "$VERSION" "\"\$VENV/bin/python\" -c \"import selenium, sys; sys.exit(selenium.__version__ != '\$VERSION')\""
BINARY="$(chargemall_binary "$BINARY")"
start_demo_server browser-tests "$BINARY"

mkdir -p "$OUT"
set +e
"$VENV/bin/python" scripts/browser/web_test.py "$base" "$OUT"
status=$?
set -e
if [ "$status" -ne 0 ]; then echo "browser-tests: server log:"; tail -50 "$work/server.log"; fi
exit "$status"
