#!/usr/bin/env bash
# Checks that every Swift file is formatted as .swift-format says (swift-format ships with the
# toolchain). Fix with: Scripts/check-format.sh --fix
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files --cached --others --exclude-standard '*.swift')
if [ "${1:-}" = "--fix" ]; then
    swift format format --configuration .swift-format --in-place "${files[@]}"
    echo "formatted ${#files[@]} files"
    exit 0
fi
if ! out="$(swift format lint --strict --configuration .swift-format "${files[@]}" 2>&1)" || [ -n "$out" ]; then
    echo "$out" | head -50
    echo "error: $(echo "$out" | grep -c 'warning:\|error:') formatting problem(s); run Scripts/check-format.sh --fix"
    exit 1
fi
echo "all ${#files[@]} Swift files are formatted"
