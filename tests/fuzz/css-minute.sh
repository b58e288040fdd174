#!/usr/bin/env bash
# The CSS fuzz target for a minute (FUZZ_SECONDS) on its seed corpus, under
# AddressSanitizer and UndefinedBehaviorSanitizer, as part of `make check`
# (the seeds: its corpus and the sheets in styles/):
# builds the libFuzzer target with clang in its own tree first.  A crash
# fails the test and is saved in that tree, under fuzz-crashes/css/, not in
# the sources: copy a real one into tests/fuzz/regressions/css/ by hand
# (the replay test runs what is there).
# Usage: tests/fuzz/css-minute.sh SOURCE_DIR FUZZ_BUILD_DIR
set -uo pipefail
src=$1
build=$2
seconds=${FUZZ_SECONDS:-60}
if ! command -v clang >/dev/null; then
  echo "clang is missing: run scripts/install-deps" >&2
  exit 1
fi
CC=clang cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBIFOLIO_FUZZ=ON >/dev/null || exit 1
cmake --build "$build" --target fuzz-css -j "$(nproc)" >/dev/null || exit 1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$src/tests/fuzz/corpus/css/." "$src"/styles/*.css "$work/"
crashes=$build/fuzz-crashes/css
mkdir -p "$crashes"
ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS="suppressions=$src/tests/lsan.supp:print_suppressions=0" \
BIFOLIO_DATA_DIR="$src" "$build/tests/fuzz/fuzz-css" -max_total_time="$seconds" -timeout=20 \
  -rss_limit_mb=4096 -max_len=16384 -print_final_stats=1 \
  -artifact_prefix="$crashes/" "$work" >"$work/log" 2>&1
status=$?
grep -E "Done|ERROR|SUMMARY|stat::number_of_executed_units" "$work/log" | tail -5
if [ $status -ne 0 ]; then
  tail -40 "$work/log"
  echo "the input that failed is in $crashes/" >&2
fi
exit $status
