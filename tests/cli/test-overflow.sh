#!/usr/bin/env bash
# Nothing drawn outside the page or its box: a preformatted line of 300
# characters wraps at the measure with a continuation mark and a warning
# naming its line; a Persian comment in a code block stays inside the block,
# which reads left to right; a 200-character address breaks inside a
# paragraph and inside a table cell; lists take one side as a group (a
# Persian list whose item starts with an English word keeps its bullets in
# one column, and the reverse; code in an item does not count), and so do
# tables; an ordered list that starts at INT_MAX; negative margins and
# text-indent that would pull text off the paper.
# Measured on the PDFs with MuPDF and poppler (tests/cli/page-boxes.py).
. "$(dirname "$0")/lib.sh"
BOXES="python3 $SRC/tests/cli/page-boxes.py"

# A justified paragraph of long English text gives the measure's edges.
CALIBRATION="Calibration: this paragraph is long enough to fill several justified lines, so \
that its first and last characters on each full line mark the two edges of the measure, \
which nothing else in the document may cross, neither code nor addresses nor cells."

within_measure () { # within_measure NAME PDF: no character outside the measure
  local edges
  edges=$($BOXES measure "$2" Calibration) || { fail "$1: no calibration paragraph"; return; }
  check "$1: nothing drawn outside the page" test "$($BOXES offpage "$2")" -eq 0
  # shellcheck disable=SC2086
  check "$1: nothing drawn outside the measure ($edges)" test "$($BOXES outside "$2" $edges)" -eq 0
}

# --- a 300-character preformatted line --------------------------------------
LONG=$(python3 -c '
parts = ["result = compute_everything(alpha_beta_gamma, delta, \"a string with spaces\")"]
parts.append("#" + "".join(chr(97 + i % 26) for i in range(120)))
parts.append("path/to/some/deeply/nested/module/file.py:1234:56 and more words to the end")
line = " ".join(parts)
print((line * 2)[:300])')
test "${#LONG}" -eq 300 || fail "the long line is ${#LONG} characters"
cat > "$OUT/pre.html" <<HTML
<!DOCTYPE html><html lang="en"><head><title>pre</title></head><body>
<p>$CALIBRATION</p>
<pre>$LONG
short line after it</pre>
</body></html>
HTML
"$BIFOLIO" "$OUT/pre.html" -o "$OUT/pre.pdf" 2> "$OUT/pre.err"
check "pre: exit 0" test $? -eq 0
within_measure pre "$OUT/pre.pdf"
$BOXES text "$OUT/pre.pdf" > "$OUT/pre.txt"
check "pre: all 300 characters in the text, in order" \
  grep -qF "$(printf '%s' "$LONG" | tr -d ' \t')" "$OUT/pre.txt"
check "pre: the line after it is kept" grep -qF "shortlineafterit" "$OUT/pre.txt"
check "pre: continuation lines are marked with an arrow" \
  test "$(pdftotext "$OUT/pre.pdf" - | grep -c '^→')" -ge 3
check "pre: one warning with the <pre>'s line (3)" \
  test "$(grep -cE 'pre\.html:3: warning: preformatted text wider than the measure is wrapped' "$OUT/pre.err")" -eq 1

# --- a Persian comment in a code block ---------------------------------------
cat > "$OUT/code-fa.md" <<'MD'
---
lang: fa
---
این پاراگراف فارسی است، و پاراگراف انگلیسی بعدی لبه‌های ستون متن را نشان می‌دهد.

CALIBRATION

```python
total = price * count  # این یک توضیح فارسی بلند است که از لبهٔ صفحه بیرون می‌زد اگر شکسته نمی‌شد
print(total)
```
MD
sed -i "s/^CALIBRATION\$/$CALIBRATION/" "$OUT/code-fa.md"
"$BIFOLIO" "$OUT/code-fa.md" -o "$OUT/code-fa.pdf" 2> "$OUT/code-fa.err"
check "code-fa: exit 0" test $? -eq 0
within_measure code-fa "$OUT/code-fa.pdf"
pdftotext "$OUT/code-fa.pdf" "$OUT/code-fa.txt"
for word in توضیح فارسی بلند صفحه بیرون شکسته total price count print; do
  check "code-fa: \"$word\" in the text" grep -qF "$word" "$OUT/code-fa.txt"
done
# The block reads left to right: its code starts at its left edge, left of
# the comment's words on the same line.
total_x=$($BOXES xs "$OUT/code-fa.pdf" total | head -1)
comment_x=$($BOXES arabic-left "$OUT/code-fa.pdf" total)
left=$($BOXES measure "$OUT/code-fa.pdf" Calibration | cut -d' ' -f1)
check "code-fa: code at the block's left ($total_x, measure from $left)" \
  python3 -c "import sys; sys.exit(0 if 0 <= $total_x - $left < 30 else 1)"
check "code-fa: the comment right of the code ($comment_x > $total_x)" \
  python3 -c "import sys; sys.exit(0 if $comment_x > $total_x else 1)"

# --- a 200-character address in a paragraph and in a table cell --------------
URL=$(python3 -c 'print(("https://example.org/" + "/".join("segment%02d_with-some.parts" % i for i in range(8)))[:200])')
test "${#URL}" -eq 200 || fail "the address is ${#URL} characters"
CODE=$(python3 -c 'print("averyveryverylongidentifierwithoutanybreak" * 3)')
cat > "$OUT/url.md" <<MD
$CALIBRATION

$URL is where to look, and \`$CODE\` is the name.

| Name | Address |
|------|---------|
| one  | $URL |
| two  | \`$CODE\` |
MD
"$BIFOLIO" "$OUT/url.md" -o "$OUT/url.pdf" 2> "$OUT/url.err"
check "url: exit 0" test $? -eq 0
within_measure url "$OUT/url.pdf"
$BOXES text "$OUT/url.pdf" > "$OUT/url.txt"
check "url: the address whole in the paragraph and in the cell" \
  test "$(grep -oF "$URL" "$OUT/url.txt" | wc -l)" -eq 2
check "url: the code span whole in the paragraph and in the cell" \
  test "$(grep -oF "$CODE" "$OUT/url.txt" | wc -l)" -eq 2
# The cell's address stays in its column, right of the first; the first
# column keeps its short words whole (the address breaks, not "Name").
read -r left right <<< "$($BOXES measure "$OUT/url.pdf" Calibration)"
cell_x=$($BOXES starts "$OUT/url.pdf" "https://example.org/" | sed -n 2p)
name_x=$($BOXES xs "$OUT/url.pdf" "Name" | head -1)
check "url: the header 'Name' whole at the table's left ($name_x)" \
  python3 -c "import sys; sys.exit(0 if '$name_x' and 0 <= float('$name_x') - $left < 10 else 1)"
check "url: the address in the cell starts in the second column ($cell_x)" \
  python3 -c "import sys; sys.exit(0 if $cell_x >= $name_x + 20 else 1)"

# --- lists take one side ---------------------------------------------------------
cat > "$OUT/lists.md" <<'MD'
- Python یک زبان برنامه‌نویسی است که در این کتاب یاد می‌گیریم
- جنگو یک چارچوب وب است که با پایتون نوشته شده است
- این مورد سوم فهرست است

Some English text between the two lists, so that the document has both.

- English words make up this first item
- این مورد فارسی در فهرست انگلیسی است
- And one more English item to close

Some more English text, and then a Persian list that holds English code.

- فیلدهای ورودی این فهرست فارسی است

  ```html
  <form role="search"><label for="search" class="hidden">Search the whole site: </label>
  <input type="text" name="search" id="search" v-model="search" /></form>
  ```

- آیکن‌ها
MD
"$BIFOLIO" "$OUT/lists.md" -o "$OUT/lists.pdf" 2> "$OUT/lists.err"
check "lists: exit 0" test $? -eq 0
mapfile -t bullets < <($BOXES xs "$OUT/lists.pdf" "•")
check "lists: eight bullets (${#bullets[*]})" test "${#bullets[*]}" -eq 8
width=$(pdfinfo "$OUT/lists.pdf" | sed -n 's/^Page size: *\([0-9.]*\) x.*/\1/p')
check "lists: the Persian list's bullets in one column on the right (${bullets[*]:0:3})" \
  python3 -c "import sys; b = [${bullets[0]}, ${bullets[1]}, ${bullets[2]}]; sys.exit(0 if max(b) - min(b) < 0.5 and min(b) > $width / 2 else 1)"
check "lists: the English list's bullets in one column on the left (${bullets[*]:3:3})" \
  python3 -c "import sys; b = [${bullets[3]}, ${bullets[4]}, ${bullets[5]}]; sys.exit(0 if max(b) - min(b) < 0.5 and max(b) < $width / 2 else 1)"
check "lists: code does not count: a Persian list with English code on the right (${bullets[*]:6:2})" \
  python3 -c "import sys; b = [${bullets[6]}, ${bullets[7]}]; sys.exit(0 if max(b) - min(b) < 0.5 and min(b) > $width / 2 else 1)"
# A table takes its content's side as well: a mostly Persian table whose
# first column is English starts on the right.
cat > "$OUT/table.md" <<'MD'
| زبان | توضیح |
|------|-------|
| Python | یک زبان برنامه‌نویسی همه‌منظوره و خوانا است |
| Django | یک چارچوب وب است که با پایتون نوشته شده است |
MD
"$BIFOLIO" "$OUT/table.md" -o "$OUT/table.pdf" 2> "$OUT/table.err"
python_x=$($BOXES xs "$OUT/table.pdf" Python | head -1)
check "table: the first column on the right ($python_x of $width)" \
  python3 -c "import sys; sys.exit(0 if $python_x > $width / 2 else 1)"
check "lists: nothing outside the page" test "$($BOXES offpage "$OUT/lists.pdf")" -eq 0

# --- <ol start> at the end of int --------------------------------------------------
cat > "$OUT/ol.html" <<'HTML'
<!DOCTYPE html><html lang="en"><head><title>ol</title></head><body>
<ol start="2147483647"><li>one</li><li>two</li></ol>
<ol start="-2147483648"><li>three</li></ol>
<ol start="seven"><li>four</li></ol>
</body></html>
HTML
"$BIFOLIO" "$OUT/ol.html" -o "$OUT/ol.pdf" 2> "$OUT/ol.err"
check "ol: exit 0" test $? -eq 0
pdftotext "$OUT/ol.pdf" "$OUT/ol.txt"
for marker in 999999999. 1000000000. -999999999. 1.; do
  check "ol: marker $marker (clamped start, counting on)" grep -qwF -- "$marker" "$OUT/ol.txt"
done
check "ol: nothing outside the page" test "$($BOXES offpage "$OUT/ol.pdf")" -eq 0

# --- list numbering as HTML gives it ------------------------------------------------
# §4.4.5: a reversed ol counts down from its number of items (the li in a
# div inside it among them, §4.4.8) or from its start; an li's value sets
# its number and the count goes on from it.  §15.3.8: ol type="a", "I",
# "i" number in letters and roman numerals, as written; ul type="none"
# shows no bullet.
cat > "$OUT/numbering.html" <<'HTML'
<!DOCTYPE html><html lang="en"><head><title>numbering</title></head><body>
<ol reversed><li>rone</li><li>rtwo</li><div><li>rthree</li></div><li>rfour<ol><li>inner</li></ol></li></ol>
<ol start="10" reversed><li>sone</li><li>stwo</li></ol>
<ol><li>vone</li><li value="7">vtwo</li><li>vthree</li></ol>
<ol type="a"><li>aone</li><li>atwo</li></ol>
<ol type="A"><li>bigaone</li></ol>
<ol type="I" start="4"><li>romanfour</li></ol>
<ol type="i"><li>ione</li><li>itwo</li></ol>
<ul type="none"><li>nomarker</li></ul>
<ol reversed start="-999999999"><li>small</li><li>smaller</li></ol>
</body></html>
HTML
"$BIFOLIO" "$OUT/numbering.html" -o "$OUT/numbering.pdf" 2> "$OUT/numbering.err"
check "numbering: exit 0" test $? -eq 0
pdftotext -layout "$OUT/numbering.pdf" "$OUT/numbering.txt"
for item in "4. rone" "3. rtwo" "2. rthree" "1. rfour" "1. inner" "10. sone" "9. stwo" \
            "1. vone" "7. vtwo" "8. vthree" "a. aone" "b. atwo" "A. bigaone" "IV. romanfour" \
            "i. ione" "ii. itwo" "-999999999. small" "-1000000000. smaller"; do
  check "numbering: $item" grep -qE "^ *${item//./\\.}\$" "$OUT/numbering.txt"
done
check "numbering: no bullet for ul type=none" grep -qE "^ *nomarker\$" "$OUT/numbering.txt"

# --- negative margins ---------------------------------------------------------
# A site hides a "skip" link with margin-left: -9999px, a sheet outdents
# a heading into the margin, a bibliography hangs its first lines: the
# outdent into the margin stays, what would leave the paper is set at its
# edge (one warning), every word is drawn on the page, in both directions.
cat > "$OUT/outdent.html" <<'HTML'
<!DOCTYPE html>
<html lang="en"><head><title>Outdent</title><style>
.skip { margin-left: -9999px } .out { margin-left: -1cm } .hang { text-indent: -30cm }
.rtl { margin-right: -20cm } .box { margin: 0 -50cm; border: 1pt solid #c00000 }
</style></head><body>
<p class="skip">Skipped link words</p>
<p>Plain paragraph words</p>
<h2 class="out">Outdented heading words</h2>
<p class="hang">Hanging bibliography entry words that run over more than one line of the page to show the rest.</p>
<p class="rtl" dir="rtl" lang="fa">متن فارسی با حاشیهٔ منفی</p>
<div class="box">Boxed words wider than the paper</div>
</body></html>
HTML
"$BIFOLIO" "$OUT/outdent.html" -o "$OUT/outdent.pdf" 2>"$OUT/outdent.err"
check "outdent: exit 0" test $? -eq 0
check "outdent: one warning" grep -qx \
  "bifolio: $OUT/outdent.html: warning: negative margins or text-indent that would pull text off the paper are set at its edge" \
  "$OUT/outdent.err"
check "outdent: nothing outside the page" test "$($BOXES offpage "$OUT/outdent.pdf")" -eq 0
pdftotext "$OUT/outdent.pdf" "$OUT/outdent.txt"
for words in "Skipped link words" "Outdented heading words" "Hanging bibliography" "فارسی" \
             "Boxed words wider than the paper"; do
  check "outdent: \"$words\" on the page" grep -qF "$words" "$OUT/outdent.txt"
done
# The 1 cm (28.35 pt) outdent into the margin is kept.
plain_x=$($BOXES xs "$OUT/outdent.pdf" Plain | head -1)
heading_x=$($BOXES xs "$OUT/outdent.pdf" Outdented | head -1)
check "outdent: the heading 1 cm left of the text ($heading_x, $plain_x)" \
  python3 -c "import sys; sys.exit(0 if abs($plain_x - $heading_x - 28.35) < 1 else 1)"
finish
