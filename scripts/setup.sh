#!/usr/bin/env bash
# Shared setup steps for the run and test scripts (sourced, not run).

# Builds land outside the clone so that later runs on the same machine reuse them.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/creditdesk/target}"

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs the C compiler and pkg-config (needed to build the bundled SQLite) and checks for Rust.
ensure_build_tools() {
    local missing=()
    command -v cc >/dev/null 2>&1 || missing+=(build-essential)
    command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
    if [ "${#missing[@]}" -gt 0 ]; then
        if command -v apt-get >/dev/null 2>&1; then
            as_root apt-get update -qq
            as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
        else
            echo "Please install a C compiler and pkg-config (missing: ${missing[*]})." >&2
            exit 1
        fi
    fi
    if ! command -v cargo >/dev/null 2>&1; then
        if [ -x "$HOME/.cargo/bin/cargo" ]; then
            export PATH="$HOME/.cargo/bin:$PATH"
        else
            echo "Rust is not installed. Install it from https://rustup.rs (rustup), then run this again." >&2
            exit 1
        fi
    fi
}

# The format check and the linter are rustup components; add them when they are missing.
ensure_lint_tools() {
    if ! cargo fmt --version >/dev/null 2>&1 || ! cargo clippy --version >/dev/null 2>&1; then
        rustup component add rustfmt clippy
    fi
}
