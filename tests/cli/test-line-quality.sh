#!/usr/bin/env bash
# Line quality in any measure (issue #13): no justified line looser than an
# adjustment ratio of 3 — past it a line is set ragged — on a narrow table
# cell, on the 40-chapter book at A5 and A6, and on every real document of
# tests/corpus (their table cells included) at A5 and A6; nothing lost on
# the way.
. "$(dirname "$0")/lib.sh"
LOOSEST=3

worst_of () { # worst_of REPORT: the worst adjustment ratio, without its sign
  sed -n 's/.*worst -\{0,1\}\([0-9.]*\),.*/\1/p' "$1"
}

bounded () { # bounded NAME INPUT [OPTIONS…]: typeset with --stats, check the worst ratio
  local name=$1 input=$2; shift 2
  "$BIFOLIO" "$input" "$@" --stats -o "$OUT/$name.pdf" > "$OUT/$name.txt" 2> "$OUT/$name.err"
  check "$name: typeset" test $? -eq 0
  local worst
  worst=$(worst_of "$OUT/$name.txt")
  echo "$name: worst justified ratio $worst"
  check "$name: worst justified ratio $worst is at most $LOOSEST" \
    python3 -c "import sys; sys.exit(0 if 0 <= float('$worst') <= $LOOSEST else 1)"
}

# A regular-expression table on A6: before, "Negated" sat alone on its
# cell's first line and the cells' lines were not in the report at all.
cat > "$OUT/regex.md" <<'EOF'
| Pattern | Meaning |
|---|---|
| [^abc] | Negated set: any character that is not a, b or c |
| [a-z] | Range: any character from a to z, lower case only |
| \d | Digit: any character from 0 to 9 |
| \w | Word character: any letter, digit or underscore |
| . | Any character except a line break |
| a{2,} | Quantifier: two or more of the preceding token |
EOF
bounded regex "$OUT/regex.md" --paper A6
check "regex: the cells' lines are in the report" \
  test "$(sed -n 's/^lines: \([0-9]*\) .*/\1/p' "$OUT/regex.txt")" -gt 14
pdftotext -layout "$OUT/regex.pdf" "$OUT/regex.pdf.txt"
check "regex: \"Negated\" shares its line" grep -q 'Negated set' "$OUT/regex.pdf.txt"
check "regex: \"Word\" shares its line" grep -q 'Word character' "$OUT/regex.pdf.txt"
check "regex: every word of the table is on the page" python3 -c '
import re, sys
source = open(sys.argv[1], encoding="utf-8").read()
text = open(sys.argv[2], encoding="utf-8").read().split()
words = [w for w in re.split(r"[\s|]+", source) if w and not set(w) <= set("-|")]
missing = [w for w in words if w not in text]
sys.exit("missing: %s" % missing if missing else 0)' "$OUT/regex.md" "$OUT/regex.pdf.txt"

python3 "$SRC/bench/make-book.py" "$SRC/samples/letter.md" "$OUT/book.md" 40
bounded book-A5 "$OUT/book.md"
bounded book-A6 "$OUT/book.md" --paper A6

for doc in "$SRC"/tests/corpus/*/*.md "$SRC"/tests/corpus/*/*.html; do
  name=$(basename "$(dirname "$doc")")
  bounded "$name-A5" "$doc"
  bounded "$name-A6" "$doc" --paper A6
done
finish
