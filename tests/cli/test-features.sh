#!/usr/bin/env bash
# Every construct of the feature sample: links work, footnotes sit at the
# foot of their page, outline, code, lists; the three input kinds.
. "$(dirname "$0")/lib.sh"
DOC=$SRC/tests/data/features.md

"$BIFOLIO" "$DOC" -o "$OUT/features.pdf"
check "features PDF" test -s "$OUT/features.pdf"
qpdf --qdf --object-streams=disable "$OUT/features.pdf" "$OUT/qdf.pdf"
check "URL link annotation" grep -aq '/URI (https://example.org/a?b=c)' "$OUT/qdf.pdf"
check "autolink annotation" grep -aq '/URI (https://example.org/auto)' "$OUT/qdf.pdf"
check "footnote reference jumps inside the document" grep -aq '/Dest (fn-one)\|/D (fn-one)\|/Dest /fn-one' "$OUT/qdf.pdf"
pdftotext -layout -f 1 -l 1 "$OUT/features.pdf" "$OUT/p1.txt"
check "footnote text on the page of its reference" grep -q "The first footnote" "$OUT/p1.txt"
pdftotext "$OUT/features.pdf" "$OUT/all.txt"
check "code keeps its spaces" grep -qF "return 0;   /* code keeps its spaces */" \
  <(mutool draw -F txt -o - "$OUT/features.pdf" 2>/dev/null)
check "page numbers in the footer" grep -qx "2" "$OUT/all.txt"

# A link to any element with an id leads there: a table, its caption and
# a cell, a rule, a picture alone in its block, a figure, a picture in a
# line and one that cannot be read (its alt text stands in).  Each link's
# destination must be in the PDF's name tree (links to a table or a
# picture were dropped before).
cp "$SRC/tests/data/images/alpha.png" "$OUT/pic.png"
cat > "$OUT/anchors.html" <<'HTML'
<!DOCTYPE html><html lang="en"><head><title>Anchors</title></head><body>
<p><a href="#t">table</a>, <a href="#cap">caption</a>, <a href="#cell">cell</a>,
<a href="#r">rule</a>, <a href="#i">picture</a>, <a href="#fig">figure</a>,
<a href="#inl">inline picture</a>, <a href="#gone">missing picture</a>, <a href="#li">item</a>.</p>
<table id="t"><caption id="cap">Caption</caption><tr><td id="cell">one</td><td>two</td></tr></table>
<hr id="r">
<p><img id="i" src="pic.png" alt="a picture"></p>
<figure id="fig"><img src="pic.png" alt="another"></figure>
<ul><li id="li"></li><li>two</li></ul>
<p>Text with <img id="inl" src="pic.png" alt="small" style="width: 1em"> in it, and
<img id="gone" src="missing.png" alt="gone"> too.</p>
</body></html>
HTML
"$BIFOLIO" "$OUT/anchors.html" -o "$OUT/anchors.pdf" 2>/dev/null
links_and_names () {
  qpdf --json=2 --json-key=qpdf "$1" | python3 -c '
import json, sys
objects = json.load(sys.stdin)["qpdf"][1]
links, names = set(), set()
for v in objects.values():
    v = v.get("value", v) if isinstance(v, dict) else v
    if not isinstance(v, dict):
        continue
    if v.get("/Subtype") == "/Link" and "/Dest" in v:
        links.add(v["/Dest"][2:])
    if isinstance(v.get("/Names"), list):
        names.update(n[2:] for n in v["/Names"][0::2] if isinstance(n, str))
print(" ".join(sorted(links)), "|", " ".join(sorted(names)))'
}
check "links to every element with an id, each with its destination" \
  test "$(links_and_names "$OUT/anchors.pdf")" = "cap cell fig gone i inl li r t | cap cell fig gone i inl li r t"

# Plain text and HTML come out too, with their paragraphs.
printf 'First paragraph\nstill first.\n\nSecond paragraph.\n' > "$OUT/plain.txt"
"$BIFOLIO" "$OUT/plain.txt"
check "plain text: default output name" test -s "$OUT/plain.pdf"
check "plain text: lines joined" grep -q "First paragraph still first." <(pdftotext "$OUT/plain.pdf" -)
cat > "$OUT/page.html" <<'HTML'
<!DOCTYPE html><html lang="en"><head><title>Page</title></head>
<body><h1>Heading</h1><p>English.</p><p lang="fa" dir="rtl">فارسی در صفحه</p></body></html>
HTML
"$BIFOLIO" "$OUT/page.html" -o "$OUT/page.pdf"
check "HTML: title" grep -q "^Title: *Page" <(pdfinfo "$OUT/page.pdf")
check "HTML: Persian text" grep -qF "فارسی در صفحه" <(mutool draw -F txt -o - "$OUT/page.pdf" 2>/dev/null)
"$BIFOLIO" "$OUT/page.html" -o "$OUT/page.epub"
check "HTML: EPUB passes epubcheck" grep -q "Messages: 0 fatals / 0 errors / 0 warnings" \
  <(java -jar /usr/share/java/epubcheck.jar "$OUT/page.epub" 2>&1)
"$BIFOLIO" "$DOC" -o "$OUT/features.epub"
check "features: EPUB passes epubcheck" grep -q "Messages: 0 fatals / 0 errors / 0 warnings" \
  <(java -jar /usr/share/java/epubcheck.jar "$OUT/features.epub" 2>&1)

# A table: its cells side by side.
check "table cells side by side" grep -qE "one +1" <(pdftotext -layout "$OUT/features.pdf" -)

# A character in no bundled font (a Tifinagh letter): one warning naming
# it and its line.
printf 'Tifinagh \xe2\xb4\xb0 here.\n' > "$OUT/tifinagh.md"
"$BIFOLIO" "$OUT/tifinagh.md" -o "$OUT/tifinagh.pdf" 2>"$OUT/tifinagh.err"
check "fallback: exit 0" test $? -eq 0
check "fallback: one warning naming the character" \
  test "$(grep -c "^bifolio: $OUT/tifinagh.md:1: warning: no .*font has these characters; drawn .*: ⴰ (U+2D30)$" "$OUT/tifinagh.err")" -eq 1
check "fallback: nothing else on stderr" test "$(wc -l < "$OUT/tifinagh.err")" -eq 1

# A user stylesheet cascades over the defaults.
cat > "$OUT/user.css" <<'CSS'
h1 { page-break-before: always }
p { text-align: end; colour: red }
.missing { font-size: huge }
CSS
"$BIFOLIO" "$DOC" --style "$OUT/user.css" -o "$OUT/styled.pdf" 2>"$OUT/styled.err"
check "--style: exit 0" test $? -eq 0
check "--style: each h1 starts a page" test "$(pdftotext -f 2 -l 2 "$OUT/styled.pdf" - | head -1)" = Inline \
  -a "$(pdftotext -f 3 -l 3 "$OUT/styled.pdf" - | head -1)" = Blocks
check "--style: unknown property warned with its place" grep -q "user.css:2:22: warning: unknown property 'colour'" "$OUT/styled.err"
check "--style: bad value warned with its place" grep -q "user.css:3:12: warning: a value of 'font-size' bifolio cannot use" "$OUT/styled.err"
python3 - "$OUT/styled.pdf" <<'PY'
import re, subprocess, sys
xml = subprocess.run(['pdftotext', '-bbox', '-f', '3', '-l', '3', sys.argv[1], '-'], capture_output=True, text=True).stdout
width = float(re.search(r'<page width="([\d.]+)"', xml).group(1))
last = re.search(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">paragraph\.</word>', xml)
sys.exit(0 if last and float(last.group(1)) > width * 0.8 else 1)
PY
check "--style: text-align end sets the last paragraph on the right" test $? -eq 0
"$BIFOLIO" "$DOC" --style "$OUT/none.css" -o "$OUT/none.pdf" 2>"$OUT/none.err"
check "--style missing: exit 1, named" test $? -eq 1 -a -n "$(grep "none.css: cannot read the stylesheet" "$OUT/none.err")"

# --paper and --format.
"$BIFOLIO" "$DOC" -o "$OUT/a4.pdf" --paper A4
check "--paper A4" grep -q "595.276 x 841.89" <(pdfinfo "$OUT/a4.pdf")
"$BIFOLIO" "$DOC" -o "$OUT/custom.pdf" --paper 120x180mm
check "--paper 120x180mm" grep -q "340.157 x 510.236" <(pdfinfo "$OUT/custom.pdf")
"$BIFOLIO" "$DOC" -o "$OUT/forced.bin" --format epub
check "--format epub" test "$(head -c 58 "$OUT/forced.bin" | tail -c 20)" = "application/epub+zip"
"$BIFOLIO" --version | grep '^bifolio [0-9]' >/dev/null
check "--version" test $? -eq 0
"$BIFOLIO" --help | grep -- '--paper' >/dev/null
check "--help" test $? -eq 0
finish
