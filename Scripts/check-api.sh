#!/usr/bin/env bash
# Compares each product module's public API with its baseline in Tests/API/ (a change to the public
# API updates the baseline in the same commit: Scripts/check-api.sh --record), and checks that every
# public declaration is documented.
set -euo pipefail
cd "$(dirname "$0")/.."
swift package dump-symbol-graph --minimum-access-level public >/dev/null
python3 Scripts/api-baseline.py "$(swift build --show-bin-path)/../symbolgraph" "$@"
