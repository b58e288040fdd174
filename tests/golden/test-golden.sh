#!/usr/bin/env bash
# Golden layout traces: the laid-out pages of the samples, and of the letter
# under every sheet in styles/, as `bifolio --trace` prints them, must equal
# the files beside this script.  A change to layout shows here as a readable
# diff; when the change is meant, look at the pages, then rewrite the goldens
# with:  UPDATE_GOLDEN=1 bash tests/golden/test-golden.sh build/bifolio . /tmp/golden
. "$(dirname "$0")/../cli/lib.sh"
GOLDEN=$SRC/tests/golden

cases=(
  "letter|$SRC/samples/letter.md"
  "letter-fa|$SRC/samples/letter-fa.md"
  "letter-ur|$SRC/samples/letter-ur.md"
  "letter-he|$SRC/samples/letter-he.md"
  "readme|$SRC/samples/README.md"
  "features|$SRC/tests/data/features.md"
)
for sheet in "$SRC"/styles/*.css; do
  name=$(basename "$sheet" .css)
  [ "$name" = default ] && continue
  cases+=("letter-$name|$SRC/samples/letter.md|--style|$sheet")
done

for c in "${cases[@]}"; do
  IFS='|' read -r -a parts <<< "$c"
  name=${parts[0]}
  "$BIFOLIO" "${parts[@]:1}" --trace > "$OUT/$name.trace" 2> "$OUT/$name.err"
  check "$name: traced" test $? -eq 0
  if [ -n "${UPDATE_GOLDEN:-}" ]; then
    cp "$OUT/$name.trace" "$GOLDEN/$name.trace"
    continue
  fi
  if ! cmp -s "$GOLDEN/$name.trace" "$OUT/$name.trace"; then
    diff -u "$GOLDEN/$name.trace" "$OUT/$name.trace" | head -40 >&2
    fail "$name: trace differs from tests/golden/$name.trace"
  else
    pass
  fi
done
finish
