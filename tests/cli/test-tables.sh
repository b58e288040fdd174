#!/usr/bin/env bash
# Tables: columns sized by their content (CSS 2.1 §17.5.2.2) or fixed,
# alignment per column and cell, colspan and rowspan on HTML's grid,
# captions, cell backgrounds, right-to-left tables, header rows repeated on
# every page a long table spans, and nothing lost or off the page.  The
# expected positions come from the words pdftotext finds, the pixels
# pdftoppm draws and epubcheck's verdict.
source "$(dirname "$0")/lib.sh"
WORDS="python3 $SRC/tests/cli/words.py"
BOXES="python3 $SRC/tests/cli/page-boxes.py"

# The left edge, right edge and top of WORD's first occurrence on PAGE.
word_box () { # PDF PAGE WORD → "x0 x1 top"
  $WORDS "$1" "$2" | awk -v w="$3" '$5 == w { print $1, $2, $3; exit }'
}
near () { # A B TOLERANCE
  python3 -c "import sys; sys.exit(0 if abs($1 - $2) <= $3 else 1)"
}
less () { # A B: A < B
  python3 -c "import sys; sys.exit(0 if $1 < $2 else 1)"
}

# --- content-sized columns, alignment ------------------------------------------
cat > "$OUT/columns.md" <<'MD'
Calibration: this paragraph is long enough to fill several justified lines,
so that its first and last characters on each full line mark the two edges of
the measure, which no table in this document may cross at any point at all.

| K | Meaning |
|---|---------|
| a | Negated set: any character that is not a, b or c, including line breaks and digits |
| b | Any character |

| Item | Price |
|:-----|------:|
| Tea | 3.50 |
| Coffee | 12.00 |
| Water | 0.75 |
MD
"$BIFOLIO" "$OUT/columns.md" -o "$OUT/columns.pdf" 2> "$OUT/columns.err"
check "columns: exit 0" test $? -eq 0
read -r left right <<< "$($BOXES measure "$OUT/columns.pdf" Calibration)"
read -r k0 k1 _ <<< "$(word_box "$OUT/columns.pdf" 1 K)"
read -r m0 m1 _ <<< "$(word_box "$OUT/columns.pdf" 1 Meaning)"
# The one-letter column is narrow: the second starts within a few ems of
# the first, and the sentence column takes the rest of the measure.
check "columns: the one-letter column is narrow ($k0 → $m0)" less "$m0 - $k0" 40
check "columns: the table starts at the measure's left ($k0, $left)" near "$k0" "$left" 12
check "columns: nothing outside the measure" \
  test "$($BOXES outside "$OUT/columns.pdf" "$left" "$right")" -eq 0
# A right-aligned column: the prices end on one x.
r1=$(word_box "$OUT/columns.pdf" 1 3.50 | cut -d' ' -f2)
r2=$(word_box "$OUT/columns.pdf" 1 12.00 | cut -d' ' -f2)
r3=$(word_box "$OUT/columns.pdf" 1 0.75 | cut -d' ' -f2)
check "columns: right-aligned prices end on one x ($r1 $r2 $r3)" \
  python3 -c "import sys; sys.exit(0 if max($r1,$r2,$r3) - min($r1,$r2,$r3) < 0.6 else 1)"
t1=$(word_box "$OUT/columns.pdf" 1 Tea | cut -d' ' -f1)
c1=$(word_box "$OUT/columns.pdf" 1 Coffee | cut -d' ' -f1)
check "columns: left-aligned items start on one x ($t1 $c1)" near "$t1" "$c1" 0.6
# No line of the narrow cell is stretched: the sentence's column is wide
# enough that its words keep their natural spaces (no gap over 3 ems).
check "columns: the sentence is set without wide gaps" python3 - "$OUT/columns.pdf" <<'PY'
import re, subprocess, sys
xml = subprocess.run(["pdftotext", "-bbox", sys.argv[1], "-"], capture_output=True, text=True).stdout
words = [(float(a), float(b), float(c), w) for a, b, c, w in
         re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>', xml)]
start = [i for i, w in enumerate(words) if w[3] == "Negated"][0]
line = [w for w in words[start:start + 30] if abs(w[1] - words[start][1]) < 1]
gaps = [b[0] - a[2] for a, b in zip(line, line[1:])]
sys.exit(0 if gaps and max(gaps) < 3 * 10.5 else 1)
PY

# --- a grid: spans, caption, backgrounds, borders; fixed layout -----------------
cat > "$OUT/grid.html" <<'HTML'
<!DOCTYPE html>
<html lang="en"><head><title>Grid</title><style>
table.g { border-collapse: collapse; border: 1pt solid black; }
table.g td, table.g th { border: 0.5pt solid #444; }
td.red { background-color: #ff0000; }
tr.shaded { background-color: #0000ff; }
table.fixed { table-layout: fixed; width: 300pt; }
table.fixed caption { caption-side: bottom; }
</style></head><body>
<p>Calibration: this paragraph is long enough to fill several justified lines,
so that its first and last characters on each full line mark the two edges of
the measure, which no table in this document may cross at any point at all.</p>
<table class="g">
<caption>Caption-above-the-grid</caption>
<thead><tr><th>Head1</th><th>Head2</th><th>Head3</th></tr></thead>
<tbody>
<tr><td rowspan="2">Tall</td><td>Bee</td><td class="red">Redcell</td></tr>
<tr><td colspan="2">Widecell spanning two columns</td></tr>
<tr class="shaded"><td>Cee</td><td>Dee</td><td>Eee</td></tr>
</tbody>
</table>
<table class="fixed">
<caption>Caption-under-the-fixed-table</caption>
<col style="width: 60pt"><col>
<tr><td>Fixedone</td><td>Fixedtwo</td></tr>
</table>
</body></html>
HTML
"$BIFOLIO" "$OUT/grid.html" -o "$OUT/grid.pdf" 2> "$OUT/grid.err"
check "grid: exit 0" test $? -eq 0
read -r h1 _ h1top <<< "$(word_box "$OUT/grid.pdf" 1 Head1)"
read -r h2 _ _ <<< "$(word_box "$OUT/grid.pdf" 1 Head2)"
read -r h3 _ _ <<< "$(word_box "$OUT/grid.pdf" 1 Head3)"
read -r tall _ talltop <<< "$(word_box "$OUT/grid.pdf" 1 Tall)"
read -r bee _ beetop <<< "$(word_box "$OUT/grid.pdf" 1 Bee)"
read -r wide _ widetop <<< "$(word_box "$OUT/grid.pdf" 1 Widecell)"
read -r cee _ ceetop <<< "$(word_box "$OUT/grid.pdf" 1 Cee)"
read -r _ _ captop <<< "$(word_box "$OUT/grid.pdf" 1 Caption-above-the-grid)"
check "grid: the caption is above the header row ($captop < $h1top)" less "$captop" "$h1top"
check "grid: the rowspan cell sits in the first column of its first row" \
  bash -c "python3 -c 'import sys; sys.exit(0 if abs($tall - $h1) < 1 and abs($talltop - $beetop) < 1 else 1)'"
check "grid: the colspan cell starts in the second column, one row down ($wide ~ $h2)" \
  bash -c "python3 -c 'import sys; sys.exit(0 if abs($wide - $h2) < 1 and $widetop > $beetop + 5 else 1)'"
check "grid: the row after the span starts back in the first column" near "$cee" "$h1" 1
check "grid: rows go down the page" less "$beetop" "$ceetop"
read -r f1 _ f1top <<< "$(word_box "$OUT/grid.pdf" 1 Fixedone)"
read -r _ _ undertop <<< "$(word_box "$OUT/grid.pdf" 1 Caption-under-the-fixed-table)"
check "grid: caption-side: bottom puts the caption under the table" less "$f1top" "$undertop"
read -r f2 _ _ <<< "$(word_box "$OUT/grid.pdf" 1 Fixedtwo)"
# table-layout: fixed with <col style="width: 60pt">: the second column
# starts 60 pt (the first column's width) after the first.
check "grid: a fixed first column of 60pt ($f1 → $f2)" near "$f2 - $f1" 60 1.5
pdftoppm -r 72 -f 1 -l 1 -singlefile "$OUT/grid.pdf" "$OUT/grid"
check "grid: the red cell and the blue row are painted where their words are" \
  python3 - "$OUT/grid.ppm" "$OUT/grid.pdf" <<'PY'
import re, subprocess, sys
data = open(sys.argv[1], 'rb').read()
m = re.match(rb'P6\s+(\d+)\s+(\d+)\s+255\s', data)
w, h, pixels = int(m.group(1)), int(m.group(2)), data[m.end():]
def colour(x, y):
    i = 3 * (int(y) * w + int(x))
    return tuple(pixels[i:i + 3])
xml = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", sys.argv[2], "-"],
                     capture_output=True, text=True).stdout
box = {wd: tuple(map(float, b)) for *b, wd in
       re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', xml)}
def around(word):   # pixels just left of the word's first letter, mid-height
    x0, y0, x1, y1 = box[word]
    return colour(x0 - 1.5, (y0 + y1) / 2)
r, g, b = around("Redcell")
assert r > 200 and g < 60 and b < 60, ("Redcell", r, g, b)
r, g, b = around("Dee")
assert b > 200 and r < 60 and g < 60, ("Dee", r, g, b)
r, g, b = around("Bee")
assert r > 200 and g > 200 and b > 200, ("Bee", r, g, b)
PY

# --- a right-to-left table ---------------------------------------------------------
cat > "$OUT/rtl.md" <<'MD'
این جدول Persian فارسی است و ستون نخست آن باید در سمت راست باشد، همان‌گونه که خواننده انتظار دارد.

| نام | مقدار |
|-----|-------|
| سیب | Apple 12 |
| موز | Banana 7 |
MD
"$BIFOLIO" "$OUT/rtl.md" -o "$OUT/rtl.pdf" 2> "$OUT/rtl.err"
check "rtl: exit 0" test $? -eq 0
# The line of "Apple 12": its Persian word (first column) right of the
# English value (second column), and the table against the right edge.
read -r n0 n1 <<< "$($BOXES arabic-extent "$OUT/rtl.pdf" Apple)"
read -r a0 a1 _ <<< "$(word_box "$OUT/rtl.pdf" 1 Apple)"
check "rtl: the first column is on the right ($n0 > $a1)" less "$a1" "$n0"
read -r _ para_right <<< "$($BOXES arabic-extent "$OUT/rtl.pdf" Persian)"
check "rtl: the table ends at the measure's right edge ($n1 ~ $para_right)" near "$n1" "$para_right" 12

# --- a long table: the header on every page, every row once ------------------
python3 - "$OUT/long.md" <<'PY'
import sys
rows = ["| Index | Square | Words |", "|---:|---:|---|"]
rows += [f"| row{i} | {i * i} | some words for row {i} |" for i in range(300)]
open(sys.argv[1], "w").write("# Squares\n\n" + "\n".join(rows) + "\n\nAfter the table.\n")
PY
"$BIFOLIO" "$OUT/long.md" -o "$OUT/long.pdf" 2> "$OUT/long.err"
check "long: exit 0" test $? -eq 0
pages=$(pdfinfo "$OUT/long.pdf" | awk '/^Pages:/ { print $2 }')
check "long: the table spans several pages ($pages)" test "$pages" -ge 4
check "long: every page the table is on starts with its header row" \
  python3 - "$OUT/long.pdf" "$pages" "$SRC/tests/cli/words.py" <<'PY'
import subprocess, sys
pdf, pages, words = sys.argv[1], int(sys.argv[2]), sys.argv[3]
for p in range(1, pages + 1):
    lines = subprocess.run(["python3", words, pdf, str(p)], capture_output=True, text=True).stdout.split("\n")
    text = [l.split(" ", 4)[4] for l in lines if l]
    if not any(t.startswith("row") for t in text):
        continue
    first = [t for t in text if t not in ("Squares",)][:3]
    assert first[:2] == ["Index", "Square"], (p, first)
PY
check "long: each row's text once" python3 - "$OUT/long.pdf" <<'PY'
import collections, re, subprocess, sys
text = subprocess.run(["pdftotext", sys.argv[1], "-"], capture_output=True, text=True).stdout
seen = collections.Counter(re.findall(r"\brow(\d+)\b", text))
assert sorted(int(k) for k in seen) == list(range(300)), len(seen)
assert all(v == 1 for v in seen.values()), [k for k, v in seen.items() if v != 1][:5]
PY

# --- a footer: under the rows of every page the table goes on from ----------------
python3 - "$OUT/footer.html" <<'PY'
import sys
rows = "".join(f"<tr><td>r{i}</td><td>{i * 7}</td></tr>" for i in range(200))
open(sys.argv[1], "w").write(
    "<!DOCTYPE html><html lang='en'><head><title>Footer</title></head><body>"
    "<table><thead><tr><th>Key</th><th>Seven</th></tr></thead>"
    f"<tfoot><tr><td>Foot-total</td><td>sum</td></tr></tfoot><tbody>{rows}</tbody></table>"
    "<p>Closing words.</p></body></html>")
PY
"$BIFOLIO" "$OUT/footer.html" -o "$OUT/footer.pdf" 2> "$OUT/footer.err"
check "footer: exit 0" test $? -eq 0
check "footer: each page of the table ends with its footer, under its last row" \
  python3 - "$OUT/footer.pdf" "$SRC/tests/cli/words.py" <<'PY'
import subprocess, sys
pdf, words = sys.argv[1], sys.argv[2]
pages = int([l.split()[1] for l in subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout.splitlines() if l.startswith("Pages:")][0])
assert pages >= 3, pages
seen = []
for p in range(1, pages + 1):
    text = [l.split(" ", 4)[4] for l in subprocess.run(["python3", words, pdf, str(p)], capture_output=True,
                                                        text=True).stdout.splitlines() if l]
    body = [t for t in text if t.startswith("r") and t[1:].isdigit()]
    seen += body
    if body:
        assert text[:2] == ["Key", "Seven"], (p, text[:3])
        i = text.index("Foot-total")
        last_row = max(text.index(b) for b in body)
        assert i > last_row, (p, "footer above a row")
assert seen == [f"r{i}" for i in range(200)], "rows lost or repeated"
PY

# --- a row taller than a page: cut between its lines, nothing lost -----------------
python3 - "$OUT/tall.md" <<'PY'
import sys
words = " ".join(f"word{i}" for i in range(1500))
open(sys.argv[1], "w").write(f"# Tall\n\n| Head A | Head B |\n|---|---|\n| short | {words} |\n| after | row |\n")
PY
"$BIFOLIO" "$OUT/tall.md" -o "$OUT/tall.pdf" 2> "$OUT/tall.err"
check "tall: exit 0" test $? -eq 0
check "tall: nothing drawn off the page" test "$($BOXES offpage "$OUT/tall.pdf")" -eq 0
check "tall: every word of the tall cell once" python3 - "$OUT/tall.pdf" <<'PY'
import collections, re, subprocess, sys
text = subprocess.run(["pdftotext", sys.argv[1], "-"], capture_output=True, text=True).stdout
seen = collections.Counter(re.findall(r"\bword(\d+)\b", text))
assert sorted(int(k) for k in seen) == list(range(1500)), len(seen)
assert set(seen.values()) == {1}
PY
tall_pages=$(pdfinfo "$OUT/tall.pdf" | awk '/^Pages:/ { print $2 }')
check "tall: the row goes on over several pages ($tall_pages)" test "$tall_pages" -ge 5
check "tall: the first page holds the start of the row, under the header" \
  bash -c "pdftotext -f 1 -l 1 '$OUT/tall.pdf' - | grep -q word0"
check "tall: each later page repeats the header" bash -c "
  for p in \$(seq 2 $tall_pages); do
    pdftotext -f \$p -l \$p '$OUT/tall.pdf' - | grep -q 'Head B' || exit 1
  done"

# A tall cell's background stops with the page's last line: none runs into
# the bottom margin over the page number.
python3 - "$OUT/tallbg.html" <<'PY'
import sys
words = " ".join(f"word{i}" for i in range(1500))
open(sys.argv[1], "w").write("<html lang='en'><body><table><tr><th>Head</th><th>B</th></tr>"
                             f"<tr><td style='background-color:#f00'>short</td><td>{words}</td></tr>"
                             "</table></body></html>")
PY
"$BIFOLIO" "$OUT/tallbg.html" -o "$OUT/tallbg.pdf" 2> /dev/null
pdftoppm -r 72 -f 2 -l 2 -singlefile "$OUT/tallbg.pdf" "$OUT/tallbg"
check "tall: a cell's background ends above the page number" python3 - "$OUT/tallbg.ppm" "$OUT/tallbg.pdf" <<'PY'
import re, subprocess, sys
data = open(sys.argv[1], 'rb').read()
m = re.match(rb'P6\s+(\d+)\s+(\d+)\s+255\s', data)
w, h, px = int(m.group(1)), int(m.group(2)), data[m.end():]
red_rows = [y for y in range(h) if any(px[3 * (y * w + x)] > 200 and px[3 * (y * w + x) + 1] < 60
                                          for x in range(0, w, 2))]
xml = subprocess.run(["pdftotext", "-f", "2", "-l", "2", "-bbox", sys.argv[2], "-"], capture_output=True,
                     text=True).stdout
tops = [float(t) for t, word in re.findall(r'yMin="([\d.]+)"[^>]*>(\d+)</word>', xml) if word == "2"]
assert red_rows and tops, (len(red_rows), tops)
assert max(red_rows) < min(tops) - 5, (max(red_rows), min(tops))
PY

# --- nothing lost in a crowded table; it never leaves the page --------------------
python3 - "$OUT/crowded.html" <<'PY'
import sys
cells = "".join(f"<td>cell{c}word and more{c}</td>" for c in range(14))
rows = "".join(f"<tr>{cells}</tr>" for _ in range(2))
nested = "<table><tr><td>innerone</td><td>innertwo</td></tr></table>"
open(sys.argv[1], "w").write(
    "<!DOCTYPE html><html lang='en'><head><title>Crowded</title></head><body>"
    "<p>Calibration: this paragraph is long enough to fill several justified lines, so that its "
    "first and last characters mark the two edges of the measure, which no table may cross.</p>"
    f"<table>{rows}<tr><td colspan='14'>{nested}</td></tr></table></body></html>")
PY
"$BIFOLIO" "$OUT/crowded.html" -o "$OUT/crowded.pdf" 2> "$OUT/crowded.err"
check "crowded: exit 0" test $? -eq 0
read -r left right <<< "$($BOXES measure "$OUT/crowded.pdf" Calibration)"
check "crowded: nothing outside the measure" \
  test "$($BOXES outside "$OUT/crowded.pdf" "$left" "$right")" -eq 0
check "crowded: every cell's words and the nested table's come back" python3 - "$OUT/crowded.pdf" <<'PY'
import re, subprocess, sys
text = re.sub(r"\s", "", subprocess.run(["pdftotext", sys.argv[1], "-"], capture_output=True, text=True).stdout)
for c in range(14):
    assert text.count(f"cell{c}") >= 2, c
assert "innerone" in text and "innertwo" in text
PY

# --- a table no page can hold: its cells in turn, with a warning -------------------
python3 - "$OUT/wide.html" <<'PY'
import sys
cells = "".join(f"<td>w{i}q</td>" for i in range(400))
open(sys.argv[1], "w").write(f"<html lang='en'><body><table><tr>{cells}</tr></table></body></html>")
PY
"$BIFOLIO" "$OUT/wide.html" -o "$OUT/wide.pdf" 2> "$OUT/wide.err"
check "wide: exit 0" test $? -eq 0
check "wide: one warning with the line, naming the columns" \
  grep -q "wide.html:1: warning: a table of 400 columns is too wide" "$OUT/wide.err"
check "wide: every cell's word comes back, in order" python3 - "$OUT/wide.pdf" <<'PY'
import re, subprocess, sys
text = subprocess.run(["pdftotext", sys.argv[1], "-"], capture_output=True, text=True).stdout
assert re.findall(r"w(\d+)q", text) == [str(i) for i in range(400)]
PY

# --- the EPUB keeps the table's structure and passes epubcheck ------------------------
"$BIFOLIO" "$OUT/grid.html" -o "$OUT/grid.epub" 2> "$OUT/grid-epub.err"
check "epub: exit 0" test $? -eq 0
unzip -p "$OUT/grid.epub" '*.xhtml' > "$OUT/grid.xhtml"
for what in 'colspan="2"' 'rowspan="2"' '<caption' '<thead' '<col'; do
  check "epub: keeps $what" grep -q "$what" "$OUT/grid.xhtml"
done
if [ -f /usr/share/java/epubcheck.jar ]; then
  check "epub: epubcheck passes" java -jar /usr/share/java/epubcheck.jar "$OUT/grid.epub" -q
fi

finish
