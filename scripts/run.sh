#!/usr/bin/env bash
# Sets up and starts the CreditDesk desktop app. The first start opens the demo book (created
# in the app's data folder); later starts open the book used last.
#
#   scripts/run.sh                       # the desktop app
#   scripts/run.sh --cli                 # the command line instead: aging and DSO of the demo
#   scripts/run.sh --cli my.creditdesk   #   book (~/.local/share/creditdesk/demo.creditdesk),
#   AS_OF=2026-06-30 scripts/run.sh --cli    or of the book given
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/setup.sh
source scripts/setup.sh

run_cli_demo() {
    ensure_build_tools
    cargo build --release --locked -p creditdesk-cli
    local creditdesk="$CARGO_TARGET_DIR/release/creditdesk"

    local book="${1:-}"
    if [ -z "$book" ]; then
        local data_dir="${XDG_DATA_HOME:-$HOME/.local/share}/creditdesk"
        mkdir -p "$data_dir"
        book="$data_dir/demo.creditdesk"
        if [ ! -f "$book" ]; then
            "$creditdesk" book demo "$book" --end 2026-11-30
        fi
    fi

    local as_of="${AS_OF:-2026-11-30}"
    "$creditdesk" --book "$book" aging --as-of "$as_of" --by-customer
    echo
    "$creditdesk" --book "$book" dso --as-of "$as_of"
    echo
    echo "More: $creditdesk --help   (book: $book)"
}

run_desktop() {
    ensure_build_tools
    ensure_desktop_packages
    build_ui
    local app
    app="$(build_desktop_release)"

    if [ "$(uname -s)" = Linux ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
        echo "Built $app, but there is no display to show it on. Start it from a desktop" \
             "session, or without one under Xvfb: xvfb-run -a $app" >&2
        exit 1
    fi
    echo "Starting $app"
    exec "$app"
}

if [ "${1:-}" = "--cli" ]; then
    shift
    run_cli_demo "$@"
else
    run_desktop
fi
