#!/usr/bin/env bash
# Paragraphs: total fit against greedy on the letter and the long book (sum
# of squared adjustment ratios lower, no overfull line), hyphenation where
# it belongs and nowhere else, soft hyphens, the --stats report.
. "$(dirname "$0")/lib.sh"
LETTER=$SRC/samples/letter.md

stat_of () { # stat_of REPORT FIELD: a number from the --stats report
  case $2 in
    squares) sed -n 's/.*sum of squares \([0-9.]*\).*/\1/p' "$1" ;;
    overfull) sed -n 's/^overfull lines: \([0-9]*\)/\1/p' "$1" ;;
    hyphenated) sed -n 's/^hyphenated lines: \([0-9]*\).*/\1/p' "$1" ;;
    justified) sed -n 's/^lines: [0-9]* (\([0-9]*\) justified)/\1/p' "$1" ;;
  esac
}

compare () { # compare NAME INPUT
  "$BIFOLIO" "$2" --stats --line-break greedy -o "$OUT/$1-greedy.pdf" > "$OUT/$1-greedy.txt"
  "$BIFOLIO" "$2" --stats --line-break optimal -o "$OUT/$1-optimal.pdf" > "$OUT/$1-optimal.txt"
  local g o
  g=$(stat_of "$OUT/$1-greedy.txt" squares); o=$(stat_of "$OUT/$1-optimal.txt" squares)
  echo "$1: sum of squared ratios, greedy $g, optimal $o"
  check "$1: report has justified lines" test "$(stat_of "$OUT/$1-optimal.txt" justified)" -gt 100
  check "$1: optimal beats greedy ($o < $g)" python3 -c "import sys; sys.exit(0 if $o < $g else 1)"
  check "$1: no overfull line" test "$(stat_of "$OUT/$1-optimal.txt" overfull)" -eq 0
}

compare letter "$LETTER"
python3 "$SRC/bench/make-book.py" "$LETTER" "$OUT/book.md" 40
compare book "$OUT/book.md"
check "optimal letter: Persian paragraphs still extract" python3 "$SRC/tests/cli/persian-extract.py" \
  "$LETTER" "$OUT/letter-optimal.pdf" --require-mutool 27 --require-poppler 22
check "greedy letter: Persian paragraphs still extract" python3 "$SRC/tests/cli/persian-extract.py" \
  "$LETTER" "$OUT/letter-greedy.pdf" --require-mutool 27 --require-poppler 20

# English paragraphs come back whole once line-end hyphens are joined.
pdftotext "$OUT/letter-optimal.pdf" - | python3 -c '
import re, sys
text = sys.stdin.read()
joined = re.sub(r"-\n(?=[a-z])", "", text)
flat = re.sub(r"\s+", " ", joined)
para = "Perhaps the costs of helping the Iranian people under these conditions are very hard."
sys.exit(0 if para in flat else 1)'
check "English paragraph back from the PDF, hyphens joined" test $? -eq 0

# Hyphenation: English on a narrow measure hyphenates; Persian, code and
# addresses never do; a soft hyphen is honoured.
cat > "$OUT/hyphens.md" <<'MD'
---
lang: en
---

Internationalization considerations notwithstanding, extraordinarily comprehensive documentation accompanies incomprehensibilities.

<p lang="fa" dir="rtl">نمایندگان و کارشناسان مورد اعتماد سازمان ملل متحد در میان بگذارم تا با مسؤلیت پذیری</p>

Run `internationalizationconsiderations` and visit https://internationalization.example.org/considerations now.

Words: Super­cali­fragilistic­expiali­docious­ness­ful­ness­ity­hood and more.
MD
"$BIFOLIO" "$OUT/hyphens.md" --paper 100x200mm --stats -o "$OUT/hyphens.pdf" > "$OUT/hyphens.txt"
mutool draw -F txt -o "$OUT/hyphens-text.txt" "$OUT/hyphens.pdf" 2>/dev/null
check "English words hyphenated at line ends" grep -qE '[a-z]-$' "$OUT/hyphens-text.txt"
check "the report counts them" test "$(stat_of "$OUT/hyphens.txt" hyphenated)" -ge 1
check "no Persian word hyphenated" python3 -c "
import re, sys
sys.exit(1 if re.search(r'[\u0600-\u06ff]-\$', open(sys.argv[1], encoding='utf-8').read(), re.M) else 0)" "$OUT/hyphens-text.txt"
check "code not hyphenated" test -z "$(grep -E '^[a-z]*internation[a-z]*-$|internationalizationcon-' "$OUT/hyphens-text.txt" | grep -v https)"
check "address not hyphenated" test -z "$(grep -E 'https://[^ ]*-$|^[a-z.]*example[a-z.]*-$' "$OUT/hyphens-text.txt")"
check "soft hyphen honoured" grep -qE '(Super|cali|fragilistic|expiali|docious|ness|ful|ity)-$' "$OUT/hyphens-text.txt"

# A language without a dictionary is not hyphenated; the greedy breaker
# and --stats work on it too.
sed 's/^Internationalization/<p lang="xx">Internationalization/; s/incomprehensibilities\.$/incomprehensibilities.<\/p>/' \
  "$OUT/hyphens.md" > "$OUT/nodict.md"
"$BIFOLIO" "$OUT/nodict.md" --paper 100x200mm -o "$OUT/nodict.pdf"
check "no dictionary, no hyphen in that paragraph" test -z "$(mutool draw -F txt -o - "$OUT/nodict.pdf" 2>/dev/null | sed -n '1,8p' | grep -E '[a-z]-$')"

expect_usage () { "$BIFOLIO" "$LETTER" "$@" -o "$OUT/bad.pdf" 2>"$OUT/err"; test $? -eq 2 && grep -q "line-break must be" "$OUT/err"; }
check "--line-break bogus: exit 2" expect_usage --line-break bogus
finish
