#!/usr/bin/env bash
# Regenerates the DSL's simple modifiers from ASLSchema:
#   Sources/StepFunctions/Generated/StateModifiers.swift
# With --check, fails (and shows the difference) when the committed file is not current.
set -euo pipefail
cd "$(dirname "$0")/.."
target=Sources/StepFunctions/Generated/StateModifiers.swift
swift build --product GenerateDSL >/dev/null 2>&1 || swift build --product GenerateDSL
generated="$("$(swift build --show-bin-path)/GenerateDSL" | swift format format --configuration .swift-format -)"
if [ "${1:-}" = "--check" ]; then
    if ! diff -u "$target" <(printf '%s\n' "$generated"); then
        echo "error: $target is not current; run Scripts/generate-dsl.sh"
        exit 1
    fi
    echo "the generated DSL modifiers are current"
else
    printf '%s\n' "$generated" > "$target"
    echo "wrote $target"
fi
