#!/usr/bin/env bash
# Builds the installers of the desktop app with the Tauri bundler and prints where they are.
#
#   scripts/package.sh                 # the bundles of this system (Linux: .deb, .rpm, AppImage)
#   scripts/package.sh deb             # only the .deb
#   scripts/package.sh --check-deb     # the .deb, then install it and check the installed
#                                      # binary starts (Debian/Ubuntu, as root or with sudo)
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/setup.sh
source scripts/setup.sh

# Builds the bundles named (comma-separated, e.g. "deb"), or all of this system's.
build_bundles() {
    ensure_build_tools
    ensure_desktop_packages
    build_ui
    local bundles=()
    if [ -n "${1:-}" ]; then bundles=(--bundles "$1"); fi
    (cd ui && npm run tauri -- build --ci "${bundles[@]}")
    echo "Bundles:"
    find "$CARGO_TARGET_DIR/release/bundle" -maxdepth 2 -type f \
        \( -name '*.deb' -o -name '*.rpm' -o -name '*.AppImage' -o -name '*.dmg' \
           -o -name '*.msi' -o -name '*.exe' \) -print
}

# Installs the newest .deb and checks that the installed binary starts and loads its window
# under Xvfb, in a throwaway home, then closes it.
check_deb() {
    local deb
    deb="$(ls -t "$CARGO_TARGET_DIR"/release/bundle/deb/*.deb | head -n 1)"
    echo "Installing $deb"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --reinstall "$deb"

    local binary=/usr/bin/creditdesk-desktop
    [ -x "$binary" ] || { echo "The package did not install $binary" >&2; exit 1; }
    ensure_headless_packages

    local home log
    home="$(mktemp -d)"
    log="$home/app.log"
    # The app runs as a child of the script that Xvfb runs, which stops it once its window has
    # loaded (or after a minute), so nothing is left behind either way.
    HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" \
        xvfb-run "${XVFB_ARGS[@]}" bash -c '
            "$1" >"$2" 2>&1 &
            app=$!
            for _ in $(seq 600); do
                grep -q "the window has loaded the interface" "$2" && break
                kill -0 "$app" 2>/dev/null || break
                sleep 0.1
            done
            kill "$app" 2>/dev/null
            wait "$app" 2>/dev/null || true
        ' check "$binary" "$log"
    if grep -q "the window has loaded the interface" "$log"; then
        echo "The installed app started: $(grep -o 'elapsed_ms=[0-9]*' "$log" | head -n 1)"
        rm -rf "$home"
    else
        echo "The installed app did not load its window; its log:" >&2
        cat "$log" >&2
        exit 1
    fi
}

case "${1:-}" in
    --check-deb)
        build_bundles deb
        check_deb
        ;;
    *)
        build_bundles "${1:-}"
        ;;
esac
