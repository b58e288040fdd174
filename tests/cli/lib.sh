# Helpers for the end-to-end tests: each test script gets
#   $1 the bifolio binary, $2 the source folder, $3 a scratch folder.
set -uo pipefail
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
