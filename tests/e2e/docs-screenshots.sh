#!/usr/bin/env bash
# Copies the screenshots the README shows from an end-to-end run (CREDITDESK_SCREENSHOTS,
# default tests/e2e/screenshots) to docs/screenshots, as 256-colour PNGs without metadata to
# keep the repository small. Needs ImageMagick (apt-get install imagemagick).
set -euo pipefail
E2E_DIR="$(cd "$(dirname "$0")" && pwd)"
from="${CREDITDESK_SCREENSHOTS:-$E2E_DIR/screenshots}"
to="$E2E_DIR/../../docs/screenshots"

# <name in the run> <name in docs>
SHOWN=(
    "dashboard-en dashboard"
    "customer-en customer"
    "import-bad-rows-en import-bad-rows"
    "dashboard-zh-CN dashboard-zh-CN"
    "customers-zh-CN customers-zh-CN"
)

command -v convert >/dev/null || { echo "error: ImageMagick's convert is not installed" >&2; exit 1; }
mkdir -p "$to"
for pair in "${SHOWN[@]}"; do
    read -r name shown <<<"$pair"
    [ -f "$from/$name.png" ] || { echo "error: $from/$name.png is missing: run tests/e2e/run.sh" >&2; exit 1; }
    convert "$from/$name.png" -strip -colors 256 "PNG8:$to/$shown.png"
    echo "$to/$shown.png: $(stat -c %s "$to/$shown.png") bytes"
done
