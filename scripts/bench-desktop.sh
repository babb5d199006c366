#!/usr/bin/env bash
# The desktop benchmark: the invoice list of a book with a million invoices scrolled end to end
# in the real web view, with the memory of the app and of its web view processes
# (tests/e2e/scroll.bench.mjs). Release build, under Xvfb.
#   scripts/bench-desktop.sh                 # a generated book of 1,000,000 invoices (kept)
#   CREDITDESK_BENCH_INVOICES=100000 scripts/bench-desktop.sh
#   CREDITDESK_BENCH_BOOK=/path/to/book.creditdesk scripts/bench-desktop.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/setup.sh
source scripts/setup.sh

ensure_build_tools
ensure_desktop_packages
ensure_headless_packages
ensure_node
ensure_node_packages
ensure_tauri_driver
build_ui
app="$(build_desktop_release)"
cargo build --release --locked -p creditdesk-cli >&2

CREDITDESK_APP="$app" CREDITDESK_CLI="$CARGO_TARGET_DIR/release/creditdesk" \
    xvfb-run "${XVFB_ARGS[@]}" tests/e2e/run.sh scroll.bench.mjs
