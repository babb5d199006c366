#!/usr/bin/env bash
# Shared setup steps for the run, test and package scripts (sourced, not run). Each step checks
# first and does nothing when it is already done, so running a script twice is cheap.

# Builds land outside the clone so that later runs on the same machine reuse them.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/creditdesk/target}"

# Debian/Ubuntu packages the desktop app needs to build (WebKitGTK with its GTK stack; D-Bus
# for the keychain) and to show Chinese text (a CJK font).
DESKTOP_PACKAGES=(build-essential pkg-config libwebkit2gtk-4.1-dev libdbus-1-dev fonts-wqy-microhei)
# ... and to run it without a display and drive it from tests (WebKitWebDriver); the letters'
# tests read their PDFs back with poppler's pdftotext and pdffonts and check them with qpdf.
HEADLESS_PACKAGES=(xvfb xauth webkit2gtk-driver poppler-utils qpdf)

# The Xvfb screen of every headless run.
XVFB_ARGS=(-a -s "-screen 0 1280x800x24 -nolisten tcp")

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Prints the named Debian packages that are not installed.
missing_debian_packages() {
    local package
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
            || echo "$package"
    done
}

# Installs the named Debian packages that are missing.
install_debian_packages() {
    local missing
    mapfile -t missing < <(missing_debian_packages "$@")
    [ "${#missing[@]}" -eq 0 ] && return 0
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "Please install these packages (Debian/Ubuntu names): ${missing[*]}" >&2
        exit 1
    fi
    echo "Installing ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
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

# The system libraries the desktop app builds against. On macOS and Windows the system brings
# the web view; see the README for their prerequisites.
ensure_desktop_packages() {
    case "$(uname -s)" in
        Linux)
            install_debian_packages "${DESKTOP_PACKAGES[@]}"
            ;;
        Darwin)
            if ! xcode-select -p >/dev/null 2>&1; then
                echo "Install the Xcode command line tools first: xcode-select --install" >&2
                exit 1
            fi
            ;;
    esac
}

# Xvfb and WebKitWebDriver, for the headless runs of the tests.
ensure_headless_packages() {
    install_debian_packages "${HEADLESS_PACKAGES[@]}"
}

# Node.js 20.19 or newer with npm (Vite's minimum).
ensure_node() {
    if ! command -v npm >/dev/null 2>&1; then
        install_debian_packages nodejs npm
    fi
    if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number);
                  process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
        echo "Node.js $(node --version) is too old for the web UI; install Node.js 20.19 or newer" \
             "(https://nodejs.org), then run this again." >&2
        exit 1
    fi
}

# The web UI's npm packages, installed exactly as ui/package-lock.json says; again only when
# the lock file changed since the last install.
ensure_node_packages() {
    ensure_node
    local stamp=ui/node_modules/.creditdesk-lock.sha256
    local wanted
    wanted="$(sha256sum ui/package-lock.json | cut -d' ' -f1)"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
        (cd ui && npm ci --no-audit --no-fund)
        echo "$wanted" >"$stamp"
    fi
}

# Builds the web UI into ui/dist, which the desktop app embeds (cargo builds of the desktop
# crate need it).
build_ui() {
    ensure_node_packages
    (cd ui && npm run build)
}

# A Python with aiosmtpd, for tests that send mail to an SMTP server on 127.0.0.1; its path is
# exported as CREDITDESK_SMTP_PYTHON.
ensure_smtp_server() {
    local venv="$HOME/.cache/creditdesk/venv"
    if ! "$venv/bin/python" -c 'import aiosmtpd' >/dev/null 2>&1; then
        if ! python3 -m venv "$venv" >/dev/null 2>&1; then
            install_debian_packages python3-venv
            python3 -m venv "$venv"
        fi
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "aiosmtpd==1.4.6"
    fi
    export CREDITDESK_SMTP_PYTHON="$venv/bin/python"
}

# tauri-driver, the WebDriver server that drives the app's web view in end-to-end tests.
ensure_tauri_driver() {
    if ! command -v tauri-driver >/dev/null 2>&1; then
        if [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
            cargo install tauri-driver --version '^2' --locked
        fi
        export PATH="$HOME/.cargo/bin:$PATH"
    fi
}

# The release build of the desktop app with the web UI embedded; prints the binary's path.
build_desktop_release() {
    cargo build --release --locked -p creditdesk-desktop --features tauri/custom-protocol >&2
    echo "$CARGO_TARGET_DIR/release/creditdesk-desktop"
}
