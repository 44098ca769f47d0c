# Shared by the outside checks (fuzz-api.sh, browser-tests.sh): a Python venv with one pinned package, the
# chargemall binary, and a server of it on a free port with a fresh SQLite file of demo data.
# Source it; every function takes the caller's name for its messages.

# ensure_venv NAME VENV PACKAGE VERSION CHECK: makes VENV with PACKAGE==VERSION unless CHECK (a command) succeeds.
ensure_venv() {
  local name="$1" venv="$2" package="$3" version="$4" check="$5"
  if [ ! -x "$venv/bin/python" ] || ! eval "$check" >/dev/null 2>&1; then
    echo "$name: installing $package $version into $venv ..." >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check "$package==$version" >&2
  fi
}

# chargemall_binary [PATH]: prints PATH, or builds the debug product and prints its path.
chargemall_binary() {
  if [ -n "${1:-}" ]; then echo "$1"; return; fi
  swift build --product chargemall >&2
  echo "$(swift build --show-bin-path)/chargemall"
}

# start_demo_server NAME BINARY [serve options...]: starts the server on a free port with a fresh SQLite
# file of demo data, waits until it is healthy, and sets `base`, `server` and `work` (removed on exit).
start_demo_server() {
  local name="$1" binary="$2"
  shift 2
  work="$(mktemp -d)"
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  base="http://127.0.0.1:$port"
  "$binary" serve --port "$port" --database "sqlite://$work/demo.sqlite" --no-access-log --log-level error --check-responses "$@" \
    >"$work/server.log" 2>&1 &
  server=$!
  trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
  echo "$name: server on $base (seeding the demo data) ..."
  for _ in $(seq 1 240); do
    curl -sf "$base/health" >/dev/null 2>&1 && return 0
    kill -0 "$server" 2>/dev/null || { echo "$name: the server exited:"; cat "$work/server.log"; exit 1; }
    sleep 0.5
  done
  echo "$name: the server did not become healthy"
  cat "$work/server.log"
  exit 1
}
