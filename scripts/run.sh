#!/usr/bin/env bash
# Builds CreditDesk and shows a book's aging. Without a book argument it creates (once) and opens
# a demo book with a generated ledger.
#
#   scripts/run.sh                 # demo book in ~/.local/share/creditdesk/demo.creditdesk
#   scripts/run.sh my.creditdesk   # an existing book
#   AS_OF=2026-06-30 scripts/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/setup.sh
source scripts/setup.sh
ensure_build_tools

cargo build --release --locked -p creditdesk-cli
creditdesk="$CARGO_TARGET_DIR/release/creditdesk"

book="${1:-}"
if [ -z "$book" ]; then
    data_dir="${XDG_DATA_HOME:-$HOME/.local/share}/creditdesk"
    mkdir -p "$data_dir"
    book="$data_dir/demo.creditdesk"
    if [ ! -f "$book" ]; then
        "$creditdesk" book demo "$book" --end 2026-11-30
    fi
fi

as_of="${AS_OF:-2026-11-30}"
"$creditdesk" --book "$book" aging --as-of "$as_of" --by-customer
echo
"$creditdesk" --book "$book" dso --as-of "$as_of"
echo
echo "More: $creditdesk --help   (book: $book)"
