#!/bin/bash
# Builds and runs one libFuzzer harness of Tests/Fuzz (see Docs/Fuzzing.md).
#   Scripts/fuzz.sh build TARGET...        build the harnesses (a separate build in .build-fuzz)
#   Scripts/fuzz.sh run TARGET SECONDS     fuzz TARGET for SECONDS, seeded from Tests/Fuzz/TARGET/seeds
#                                          and ../shared when present; crashes land in .build-fuzz/artifacts
set -euo pipefail
cd "$(dirname "$0")/.."
command=${1:?usage: Scripts/fuzz.sh build TARGET... | run TARGET SECONDS}
shift
case "$command" in
build)
    for target in "$@"; do
        extra=()
        # The HTTP harness reaches the server's internal request parser.
        [ "$target" = HTTPRequestFuzz ] && extra=(-Xswiftc -enable-testing)
        SFN_FUZZ=1 swift build -c release --build-path .build-fuzz -Xswiftc -sanitize=fuzzer,address \
            -Xswiftc -use-ld=lld -Xswiftc -parse-as-library "${extra[@]}" --product "$target"
    done
    ;;
run)
    target=${1:?target}
    seconds=${2:?seconds}
    corpus=.build-fuzz/corpus/$target
    mkdir -p "$corpus" .build-fuzz/artifacts/$target
    seeds=()
    [ -d "Tests/Fuzz/$target/seeds" ] && seeds+=("Tests/Fuzz/$target/seeds")
    [ -n "${FUZZ_SEEDS:-}" ] && seeds+=($FUZZ_SEEDS)
    ASAN_OPTIONS=detect_stack_use_after_return=0:detect_leaks=1 SWIFT_BACKTRACE=enable=no \
        nice -n 10 ".build-fuzz/release/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len="${FUZZ_MAX_LEN:-16384}" -print_final_stats=1 \
        -artifact_prefix=".build-fuzz/artifacts/$target/" "$corpus" "${seeds[@]}"
    ;;
*) echo "unknown command $command" >&2; exit 2 ;;
esac
