#!/usr/bin/env bash
# Structural selectors end to end: :nth-child() and its kin picking the
# same elements in bifolio's PDF as another engine (soupsieve) picks from
# the same HTML; zebra stripes carried into the EPUB's sheet intact, picking
# there (by soupsieve, on the book's own XHTML) the rows worked out by hand,
# from a user's sheet and from the document's own <style>; the books valid
# for epubcheck.
. "$(dirname "$0")/lib.sh"

# Debian's python3 has python3-bs4 and python3-soupsieve (scripts/install-deps).
PY=/usr/bin/python3

$PY "$SRC/tests/cli/selector-oracle.py" pdf "$BIFOLIO" "$OUT/oracle" > "$OUT/oracle.txt" 2>&1
check "PDF: backgrounds where soupsieve picks ($(tail -1 "$OUT/oracle.txt"))" test $? -eq 0

cat > "$OUT/zebra.md" <<'MD'
# Zebra

| Name | Value | Note |
|------|-------|------|
| row1 | 1 | a |
| row2 | 2 | b |
| row3 | 3 | c |
| row4 | 4 | d |
| row5 | 5 | e |
| row6 | 6 | f |
MD
cat > "$OUT/zebra.css" <<'CSS'
tr:nth-child(even) { background-color: #dde3ee }
td:nth-of-type(2n+1) { color: #803000 }
tr:nth-last-child(-n+2) td { font-style: italic }
tbody tr:first-of-type td:last-of-type { font-weight: bold }
CSS
"$BIFOLIO" "$OUT/zebra.md" -s "$OUT/zebra.css" -o "$OUT/zebra.epub" 2> "$OUT/zebra.err"
check "EPUB: written" test $? -eq 0
check "EPUB: no warning about the sheet" test ! -s "$OUT/zebra.err"
"$BIFOLIO" "$OUT/zebra.md" -s "$OUT/zebra.css" -o "$OUT/zebra.pdf" 2> "$OUT/zebra-pdf.err"
check "PDF: no warning about the sheet" test ! -s "$OUT/zebra-pdf.err"

# What the sheet says, worked out by hand: the header row is alone in
# <thead>, so the even rows are the body's 2nd, 4th and 6th; odd columns
# are the 1st and 3rd; the last two rows are row5 and row6.
$PY "$SRC/tests/cli/selector-oracle.py" epub "$OUT/zebra.epub" zebra.css > "$OUT/zebra.picked"
check "EPUB: the sheet's selectors read back" test $? -eq 0
cat > "$OUT/zebra.expected" <<'TXT'
tr:nth-child(even)	row2 2 b|row4 4 d|row6 6 f
td:nth-of-type(2n+1)	row1|a|row2|b|row3|c|row4|d|row5|e|row6|f
tr:nth-last-child(-n+2) td	row5|5|e|row6|6|f
tbody tr:first-of-type td:last-of-type	a
TXT
check "EPUB: zebra stripes on the rows worked out by hand" \
  diff -u "$OUT/zebra.expected" "$OUT/zebra.picked"

# The same stripes from the document's own <style>: in the EPUB's sheet
# after the user's, less the declarations that name files (each warned
# with its line and column), picking the rows worked out by hand.
cat > "$OUT/rows.html" <<'HTML'
<html><head><title>Rows</title>
<style>
tr:nth-child(even) { background-color: #dde3ee }
td:first-of-type { background: url(stripe.png); color: #803000 }
@media screen { tr:nth-last-child(1) td { font-style: italic; list-style: url("x.png") } }
</style></head><body>
<table><tr><td>row1</td><td>a</td></tr><tr><td>row2</td><td>b</td></tr>
<tr><td>row3</td><td>c</td></tr><tr><td>row4</td><td>d</td></tr></table></body></html>
HTML
"$BIFOLIO" "$OUT/rows.html" -o "$OUT/rows.epub" 2> "$OUT/rows.err"
check "EPUB from HTML: written" test $? -eq 0
cat > "$OUT/rows.expected-err" <<TXT
bifolio: $OUT/rows.html:4:20: warning: <style>: 'background' names a file; left out of the EPUB's style sheet
bifolio: $OUT/rows.html:5:63: warning: <style>: 'list-style' names a file; left out of the EPUB's style sheet
TXT
check "EPUB from HTML: each declaration naming a file warned with its line" \
  diff -u "$OUT/rows.expected-err" "$OUT/rows.err"
$PY "$SRC/tests/cli/selector-oracle.py" epub "$OUT/rows.epub" "the document's <style> at line 2" \
  > "$OUT/rows.picked"
check "EPUB from HTML: the document's sheet is in the book" test $? -eq 0
cat > "$OUT/rows.expected" <<'TXT'
tr:nth-child(even)	row2 b|row4 d
td:first-of-type	row1|row2|row3|row4
tr:nth-last-child(1) td	row4|d
TXT
check "EPUB from HTML: stripes on the rows worked out by hand" \
  diff -u "$OUT/rows.expected" "$OUT/rows.picked"
check "EPUB from HTML: no file named in the sheet" \
  test -z "$(unzip -p "$OUT/rows.epub" OEBPS/style.css | grep -i 'url(.*png')"

java -cp /usr/share/java/epubcheck.jar "$SRC/tests/cli/EpubCheckBatch.java" \
  "$OUT/zebra.epub" "$OUT/rows.epub" > "$OUT/epubcheck.txt" 2>&1
check "EPUB: epubcheck, no error and no warning, on both books" \
  test "$(grep -c "Messages: 0 fatals / 0 errors / 0 warnings" "$OUT/epubcheck.txt")" -eq 2

finish
