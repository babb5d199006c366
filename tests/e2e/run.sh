#!/usr/bin/env bash
# The end-to-end tests of the desktop app in its real web view (WebKitWebDriver through
# tauri-driver). Builds nothing: it runs the app binary named by CREDITDESK_APP (default: the
# debug build in $CARGO_TARGET_DIR) and checks its figures with the `creditdesk` command line
# (CREDITDESK_CLI; default: the one next to the app, else the debug build). Needs a display:
#   xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" tests/e2e/run.sh
# Screenshots of the main screens go to CREDITDESK_SCREENSHOTS (default tests/e2e/screenshots).
# Arguments name test files to run instead of all of them (e.g. 5-payment.test.mjs).
# Exits non-zero when any test fails, and then keeps each app start's folder (its log, dialog
# answers and books, and a screenshot of its last screen) and says where.
set -euo pipefail
started_at=$SECONDS

fail() {
    echo "error: $*" >&2
    exit 1
}

# Absolute path of $1, read relative to the directory the script was called from.
absolute() {
    case "$1" in
        /*) echo "$1" ;;
        *) echo "$PWD/$1" ;;
    esac
}

E2E_DIR="$(cd "$(dirname "$0")" && pwd)"
REPOSITORY="$(cd "$E2E_DIR/../.." && pwd)"

LEDGER="$REPOSITORY/../shared/data/ledgers/ibm-late-payment.csv"
if [ ! -f "$LEDGER" ]; then
    echo "note: $LEDGER not found: the end-to-end tests need the public sample ledgers next to" \
         "the repository (../shared/data); skipped, nothing was checked."
    exit 0
fi

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/creditdesk/target}"
CREDITDESK_APP="$(absolute "${CREDITDESK_APP:-$CARGO_TARGET_DIR/debug/creditdesk-desktop}")"
[ -x "$CREDITDESK_APP" ] || fail "the desktop app $CREDITDESK_APP does not exist; build it with" \
    "'(cd ui && npm run build) && cargo build -p creditdesk-desktop', or set CREDITDESK_APP."
if [ -z "${CREDITDESK_CLI:-}" ]; then
    CREDITDESK_CLI="$(dirname "$CREDITDESK_APP")/creditdesk"
    [ -x "$CREDITDESK_CLI" ] || CREDITDESK_CLI="$CARGO_TARGET_DIR/debug/creditdesk"
fi
CREDITDESK_CLI="$(absolute "$CREDITDESK_CLI")"
[ -x "$CREDITDESK_CLI" ] || fail "the command line $CREDITDESK_CLI does not exist; build it with" \
    "'cargo build -p creditdesk-cli', or set CREDITDESK_CLI."
CREDITDESK_SCREENSHOTS="$(absolute "${CREDITDESK_SCREENSHOTS:-$E2E_DIR/screenshots}")"
CREDITDESK_WEBDRIVER_PORT="${CREDITDESK_WEBDRIVER_PORT:-4444}"
export CREDITDESK_APP CREDITDESK_CLI CREDITDESK_SCREENSHOTS CREDITDESK_WEBDRIVER_PORT

tests=()
for test in "$@"; do
    tests+=("./$(basename "$test")")
done
cd "$E2E_DIR"
[ "${#tests[@]}" -gt 0 ] || tests=(./*.test.mjs)

[ -n "${DISPLAY:-}" ] || fail "no display: run this under" \
    "xvfb-run -a -s \"-screen 0 1280x800x24 -nolisten tcp\" $0"
export PATH="$PATH:$HOME/.cargo/bin"
command -v tauri-driver >/dev/null || fail "tauri-driver is not installed:" \
    "cargo install tauri-driver --version '^2' --locked"
command -v WebKitWebDriver >/dev/null || fail "WebKitWebDriver is not installed:" \
    "apt-get install webkit2gtk-driver"

# The test runner's npm packages, exactly as package-lock.json says; again only when it changed.
# No install scripts: the browser drivers some of them would download are not used here.
stamp=node_modules/.creditdesk-lock.sha256
wanted="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
    npm ci --ignore-scripts --no-audit --no-fund
    echo "$wanted" >"$stamp"
fi

port_open() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
native_port=$((CREDITDESK_WEBDRIVER_PORT + 1))
for port in "$CREDITDESK_WEBDRIVER_PORT" "$native_port"; do
    ! port_open "$port" || fail "port $port on 127.0.0.1 is in use; choose other ports with" \
        "CREDITDESK_WEBDRIVER_PORT (it and the next one are used)."
done

CREDITDESK_E2E_RUN_DIR="$(mktemp -d "${TMPDIR:-/tmp}/creditdesk-e2e.XXXXXX")"
export CREDITDESK_E2E_RUN_DIR
driver_log="$CREDITDESK_E2E_RUN_DIR/tauri-driver.log"
driver_pid=""

# SIGTERM lets tauri-driver stop WebKitWebDriver too; SIGKILL would leave that running, holding
# the port and this script's output, and the run would hang.
stop_driver() {
    [ -n "$driver_pid" ] || return 0
    kill -TERM "$driver_pid" 2>/dev/null || true
    for _ in $(seq 100); do
        kill -0 "$driver_pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$driver_pid" 2>/dev/null; then
        echo "warning: tauri-driver ($driver_pid) did not stop within 10 s after SIGTERM" >&2
    else
        wait "$driver_pid" 2>/dev/null || true
    fi
    driver_pid=""
}
trap stop_driver EXIT
trap 'exit 130' INT TERM

tauri-driver --port "$CREDITDESK_WEBDRIVER_PORT" --native-port "$native_port" \
    >"$driver_log" 2>&1 &
driver_pid=$!
for _ in $(seq 100); do
    port_open "$CREDITDESK_WEBDRIVER_PORT" && break
    kill -0 "$driver_pid" 2>/dev/null || { cat "$driver_log" >&2; fail "tauri-driver stopped"; }
    sleep 0.1
done
port_open "$CREDITDESK_WEBDRIVER_PORT" || fail "tauri-driver is not listening after 10 s"

echo "app: $CREDITDESK_APP"
echo "command line: $CREDITDESK_CLI"
status=0
# One test file at a time: they share one tauri-driver and one display.
node --test --test-concurrency=1 --test-timeout=180000 --test-reporter=spec "${tests[@]}" \
    || status=$?
stop_driver

if [ "$status" -eq 0 ]; then
    rm -rf "$CREDITDESK_E2E_RUN_DIR"
    echo "end-to-end: passed in $((SECONDS - started_at)) s; screenshots in $CREDITDESK_SCREENSHOTS"
else
    echo "end-to-end: FAILED after $((SECONDS - started_at)) s. Each app start's folder (app.log," \
         "dialog answers, books, last-screen.png) and tauri-driver.log are in" \
         "$CREDITDESK_E2E_RUN_DIR" >&2
fi
exit "$status"
