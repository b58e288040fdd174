# Helpers for the end-to-end tests: each test script gets
#   $1 the bifolio binary, $2 the source folder, $3 a scratch folder.
set -uo pipefail
# With pipefail, `producer | grep -q` fails at random: grep -q exits at its
# first match and the producer may die of SIGPIPE.  Pipes into grep here
# read to the end (`grep … >/dev/null`).
BIFOLIO=$1
SRC=$2
OUT=$3
rm -rf "$OUT" && mkdir -p "$OUT"
failures=0
checks=0

fail () { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass () { checks=$((checks + 1)); }
check () { # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@"; then pass; else fail "$what"; fi
}
finish () {
  echo "$checks passed, $failures failed"
  [ "$failures" -eq 0 ]
}

# epubcheck_books NAME...: epubcheck on $OUT/NAME.epub for each, in one Java
# start (each costs seconds), and one check a book that it has no error and
# no warning; each book's messages are left in $OUT/NAME.check.
epubcheck_books () {
  local paths=() name
  for name in "$@"; do paths+=("$OUT/$name.epub"); done
  java -cp /usr/share/java/epubcheck.jar "$SRC/tests/cli/EpubCheckBatch.java" "${paths[@]}" \
    > "$OUT/epubcheck" 2>&1
  for name in "$@"; do
    awk -v f="=== $OUT/$name.epub" '$0 == f {on = 1; next} /^=== / {on = 0} on' "$OUT/epubcheck" \
      > "$OUT/$name.check"
    check "$name: epubcheck, no error and no warning" \
      grep -q "Messages: 0 fatals / 0 errors / 0 warnings" "$OUT/$name.check"
  done
}
