#!/usr/bin/env bash
# Sets up what the tests need on a Debian/Ubuntu machine and runs every check and test: format,
# lint, the Rust tests, the UI's unit tests, the TypeScript bindings check and the end-to-end
# tests in the real web view. With CREDITDESK_PACKAGE_CHECK=1 it also builds the .deb, installs
# it and checks that the installed app starts (CI does).
# Safe to run again: each setup step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/setup.sh
source scripts/setup.sh

# The `ts` feature of the desktop crate (the TypeScript bindings) is on for every cargo step,
# so that the workspace is built once.
FEATURES=(--features creditdesk-desktop/ts)

# The end-to-end tests live in tests/e2e: when it has a run.sh, that script runs under Xvfb
# with CREDITDESK_APP set to the release build of the desktop app (web UI embedded) and
# tauri-driver on the PATH.
run_end_to_end() {
    if [ ! -d tests/e2e ]; then
        echo "tests/e2e does not exist yet: no end-to-end tests to run"
        return 0
    fi
    if [ ! -f tests/e2e/run.sh ]; then
        echo "tests/e2e has no run.sh: no end-to-end tests to run" >&2
        return 1
    fi
    ensure_headless_packages
    ensure_tauri_driver
    CREDITDESK_APP="$(build_desktop_release)"
    # The tests compare the app's figures with the command line's on the same book.
    cargo build --locked -p creditdesk-cli
    CREDITDESK_CLI="$CARGO_TARGET_DIR/debug/creditdesk"
    export CREDITDESK_APP CREDITDESK_CLI
    xvfb-run "${XVFB_ARGS[@]}" bash tests/e2e/run.sh
}

ensure_build_tools
ensure_lint_tools
ensure_desktop_packages
ensure_smtp_server

echo "== format"
cargo fmt --all -- --check

echo "== web UI build (the desktop crate embeds ui/dist)"
build_ui

echo "== lint"
cargo clippy --workspace --all-targets --locked "${FEATURES[@]}" -- -D warnings

echo "== tests"
if [ -d ../shared/data ]; then
    echo "public ledgers found in ../shared/data: the tests that read them will run"
else
    echo "../shared/data not found: the tests that read the public ledgers will be skipped"
fi
cargo test --workspace --locked "${FEATURES[@]}"

echo "== UI unit tests"
(cd ui && npm test)

echo "== TypeScript bindings"
cargo test --locked -p creditdesk-desktop "${FEATURES[@]}" --test bindings

echo "== end-to-end"
run_end_to_end

if [ "${CREDITDESK_PACKAGE_CHECK:-0}" = 1 ]; then
    echo "== package: build the .deb, install it, start it"
    bash scripts/package.sh --check-deb
fi
