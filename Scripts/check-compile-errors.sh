#!/usr/bin/env bash
# Checks the mistakes the DSL turns into Swift compile errors: each Scripts/CompileErrors/*.swift must
# fail to type-check against the built StepFunctions module, with every `// expect: TEXT` line's TEXT
# in the compiler's messages (a misspelt state, a name from another workflow, `.retry` on a Pass,
# `.catch` on a Wait, `.next` on a Choice, `.waitForTaskToken()` on DynamoDB, `.sync()` on Lambda,
# `.timeout` on a Pass, a RetryPolicy on a Pass, a queue where a topic goes, and a field of the other
# query language in a workflow whose state-name type fixes it), and the misuses a simulator typed to
# a workflow turns into compile errors (`simulator-*.swift`: a handler, retries or calls of another
# workflow's state, a state named by text).
#
# Usage: Scripts/check-compile-errors.sh   (builds the StepFunctions and StepFunctionsTesting targets first)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --target StepFunctions >/dev/null
swift build --target StepFunctionsTesting >/dev/null
modules="$(swift build --show-bin-path)/Modules"
failures=0
for snippet in Scripts/CompileErrors/*.swift; do
    if output="$(swiftc -typecheck -I "$modules" "$snippet" 2>&1)"; then
        echo "FAIL $snippet compiles, but it should not"
        failures=$((failures + 1))
        continue
    fi
    ok=1
    while IFS= read -r expected; do
        grep -qF -- "$expected" <<< "$output" || { echo "FAIL $snippet: no error containing '$expected'"; ok=0; }
    done < <(sed -n 's|^// expect: ||p' "$snippet")
    if [ "$ok" = 1 ]; then echo "ok   $snippet"; else failures=$((failures + 1)); echo "$output" | grep 'error:' | sed 's/^/     /'; fi
done
[ "$failures" -eq 0 ] || { echo "$failures snippet(s) failed"; exit 1; }
echo "every misuse snippet is a compile error"
