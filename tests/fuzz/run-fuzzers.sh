#!/usr/bin/env bash
# `make fuzz`: runs each libFuzzer target for FUZZ_SECONDS (default 60) on a
# copy of its seed corpus.  A crash or timeout is saved under
# tests/fuzz/regressions/TARGET/, which ctest replays from then on.
# Usage: tests/fuzz/run-fuzzers.sh BUILD_DIR [SECONDS]
set -uo pipefail
build=$1
seconds=${2:-${FUZZ_SECONDS:-60}}
here=$(cd "$(dirname "$0")" && pwd)
status=0
for target in markdown html pipeline css; do
  work=$(mktemp -d)
  cp -r "$here/corpus/$target/." "$work/"
  [ "$target" = css ] && cp "$here"/../../styles/*.css "$work/"
  echo "== fuzz-$target for ${seconds}s"
  BIFOLIO_DATA_DIR="$here/../.." "$build/tests/fuzz/fuzz-$target" -max_total_time="$seconds" \
    -timeout=20 -rss_limit_mb=4096 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$here/regressions/$target/" "$work" 2>&1 | grep -E "^#|Done|ERROR|SUMMARY|stat::number_of_executed_units" | tail -4
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  rm -rf "$work"
done
exit $status
