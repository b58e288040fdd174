#!/usr/bin/env bash
# The sheets in styles/ on the letter: page size, margins, running heads
# and page numbers where each sheet puts them (positions from pdftotext
# -bbox), Persian page numbers, mirrored margins; the same sheets inside
# EPUBs that epubcheck accepts; @font-face in both outputs; linked sheets;
# media queries on two papers and in the EPUB; @import; cascade layers;
# text-transform; ::marker; font-variant; a modern site's sheet; a missing
# sheet is an error, a malformed one only warnings.
. "$(dirname "$0")/lib.sh"
EPUBCHECK="java -jar /usr/share/java/epubcheck.jar"
WORDS="python3 $SRC/tests/cli/words.py"
MM=2.834645669

# Whether more than $3 pixels of colour $2 are in picture $1 (a PPM), the
# leftmost of them in its right half: where a right-to-left line starts.
in_right_half () {
  local count width left right
  read -r count width left right <<< "$(python3 "$SRC/tests/cli/ppm-colour.py" "$1" "$2")"
  [ "$count" -gt "$3" ] && [ "$left" -gt $((width / 2)) ]
}
# The most separate stretches of colour $2 in any row ($3: row) or column
# ($3: column) of picture $1: a dashed line's dashes.
stretches () {
  local rows columns
  read -r rows columns <<< "$(python3 "$SRC/tests/cli/ppm-colour.py" "$1" "$2" runs)"
  if [ "$3" = row ]; then echo "$rows"; else echo "$columns"; fi
}

near () { # near A B TOLERANCE
  python3 -c "import sys; sys.exit(0 if abs(float('$1') - float('$2')) <= float('$3') else 1)"
}
pages () { pdfinfo "$1" | awk '/^Pages:/ { print $2 }'; }
# Words in a page's top (or bottom) margin strip of HEIGHT points.
head_words () { $WORDS "$1" "$2" 0 "$3"; }
foot_words () { $WORDS "$1" "$2" $(python3 -c "print(595.28 - $3)") 600; }

typeset_pdf () { # typeset_pdf NAME INPUT SHEET [OPTIONS...]
  local name=$1 input=$2 sheet=$3; shift 3
  "$BIFOLIO" "$input" --style "$SRC/styles/$sheet.css" "$@" -o "$OUT/$name.pdf" 2>"$OUT/$name.err"
  check "$name: written" test $? -eq 0
  check "$name: no warning from the sheet" test ! -s "$OUT/$name.err"
  check "$name: qpdf --check" qpdf --check "$OUT/$name.pdf" >/dev/null
}

# --------------------------------------------------------------- letter.css
typeset_pdf letter "$SRC/samples/letter.md" letter
n=$(pages "$OUT/letter.pdf")
check "letter: A5" grep -q "419.528 x 595.276" <(pdfinfo "$OUT/letter.pdf")
check "letter: no page number on the first page" test -z "$(foot_words "$OUT/letter.pdf" 1 40)"
foot=$(foot_words "$OUT/letter.pdf" 2 40)
check "letter: page 2 of $n at the foot" test "$(echo "$foot" | awk '{ printf "%s ", $5 }')" = "2 / $n "
left=$(echo "$foot" | head -1 | cut -d' ' -f1); right=$(echo "$foot" | tail -1 | cut -d' ' -f2)
check "letter: the number centred" near "$(python3 -c "print(($left + $right) / 2)")" 209.76 2
for p in 2 3; do
  body=$($WORDS "$OUT/letter.pdf" $p 60 520)
  check "letter: page $p's text starts 20 mm in" near "$(echo "$body" | sort -n | head -1 | cut -d' ' -f1)" $(python3 -c "print(20 * $MM)") 1.5
  check "letter: page $p's text ends 20 mm in" near "$(echo "$body" | sort -n -k2 | tail -1 | cut -d' ' -f2)" $(python3 -c "print(419.528 - 20 * $MM)") 1.5
done
date_page=$(for p in $(seq 1 $n); do pdftotext -f $p -l $p "$OUT/letter.pdf" - | grep "July 18, 2008" >/dev/null && echo $p && break; done)
date_end=$($WORDS "$OUT/letter.pdf" "$date_page" | grep " 2008$" | head -1 | cut -d' ' -f2)
check "letter: the date on the end side" near "$date_end" $(python3 -c "print(419.528 - 20 * $MM)") 1.5

# -------------------------------------------------------------- booklet.css
typeset_pdf booklet "$SRC/samples/letter.md" booklet
check "booklet: no running head on the first page" test -z "$(head_words "$OUT/booklet.pdf" 1 50)"
h2=$(head_words "$OUT/booklet.pdf" 2 50)
check "booklet: page 2 (left) numbered at its outer, left corner" \
  bash -c "echo '$h2' | head -1 | grep -q ' 2$'"
check "booklet: page 2's number 14 mm from the left edge" near "$(echo "$h2" | head -1 | cut -d' ' -f1)" $(python3 -c "print(14 * $MM)") 1.5
check "booklet: page 2 carries the title" bash -c "echo '$h2' | grep -q 'Amir-Entezam'"
h3=$(head_words "$OUT/booklet.pdf" 3 50)
check "booklet: page 3 (right) numbered at its outer, right corner" \
  near "$(echo "$h3" | grep ' 3$' | cut -d' ' -f2)" $(python3 -c "print(419.528 - 14 * $MM)") 1.5
check "booklet: page 3 carries its chapter" bash -c "echo '$h3' | grep -q 'Letter'"
later=$(for p in $(seq 4 $(pages "$OUT/booklet.pdf")); do head_words "$OUT/booklet.pdf" $p 50; done)
check "booklet: a later chapter's name in a later running head" bash -c "echo '$later' | grep -q 'Comments'"
"$BIFOLIO" "$SRC/samples/letter.md" --style "$SRC/styles/booklet.css" --booklet -o "$OUT/booklet-imposed.pdf" 2>/dev/null
check "booklet: imposes" qpdf --check "$OUT/booklet-imposed.pdf" >/dev/null

# -------------------------------------------------------------- persian.css
typeset_pdf persian "$SRC/samples/letter-fa.md" persian
for p in 1 2 3; do
  digit=$(python3 -c "print(chr(0x06F0 + $p))")
  check "persian: page $p numbered $digit" bash -c "foot_words () { $WORDS '$OUT/persian.pdf' $p 540 600; }; foot_words | grep -q '$digit'"
done
check "persian: Naskh face" grep -q NotoNaskhArabic <(pdffonts "$OUT/persian.pdf")
# The first page of a right-to-left book is a left-hand page: its binding
# (inner, wider margin) on the right.
first=$($WORDS "$OUT/persian.pdf" 1 60 520)
check "persian: first page's text ends at the inner margin" \
  near "$(echo "$first" | sort -n -k2 | tail -1 | cut -d' ' -f2)" $(python3 -c "print(419.528 * (1 - 0.11486))") 1.5
second=$($WORDS "$OUT/persian.pdf" 2 60 520)
check "persian: second page's text ends at the outer margin" \
  near "$(echo "$second" | sort -n -k2 | tail -1 | cut -d' ' -f2)" $(python3 -c "print(419.528 * (1 - 0.09459))") 1.5

# ---------------------------------------------------------------- ebook.css
typeset_pdf ebook "$SRC/samples/letter.md" ebook

# --------------------------------------------------- each sheet in an EPUB
for sheet in default letter booklet ebook persian; do
  input="$SRC/samples/letter.md"; [ $sheet = persian ] && input="$SRC/samples/letter-fa.md"
  opts=(); [ $sheet != default ] && opts=(--style "$SRC/styles/$sheet.css")
  "$BIFOLIO" "$input" "${opts[@]}" -o "$OUT/$sheet.epub" 2>"$OUT/$sheet-epub.err"
  check "$sheet: EPUB written" test $? -eq 0
  $EPUBCHECK "$OUT/$sheet.epub" >"$OUT/$sheet.epubcheck" 2>&1
  check "$sheet: epubcheck, no error and no warning" grep -q "Messages: 0 fatals / 0 errors / 0 warnings" "$OUT/$sheet.epubcheck"
  unzip -p "$OUT/$sheet.epub" EPUB/style.css >"$OUT/$sheet-style.css" 2>/dev/null || unzip -p "$OUT/$sheet.epub" '*style.css' >"$OUT/$sheet-style.css"
  check "$sheet: no @page in the e-book's sheet" bash -c "! grep -q '@page' '$OUT/$sheet-style.css'"
  check "$sheet: no direction in the e-book's sheet" bash -c "! grep -q 'direction' '$OUT/$sheet-style.css'"
done
check "ebook: its rules inside the EPUB" grep -q "text-indent: 1.3em" "$OUT/ebook-style.css"

# --------------------------------------------------------------- @font-face
mkdir -p "$OUT/face/fonts"
cp "$SRC/fonts/amiri/Amiri-Regular.ttf" "$OUT/face/fonts/Letter-Face.ttf"
cat > "$OUT/face/face.css" <<'CSS'
@font-face { font-family: "Letter Face"; src: url(fonts/missing.ttf), url("fonts/Letter-Face.ttf") format("truetype"); }
h1, h2 { font-family: "Letter Face", serif; font-weight: normal; }
CSS
"$BIFOLIO" "$SRC/samples/letter.md" --style "$OUT/face/face.css" -o "$OUT/face.pdf" 2>"$OUT/face.err"
check "@font-face: PDF written" test $? -eq 0
check "@font-face: no warning" test ! -s "$OUT/face.err"
check "@font-face: the face embedded in the PDF" grep -q "Amiri-Regular" <(pdffonts "$OUT/face.pdf")
"$BIFOLIO" "$SRC/samples/letter.md" --style "$OUT/face/face.css" -o "$OUT/face.epub" 2>/dev/null
check "@font-face: EPUB written" test $? -eq 0
check "@font-face: the face inside the EPUB" bash -c "unzip -l '$OUT/face.epub' | grep -q 'fonts/sheet-1-Letter-Face.ttf'"
check "@font-face: declared in the EPUB's sheet" bash -c "unzip -p '$OUT/face.epub' '*style.css' | grep -q 'font-family: \"Letter Face\"'"
$EPUBCHECK "$OUT/face.epub" >"$OUT/face.epubcheck" 2>&1
check "@font-face: epubcheck" grep -q "Messages: 0 fatals / 0 errors / 0 warnings" "$OUT/face.epubcheck"
# A document's own <style> may not reach outside its folder (run from that
# folder, so the current folder's tree does not let it out either).
mkdir -p "$OUT/face/doc"
cat > "$OUT/face/doc/page.html" <<'HTML'
<html><head><style>@font-face { font-family: X; src: url(../fonts/Letter-Face.ttf) } p { font-family: X }</style></head><body><p>Hello</p></body></html>
HTML
( cd "$OUT/face/doc" && "$BIFOLIO" "$OUT/face/doc/page.html" -o "$OUT/face-doc.pdf" ) 2>"$OUT/face-doc.err"
check "@font-face: a document's sheet outside its folder still typesets" test $? -eq 0
check "@font-face: ... with a warning saying why" grep -q "outside the document's folder" "$OUT/face-doc.err"
check "@font-face: ... and without the face" bash -c "! pdffonts '$OUT/face-doc.pdf' | grep -q Amiri-Regular"
# A file that is not a font (here a link to one that is not) is never
# loaded, nor copied into an e-book.
printf 'not a font\n' > "$OUT/face/doc/notes.txt"
ln -sf notes.txt "$OUT/face/doc/evil.ttf"
ln -sf /etc/passwd "$OUT/face/doc/away.ttf"
cat > "$OUT/face/doc/evil.html" <<'HTML'
<html><head><style>@font-face { font-family: E; src: url(evil.ttf) } p { font-family: E }</style></head><body><p>Hello</p></body></html>
HTML
"$BIFOLIO" "$OUT/face/doc/evil.html" -o "$OUT/evil.epub" 2>"$OUT/evil.err"
check "@font-face: not a font: still an e-book" test $? -eq 0
check "@font-face: not a font: said" grep -q "not a TrueType, OpenType or WOFF font" "$OUT/evil.err"
check "@font-face: not a font: not copied" bash -c "! unzip -l '$OUT/evil.epub' | grep -q sheet-"
sed 's/evil.ttf/away.ttf/' "$OUT/face/doc/evil.html" > "$OUT/face/doc/away.html"
"$BIFOLIO" "$OUT/face/doc/away.html" -o "$OUT/away.epub" 2>"$OUT/away.err"
check "@font-face: a link leading out of the document's folders: refused" grep -q "away.ttf.*refused: outside" "$OUT/away.err"

# ------------------------------------------------------------------- errors
"$BIFOLIO" "$SRC/samples/letter.md" --style "$OUT/nowhere.css" -o "$OUT/x.pdf" 2>"$OUT/missing.err"
check "a missing sheet: exit 1" test $? -eq 1
check "a missing sheet: named" grep -q "nowhere.css" "$OUT/missing.err"
check "a missing sheet: no output" test ! -e "$OUT/x.pdf"
head -c 3000 /dev/urandom > "$OUT/garbage.css"
printf '@page { size: 1e9mm; margin: -5cm; @top-center { content: counter( } }\nh1 { string-set: ; content: attr() }\n' >> "$OUT/garbage.css"
"$BIFOLIO" "$SRC/samples/letter.md" --style "$OUT/garbage.css" -o "$OUT/garbage.pdf" 2>"$OUT/garbage.err"
check "a malformed sheet: still typesets" test $? -eq 0
check "a malformed sheet: warnings with their place" grep -q "garbage.css:[0-9]*:[0-9]*: warning" "$OUT/garbage.err"
check "a malformed sheet: a valid PDF" qpdf --check "$OUT/garbage.pdf" >/dev/null
printf '@page { margin: 49%% }\n' > "$OUT/no-room.css"
"$BIFOLIO" "$SRC/samples/letter-fa.md" --style "$OUT/no-room.css" -o "$OUT/no-room.pdf" 2>"$OUT/no-room.err"
check "margins that leave no room: still typesets" test $? -eq 0
check "margins that leave no room: a warning" grep -q "margins leave no room" "$OUT/no-room.err"
# What is wrong in a document's <style> is named at its place in the
# document, FILE:LINE:COL (the columns counted by hand below): after a
# comment and a script that hold "<style>", in a start tag over two lines,
# on the line the tag ends, and in the EPUB the declaration naming a file.
cat > "$OUT/style-places.html" <<'HTML'
<!DOCTYPE html>
<html><head><title>Places</title><!-- <style> -->
<script>var s = "<style>";</script>
<style>a { b: 1 }</style><style
  media="all">
  @media print { p { bad: 1 } }
  p { background: url(x.png) }</style></head><body><p>Placed words</p></body></html>
HTML
"$BIFOLIO" "$OUT/style-places.html" -o "$OUT/style-places.pdf" 2>"$OUT/style-places.err"
printf 'bifolio: %s:%s: warning: unknown property %s; declaration skipped\n' \
  "$OUT/style-places.html" "4:12" "'b'" "$OUT/style-places.html" "6:22" "'bad'" \
  > "$OUT/style-places.want"
check "<style> warnings: at their places in the document" \
  cmp -s "$OUT/style-places.want" "$OUT/style-places.err"
"$BIFOLIO" "$OUT/style-places.html" -o "$OUT/style-places.epub" 2>"$OUT/style-places-epub.err"
check "<style> warnings: the EPUB's at its place too" grep -qx \
  "bifolio: $OUT/style-places.html:7:7: warning: <style>: 'background' names a file; left out of the EPUB's style sheet" \
  "$OUT/style-places-epub.err"
# So in Markdown: a raw HTML block's <style>, after front matter, and one
# in a list item (the columns counted by hand).
printf -- '---\ntitle: Places\n---\n\n<style>\np { colr: red }\n</style>\n\n- item\n\n  <style>p { bad: 1 }</style>\n' \
  > "$OUT/style-places.md"
"$BIFOLIO" "$OUT/style-places.md" -o "$OUT/style-places-md.pdf" 2>"$OUT/style-places-md.err"
printf 'bifolio: %s:%s: warning: unknown property %s; declaration skipped\n' \
  "$OUT/style-places.md" "6:5" "'colr'" "$OUT/style-places.md" "11:14" "'bad'" \
  > "$OUT/style-places-md.want"
check "<style> warnings: at their places in Markdown" \
  cmp -s "$OUT/style-places-md.want" "$OUT/style-places-md.err"

# -------------------------------------------------- <link rel="stylesheet">
# An HTML document's linked sheets apply in document order with its <style>
# elements; one for screens only not in the PDF (but in the EPUB, for
# e-readers), an alternate one never; url()s resolve from the sheet's own
# folder; a missing or remote one is a warning with its line.
L=$OUT/linked
mkdir -p "$L/css" "$L/fonts"
cp "$SRC/fonts/amiri/Amiri-Regular.ttf" "$L/fonts/linked.ttf"
printf '@font-face { font-family: "Linked Face"; src: url(../fonts/linked.ttf) }\nh1 { font-family: "Linked Face" }\np { color: #c00000 }\n' > "$L/css/main.css"
printf 'p.s { color: #0000c0 }\n' > "$L/screen.css"
printf 'p.p { color: #008000 }\n' > "$L/print.css"
cat > "$L/doc.html" <<'HTML'
<!DOCTYPE html><html lang="en"><head><title>Linked</title>
<link rel="stylesheet" href="css/main.css">
<link rel="stylesheet" href="screen.css" media="screen">
<link rel="stylesheet" href="print.css" media="print, screen">
<link rel="alternate stylesheet" href="screen.css">
<link rel="stylesheet" href="missing.css">
<link rel="stylesheet" href="https://example.org/x.css">
<style>p.late { color: #808000 }</style>
</head><body><h1>Heading in the linked face</h1><p>Red words</p><p class="s">Screen words</p>
<p class="p">Print words</p><p class="late">Late words</p></body></html>
HTML
"$BIFOLIO" "$L/doc.html" -o "$L/doc.pdf" 2>"$L/pdf.err"
check "linked: exit 0" test $? -eq 0
check "linked: a missing sheet is warned with its line" \
  grep -qx "bifolio: $L/doc.html:6: warning: stylesheet missing.css not read: cannot be read (no such file)" "$L/pdf.err"
check "linked: a remote one too" \
  grep -qx "bifolio: $L/doc.html:7: warning: stylesheet https://example.org/x.css not read: not fetched (bifolio reads no network)" "$L/pdf.err"
check "linked: nothing else on stderr" test "$(wc -l < "$L/pdf.err")" -eq 2
check "linked: the face its sheet declares, from the sheet's folder" grep -q Amiri <(pdffonts "$L/doc.pdf")
pdftoppm -r 72 -aa no -aaVector no -f 1 -l 1 "$L/doc.pdf" "$L/page"
colour () { python3 "$SRC/tests/cli/ppm-colour.py" "$L/page-1.ppm" "$1" | cut -d' ' -f1; }
check "linked: the sheet's red" test "$(colour c00000)" -gt 20
check "linked: the print sheet's green" test "$(colour 008000)" -gt 20
check "linked: the <style> after them, olive" test "$(colour 808000)" -gt 20
check "linked: no screen-only blue in the PDF" test "$(colour 0000c0)" -eq 0
check "linked: every word" python3 -c "
import subprocess, sys
text = subprocess.run(['pdftotext', sys.argv[1], '-'], capture_output=True, text=True).stdout
sys.exit(0 if all(w in text for w in ['Red words', 'Screen words', 'Print words', 'Late words']) else 1)" "$L/doc.pdf"
"$BIFOLIO" "$L/doc.html" -o "$L/doc.epub" 2>"$L/epub.err"
check "linked epub: exit 0" test $? -eq 0
check "linked epub: each warning once" test "$(grep -c 'missing.css not read' "$L/epub.err")" -eq 1 -a "$(wc -l < "$L/epub.err")" -eq 2
unzip -o -q "$L/doc.epub" -d "$L/epub"
check "linked epub: the sheets in order, the screen one too" python3 -c "
import sys
css = open(sys.argv[1], encoding='utf-8').read()
marks = ['from main.css, linked at line 2', 'from screen.css, linked at line 3',
         'from print.css, linked at line 4', \"from the document's <style> at line 8\"]
places = [css.find(m) for m in marks]
sys.exit(0 if -1 not in places and places == sorted(places) and css.count('screen.css') == 1 else 1)" "$L/epub/OEBPS/style.css"
check "linked epub: the sheet's face embedded" test -e "$L/epub/OEBPS/fonts/sheet-1-linked.ttf"
check "linked epub: epubcheck" $EPUBCHECK "$L/doc.epub" >/dev/null 2>&1


# ------------------------------------------------------------ media queries
# The PDF is print on its paper (A5 is 559 px wide, A4 794 px), light,
# with no hover; the EPUB is a screen whose size only the reading system
# knows: the rules that ask it are kept for it, print's are left out.
M=$OUT/media
mkdir -p "$M"
cat > "$M/doc.html" <<'HTML'
<!DOCTYPE html>
<html lang="en"><head><title>Media</title>
<style>
@media (max-width: 600px) { p.narrow { color: #0000c0 } }
@media (min-width: 601px) { p.wide { color: #808000 } }
@media (400px <= width <= 700px) { p.range { color: #800080 } }
@media print and (orientation: portrait) { p.portrait { color: #008080 } }
@media (prefers-color-scheme: dark) { p.never { color: #c00000 } }
@media (hover: hover) { p.never { color: #c00000 } }
@media not print { p.never { color: #c00000 } }
@media (unknown-feature: 1) { p.never { color: #c00000 } }
</style>
<style media="screen">p.never { color: #c00000 }</style>
<style media="print and (min-width: 10cm)">p.print { color: #008000 }</style>
<style media="(min-width: 700px)">p.big { color: #804000 }</style>
</head><body>
<p class="narrow">Narrow paper words</p><p class="wide">Wide paper words</p>
<p class="range">Range words</p><p class="portrait">Portrait words</p>
<p class="never">Screen only words</p><p class="print">Print sheet words</p>
<p class="big">Big paper words</p>
</body></html>
HTML
for paper in A5 A4; do
  "$BIFOLIO" "$M/doc.html" --paper $paper -o "$M/$paper.pdf" 2>"$M/$paper.err"
  check "media $paper: exit 0, no warning" test $? -eq 0 -a ! -s "$M/$paper.err"
  pdftoppm -r 72 -aa no -aaVector no -f 1 -l 1 "$M/$paper.pdf" "$M/$paper"
  check "media $paper: every word" python3 -c "
import subprocess, sys
text = ' '.join(subprocess.run(['pdftotext', sys.argv[1], '-'], capture_output=True, text=True).stdout.split())
sys.exit(0 if all(w in text for w in ['Narrow paper words', 'Wide paper words', 'Range words',
    'Portrait words', 'Screen only words', 'Print sheet words', 'Big paper words']) else 1)" "$M/$paper.pdf"
done
media_colour () { python3 "$SRC/tests/cli/ppm-colour.py" "$M/$1-1.ppm" "$2" | cut -d' ' -f1; }
check "media A5: (max-width: 600px) applies" test "$(media_colour A5 0000c0)" -gt 20
check "media A4: (max-width: 600px) does not" test "$(media_colour A4 0000c0)" -eq 0
check "media A5: (min-width: 601px) does not apply" test "$(media_colour A5 808000)" -eq 0
check "media A4: (min-width: 601px) does" test "$(media_colour A4 808000)" -gt 20
check "media A5: a range applies" test "$(media_colour A5 800080)" -gt 20
check "media A4: the range does not" test "$(media_colour A4 800080)" -eq 0
for paper in A5 A4; do
  check "media $paper: print and portrait applies" test "$(media_colour $paper 008080)" -gt 20
  check "media $paper: <style media=\"print and …\"> applies" test "$(media_colour $paper 008000)" -gt 20
  check "media $paper: nothing for screens, dark, hover or unknown" test "$(media_colour $paper c00000)" -eq 0
done
check "media A5: <style media=\"(min-width: 700px)\"> does not apply" test "$(media_colour A5 804000)" -eq 0
check "media A4: it does" test "$(media_colour A4 804000)" -gt 20
"$BIFOLIO" "$M/doc.html" -o "$M/doc.epub" 2>"$M/epub.err"
check "media epub: exit 0, no warning" test $? -eq 0 -a ! -s "$M/epub.err"
unzip -o -q "$M/doc.epub" -d "$M/epub"
check "media epub: the reader's queries kept, print's left out" python3 -c "
import re, sys
css = ' '.join(open(sys.argv[1], encoding='utf-8').read().split())
kept = ['@media (max-width: 600px) { p.narrow', '@media (min-width: 601px) { p.wide',
        '@media (prefers-color-scheme: dark) { p.never', '@media not print { p.never',
        '@media (min-width: 700px) { p.big', 'p.never { color: #c00000; }']
gone = ['p.portrait', 'p.print']
sys.exit(0 if all(k in css for k in kept) and not any(g in css for g in gone) else 1)" "$M/epub/OEBPS/style.css"
check "media epub: epubcheck" $EPUBCHECK "$M/doc.epub" >/dev/null 2>&1


# --------------------------------------------------------------- @import
# Imported sheets cascade where the @import stands, from the importing
# sheet's folder, for the media they name; what cannot be read, a sheet
# importing itself and an @import after other rules are warned with their
# place.  The EPUB writes each imported sheet out in its place, print's
# left out, a width's inside @media for the reader.
I=$OUT/import
mkdir -p "$I/sub"
cat > "$I/doc.html" <<'HTML'
<!DOCTYPE html>
<html lang="en"><head><title>Imports</title>
<style>
@import "a.css";
@import url(b.css) print;
@import url("c.css") screen;
@import "w.css" (min-width: 700px);
@import "missing.css";
@import "https://example.org/x.css";
@import url(loop.css);
p.order { color: #008080 }
@import "late.css";
</style>
</head><body>
<p class="a">Imported words</p><p class="d">Nested words</p><p class="b">Print words</p>
<p class="c">Screen words</p><p class="w">Wide words</p><p class="loop">Loop words</p>
<p class="order">Order words</p><p class="late">Late words</p>
</body></html>
HTML
printf '@import "sub/d.css";\np.a { color: #0000c0 }\np.order { color: #c00000 }\n' > "$I/a.css"
printf 'p.d { color: #800080 }\n' > "$I/sub/d.css"
printf 'p.b { color: #008000 }\n' > "$I/b.css"
printf 'p.c { color: #c00000 }\n' > "$I/c.css"
printf 'p.w { color: #c00000 }\n' > "$I/w.css"
printf '@import "loop.css";\np.loop { color: #808000 }\n' > "$I/loop.css"
printf 'p.late { color: #c00000 }\n' > "$I/late.css"
for fmt in pdf epub; do
  "$BIFOLIO" "$I/doc.html" -o "$I/doc.$fmt" 2>"$I/$fmt.err"
  check "import $fmt: exit 0" test $? -eq 0
  check "import $fmt: the four warnings, each once, with its place" python3 -c "
import sys
lines = open(sys.argv[1], encoding='utf-8').read().splitlines()
doc, loop = sys.argv[2], sys.argv[3]
want = [f'bifolio: {doc}:8:1: warning: @import missing.css not read: cannot be read (no such file)',
        f'bifolio: {doc}:9:1: warning: @import https://example.org/x.css not read: not fetched (bifolio reads no network)',
        f'bifolio: {loop}:1:1: warning: @import {loop} not read: it imports itself',
        f'bifolio: {doc}:12:1: warning: @import after other rules; rule skipped']
sys.exit(0 if lines == want else 1)" "$I/$fmt.err" "$I/doc.html" "$(realpath "$I/loop.css")"
done
pdftoppm -r 72 -aa no -aaVector no -f 1 -l 1 "$I/doc.pdf" "$I/page"
import_colour () { python3 "$SRC/tests/cli/ppm-colour.py" "$I/page-1.ppm" "$1" | cut -d' ' -f1; }
check "import: the imported sheet's blue" test "$(import_colour 0000c0)" -gt 20
check "import: its own import, from its folder" test "$(import_colour 800080)" -gt 20
check "import: the print sheet's green" test "$(import_colour 008000)" -gt 20
check "import: the sheet importing itself keeps its own rule" test "$(import_colour 808000)" -gt 20
check "import: the importing sheet's rule after the imported one" test "$(import_colour 008080)" -gt 20
check "import: nothing for screens, a wider page, or after other rules" test "$(import_colour c00000)" -eq 0
unzip -o -q "$I/doc.epub" -d "$I/epub"
check "import epub: each sheet in its place, print's left out, a width's for the reader" python3 -c "
import sys
css = ' '.join(open(sys.argv[1], encoding='utf-8').read().split())
order = ['/* a.css, imported */', '/* d.css, imported */ p.d', 'p.a {', '/* c.css, imported */ p.c',
         '/* w.css, imported */ @media (min-width: 700px) { p.w', '/* loop.css, imported */ p.loop',
         'p.order { color: #008080; }']
places = [css.find(m) for m in order]
sys.exit(0 if -1 not in places and places == sorted(places) and 'p.b' not in css
         and 'p.late' not in css else 1)" "$I/epub/OEBPS/style.css"
check "import epub: epubcheck" $EPUBCHECK "$I/doc.epub" >/dev/null 2>&1


# ---------------------------------------------------------- cascade layers
# CSS Cascading 5, §6.4: a later layer wins over an earlier one whatever
# their selectors' specificity; unlayered rules win over every layer; a
# layer's own rules over those nested in it; among !important
# declarations the earlier layer wins.  Each paragraph's rules are its
# own, each rule a colour of its own: the winner's colour is on the page,
# the losers' are not.  Unranked (every rule as if unlayered), the more
# specific loser would win in paragraphs 1, 2, 3, 5 and 7.
L=$OUT/layers
mkdir -p "$L"
cat > "$L/doc.html" <<'HTML'
<!DOCTYPE html>
<html lang="en"><head><title>Layers</title>
<style>
@layer base, components, utilities;
@import "l.css" layer(base);
@layer utilities { .p1 { color: #00a000 } }
@layer components { p.p1 { color: #a00000 } }
@layer base { #p2 { color: #800080 } }
@layer components { p.p2 { color: #a00001 } }
p.p3 { color: #804000 }
@layer utilities { p.p3.x3 { color: #00a001 } }
@layer components { .p4 { color: #c00000 !important } }
@layer utilities { .p4 { color: #00c000 !important } }
p.p4 { color: #00c001 }
@layer { p.p5 { color: #808000 } }
@layer utilities { p.p5.x5 { color: #00a002 } }
@layer base.inner { p.p6 { color: #008080 } }
@layer base { p.p6 { color: #000081 } }
@layer components { .p7 { color: #0080c0 } }
@layer two names { p { color: #ff00ff } }
</style>
</head><body>
<p class="p1">Utilities over components</p><p id="p2" class="p2">Components over an id in base</p>
<p class="p3 x3">Unlayered over utilities</p><p class="p4">Important in the earlier layer</p>
<p class="p5 x5">Anonymous layer last</p><p class="p6">Base over base.inner</p>
<p class="p7 x7">Components over an imported base</p>
</body></html>
HTML
printf 'p.p7.x7 { color: #c000c0 }\n' > "$L/l.css"
"$BIFOLIO" "$L/doc.html" -o "$L/doc.pdf" 2>"$L/pdf.err"
check "layers: exit 0" test $? -eq 0
check "layers: the bad @layer warned with its place" grep -qx \
  "bifolio: $L/doc.html:20:1: warning: @layer names no layer as CSS writes names; rule skipped" "$L/pdf.err"
check "layers: no other warning" test "$(wc -l < "$L/pdf.err")" -eq 1
pdftoppm -r 72 -aa no -aaVector no -f 1 -l 1 "$L/doc.pdf" "$L/page"
layer_colour () { python3 "$SRC/tests/cli/ppm-colour.py" "$L/page-1.ppm" "$1" | cut -d' ' -f1; }
for c in 00a000 a00001 804000 c00000 808000 000081 0080c0; do
  check "layers: the winner's colour $c is drawn" test "$(layer_colour $c)" -gt 20
done
for c in a00000 800080 00a001 00c000 00c001 00a002 008080 c000c0 ff00ff; do
  check "layers: the loser's colour $c is not" test "$(layer_colour $c)" -eq 0
done
"$BIFOLIO" "$L/doc.html" -o "$L/doc.epub" 2>"$L/epub.err"
check "layers epub: exit 0" test $? -eq 0
unzip -o -q "$L/doc.epub" -d "$L/epub"
check "layers epub: the layers' order first, the imported sheet in its layer, the bad one out" \
  python3 -c "
import sys
css = ' '.join(open(sys.argv[1], encoding='utf-8').read().split())
order, imported, block = (css.find('@layer base, components, utilities;'),
    css.find('@layer base { /* l.css, imported */ p.p7.x7'), css.find('@layer utilities {'))
sys.exit(0 if 0 <= order < imported < block and 'two names' not in css else 1)" \
  "$L/epub/OEBPS/style.css"
check "layers epub: epubcheck" $EPUBCHECK "$L/doc.epub" >/dev/null 2>&1


# ---------------------------------------------------------- flex and grid
# A flex or grid container's items are blocks (CSS blockifies them), laid
# out one under another: a site's navigation of links no longer runs its
# words together ("HomeAboutContact"), its links stay links, and the
# display is not warned of.
F=$OUT/flex
mkdir -p "$F"
cat > "$F/doc.html" <<'HTML'
<!DOCTYPE html>
<html lang="en"><head><title>Flex</title>
<style>
nav { display: flex } .cards { display: grid } .pill { display: inline-flex }
</style>
</head><body>
<nav><a href="#one">Home</a><a href="#two">About</a><span>Contact</span></nav>
<div class="cards">Loose<b>First</b><i>Second</i></div>
<p id="one">Before <span class="pill">pill</span> after.</p>
<p id="two">End.</p>
</body></html>
HTML
"$BIFOLIO" "$F/doc.html" -o "$F/doc.pdf" 2>"$F/pdf.err"
check "flex: exit 0, no warning" test $? -eq 0 -a ! -s "$F/pdf.err"
pdftotext "$F/doc.pdf" "$F/doc.txt"
check "flex: each item on a line of its own, the loose text one too" python3 -c "
import sys
lines = [l.strip() for l in open(sys.argv[1], encoding='utf-8').read().splitlines() if l.strip()]
want = ['Home', 'About', 'Contact', 'Loose', 'First', 'Second', 'Before pill after.', 'End.']
sys.exit(0 if lines[:8] == want else 1)" "$F/doc.txt"
qpdf --qdf --object-streams=disable "$F/doc.pdf" "$F/qdf.pdf"
check "flex: the navigation's two links still links" test "$(grep -ac '/Subtype /Link' "$F/qdf.pdf")" -eq 2

# Ruby, which bifolio does not set above its base, as a browser without it
# shows ruby: each annotation after its base in parentheses, the page's own
# <rp> ones where it has them, never both; the EPUB keeps the ruby for
# reading systems, with no parentheses of bifolio's.
cat > "$F/ruby.html" <<'HTML'
<!DOCTYPE html>
<html lang="ja"><head><title>Ruby</title></head><body>
<p><ruby>漢<rt>kan</rt>字<rt>ji</rt></ruby> bare.</p>
<p><ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp>字<rp>(</rp><rt>ji</rt><rp>)</rp></ruby> with rp.</p>
</body></html>
HTML
"$BIFOLIO" "$F/ruby.html" -o "$F/ruby.pdf" 2>"$F/ruby.err"
check "ruby: exit 0" test $? -eq 0
check "ruby: annotations in parentheses, once" python3 -c "
import subprocess, sys
lines = subprocess.run(['pdftotext', sys.argv[1], '-'], capture_output=True, text=True).stdout.split('\n')
sys.exit(0 if lines[:2] == ['漢(kan)字(ji) bare.', '漢(kan)字(ji) with rp.'] else 1)" "$F/ruby.pdf"
"$BIFOLIO" "$F/ruby.html" -o "$F/ruby.epub" 2>"$F/ruby-epub.err"
check "ruby epub: the ruby kept, no parentheses added" python3 -c "
import subprocess, sys
xhtml = subprocess.run(['unzip', '-p', sys.argv[1], 'OEBPS/chapter-*.xhtml'], capture_output=True,
                       text=True).stdout
css = subprocess.run(['unzip', '-p', sys.argv[1], 'OEBPS/style.css'], capture_output=True, text=True).stdout
sys.exit(0 if '<ruby>漢<rt>kan</rt>' in xhtml and 'rt::before' not in css else 1)" "$F/ruby.epub"


# -------------------------------------------------------- text-transform
# Unicode's full case maps (ß is SS in capitals); capitalize takes the
# first letter of each word, a word going on across elements; the EPUB's
# text stays as written, its sheet carrying the transform.
T=$OUT/transform
mkdir -p "$T"
cat > "$T/doc.html" <<'HTML'
<!DOCTYPE html>
<html lang="en"><head><title>Transform</title>
<style>h1 { text-transform: uppercase } .c { text-transform: capitalize }
.l { text-transform: lowercase } .n { text-transform: none }</style>
</head><body><h1>Straße title</h1>
<p class="c">the quick <b>b</b>rown fox don't jump-over <span class="n">as typed</span></p>
<p class="l">LOUD WORDS</p></body></html>
HTML
"$BIFOLIO" "$T/doc.html" -o "$T/doc.pdf" 2>"$T/err"
check "transform: exit 0, no warning" test $? -eq 0 -a ! -s "$T/err"
pdftotext "$T/doc.pdf" "$T/doc.txt"
check "transform: uppercase, ß as SS" grep -qx "STRASSE TITLE" "$T/doc.txt"
check "transform: capitalize, across elements, none inside it" \
  grep -qx "The Quick Brown Fox Don't Jump-Over as typed" "$T/doc.txt"
check "transform: lowercase" grep -qx "loud words" "$T/doc.txt"
"$BIFOLIO" "$T/doc.html" -o "$T/doc.epub" 2>/dev/null
unzip -o -q "$T/doc.epub" -d "$T/epub"
check "transform epub: the text as written, the transform in the sheet" \
  sh -c "grep -q 'Straße title' '$T'/epub/OEBPS/chapter-*.xhtml && grep -q 'text-transform: uppercase' '$T/epub/OEBPS/style.css'"


# --------------------------------------------------------------- ::marker
# A list item's marker in its ::marker's colour and weight, its content
# when set (an empty one, or none: no marker; normal: the list's own), on
# the start side in either direction.
K=$OUT/marker
mkdir -p "$K"
cat > "$K/doc.html" <<'HTML'
<!DOCTYPE html>
<html lang="en"><head><title>Markers</title>
<style>
li::marker { color: #c00000 }
ol.big li::marker { font-weight: bold; color: #0000c0 }
ul.arrow li::marker { content: "> "; color: #008000 }
ul.gone li::marker { content: "" }
ul.none li::marker { content: none }
ol.normal li::marker { content: normal }
</style></head><body>
<ul><li>Red bullet item</li></ul>
<ol class="big"><li>Blue bold number</li></ol>
<ul class="arrow"><li>Arrow item</li></ul>
<ul class="gone"><li>No marker item</li></ul>
<ul class="none"><li>None marker item</li></ul>
<ol class="normal"><li>Normal marker item</li></ol>
<ul dir="rtl" lang="fa"><li>مورد فارسی</li></ul>
</body></html>
HTML
"$BIFOLIO" "$K/doc.html" -o "$K/doc.pdf" 2>"$K/err"
check "marker: exit 0, no warning" test $? -eq 0 -a ! -s "$K/err"
pdftotext -layout "$K/doc.pdf" "$K/doc.txt"
check "marker: the content given, or none" python3 -c "
import sys
lines = [' '.join(l.split()) for l in open(sys.argv[1], encoding='utf-8')]
sys.exit(0 if '> Arrow item' in lines and 'No marker item' in lines and '1. Blue bold number' in lines
         and '• Red bullet item' in lines and 'None marker item' in lines
         and '1. Normal marker item' in lines else 1)" "$K/doc.txt"
check "marker: the bold face for the bold marker" grep -q "NotoSerif-Bold" <(pdffonts "$K/doc.pdf")
pdftoppm -r 72 -aa no -aaVector no -f 1 -l 1 "$K/doc.pdf" "$K/page"
marker_colour () { python3 "$SRC/tests/cli/ppm-colour.py" "$K/page-1.ppm" "$1"; }
read -r red width red_left red_right <<< "$(marker_colour c00000)"
read -r blue _ _ _ <<< "$(marker_colour 0000c0)"
read -r green _ _ _ <<< "$(marker_colour 008000)"
check "marker: red bullets, a blue number, a green mark" test "$red" -gt 4 -a "$blue" -gt 4 -a "$green" -gt 4
check "marker: the items' text keeps its own colour" test "$(marker_colour 1a1a1a | cut -d' ' -f1)" -gt 200
check "marker: the left-to-right items' on the left, the right-to-left item's on the right" \
  test "$red_left" -lt $((width / 2)) -a "$red_right" -gt $((width / 2))


# ----------------------------------------------------------- font-variant
# The face's own small capitals (wider than its lower case, the text
# still the letters typed) and ligatures turned off (ffi as three letters,
# wider than the ligature).
V=$OUT/variant
mkdir -p "$V"
cat > "$V/doc.html" <<'HTML'
<!DOCTYPE html>
<html lang="en"><head><title>Variants</title>
<style>.sc { font-variant: small-caps } .nolig { font-variant-ligatures: none }</style>
</head><body><p class="sc">Smallcaps</p><p>Smallcaps</p>
<p class="nolig">affine</p><p>affine</p></body></html>
HTML
"$BIFOLIO" "$V/doc.html" -o "$V/doc.pdf" 2>"$V/err"
check "variant: exit 0, no warning" test $? -eq 0 -a ! -s "$V/err"
pdftotext -bbox "$V/doc.pdf" "$V/bbox.html"
check "variant: small capitals wider than lower case, ligatures off wider than on" python3 -c "
import re, sys
words = re.findall(r'<word xMin=\"([\d.]+)\" yMin=\"[\d.]+\" xMax=\"([\d.]+)\" yMax=\"[\d.]+\">([^<]*)</word>',
                   open(sys.argv[1], encoding='utf-8').read())
widths = {}
for x0, x1, w in words:
    widths.setdefault(w, []).append(float(x1) - float(x0))
caps, lower = widths['Smallcaps']
off, on = widths['affine']
sys.exit(0 if caps > lower * 1.05 and off > on + 0.5 else 1)" "$V/bbox.html"


# ------------------------------------------------------ a modern site sheet
# What a site's framework holds (Selectors Level 4, layers, keyframes,
# empty custom properties, many properties bifolio does not draw): the
# PDF applies what it can, says in one warning which CSS properties it
# does not use, lists 20 warnings, then a count; the EPUB's
# sheet is written so that epubcheck, which reads Selectors Level 3, takes
# it (:is() spread out, :not() in its disjunctive form, :has() left out
# with a warning).
S=$OUT/site
mkdir -p "$S"
{
  printf ':root { --empty: ; }\n@layer base, theme;\n@layer base { p.layer { color: #0000c0 } }\n'
  printf '@keyframes spin { from { opacity: 0 } to { opacity: 1 } }\n'
  printf ':is(h2, p).is { color: #008000 }\n'
  printf 'p:not(.x, .y).not { color: #800080 }\n'
  printf 'div:has(> p) { color: #c00000 }\n'
  for i in $(seq 9); do printf '.t%d { transition: none; gap: 1em; position: sticky }\n' "$i"; done
  for i in $(seq 30); do printf '.u%d { unknown-%d: none; }\n' "$i" "$i"; done
} > "$S/site.css"
cat > "$S/doc.html" <<'HTML'
<!DOCTYPE html>
<html lang="en"><head><title>Site</title><link rel="stylesheet" href="site.css"></head>
<body><p class="layer">Layer words</p><p class="is">Is words</p><p class="not">Not words</p>
</body></html>
HTML
"$BIFOLIO" "$S/doc.html" -o "$S/doc.pdf" 2>"$S/pdf.err"
check "site: exit 0" test $? -eq 0
check "site: the unused properties in one warning, 20 about the sheet, then how many more" \
  python3 -c "
import sys
lines = open(sys.argv[1], encoding='utf-8').read().splitlines()
sheet = sys.argv[2]
sys.exit(0 if len(lines) == 21 and all(l.startswith('bifolio: ' + sheet) for l in lines)
         and lines[2] == f'bifolio: {sheet}:8:7: warning: 27 declarations of CSS properties bifolio '
                         'does not use skipped (the first here): transition, gap, position'
         and lines[3] == f\"bifolio: {sheet}:17:7: warning: unknown property 'unknown-1'; declaration skipped\"
         and lines[-1] == f'bifolio: {sheet}: warning: 13 more warnings about this sheet not listed (the first 20 are)'
         else 1)" "$S/pdf.err" "$(realpath "$S/site.css")"
pdftoppm -r 72 -aa no -aaVector no -f 1 -l 1 "$S/doc.pdf" "$S/page"
site_colour () { python3 "$SRC/tests/cli/ppm-colour.py" "$S/page-1.ppm" "$1" | cut -d' ' -f1; }
check "site: a layer's rule, :is(), :not() of a list applied" \
  test "$(site_colour 0000c0)" -gt 20 -a "$(site_colour 008000)" -gt 20 -a "$(site_colour 800080)" -gt 20
"$BIFOLIO" "$S/doc.html" -o "$S/doc.epub" 2>"$S/epub.err"
check "site epub: exit 0, the :has() selector named" \
  grep -q "site.css: warning: 1 selector left out of the EPUB's style sheet: :has()" "$S/epub.err"
unzip -o -q "$S/doc.epub" -d "$S/epub"
check "site epub: Level 3 selectors" python3 -c "
import sys
css = ' '.join(open(sys.argv[1], encoding='utf-8').read().split())
sys.exit(0 if 'h2.is, p.is {' in css and 'p:not(.x):not(.y).not {' in css and ':has(' not in css
         and '--empty' not in css and '@keyframes spin { from {' in css else 1)" "$S/epub/OEBPS/style.css"
check "site epub: epubcheck" $EPUBCHECK "$S/doc.epub" >/dev/null 2>&1

# ------------------------------------------------------------------ <q>
# An inline quotation in its language's marks, as the Unicode CLDR gives
# them («» ‹› in Persian, ”“ in Arabic, ”” in Hebrew,
# „“ ‚‘ in German, “” ‘’ in English), nested a level deeper inside; an
# author's own `quotes`, and none.  The EPUB keeps <q> for the reader to
# mark, and passes epubcheck with the rule that marks it.
Q=$OUT/quotes
mkdir -p "$Q"
cat > "$Q/doc.html" <<'HTML'
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Quotes</title></head><body>
<p>She said <q>I read <q>the letter</q> twice</q> and left.</p>
<p lang="fa" dir="rtl">او گفت <q>نامه را <q>دو بار</q> خواندم</q> و رفت.</p>
<p lang="ar" dir="rtl">قال <q>قرأت الرسالة</q> ثم ذهب.</p>
<p lang="he" dir="rtl">הוא אמר <q>קראתי את המכתב</q> והלך.</p>
<p lang="de">Er sagte <q>ich las den <q>Brief</q></q>.</p>
<p style="quotes: '[' ']' '&lt;' '&gt;'">Own <q>marks <q>inside</q></q>; <q style="quotes: none">none</q>.</p>
</body></html>
HTML
"$BIFOLIO" "$Q/doc.html" -o "$Q/doc.pdf" 2>"$Q/err"
pdftotext "$Q/doc.pdf" "$Q/doc.txt"
check "<q>: the marks of each language, nested" python3 -c "
import sys
text = open(sys.argv[1], encoding='utf-8').read()
want = ['“I read ‘the letter’ twice”', '«نامه را ‹دو بار› خواندم»', '”قرأت الرسالة“',
        '”קראתי את המכתב”', '„ich las den ‚Brief‘“', '[marks <inside>]; none.']
missing = [w for w in want if w not in text]
print(missing) if missing else None
sys.exit(1 if missing else 0)" "$Q/doc.txt"
"$BIFOLIO" "$Q/doc.html" -o "$Q/doc.epub" 2>/dev/null
unzip -o -q "$Q/doc.epub" -d "$Q/epub"
check "<q> epub: the reader marks <q>" python3 -c "
import sys
sys.exit(0 if 'q::before {\n  content: open-quote;' in open(sys.argv[1], encoding='utf-8').read() else 1)" \
  "$Q/epub/OEBPS/style.css"
check "<q> epub: epubcheck" $EPUBCHECK "$Q/doc.epub" >/dev/null 2>&1

# ------------------------------------------------------- inline backgrounds
# An inline element's background under its words (a <mark>'s yellow from
# the built-in sheet, an author's grey on code), in a right-to-left line
# too, on the start side of it there; the words still read in order.
B=$OUT/inline-bg
mkdir -p "$B"
cat > "$B/doc.html" <<'HTML'
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Marks</title>
<style>code { background: #c0c0c0 }</style></head><body>
<p lang="fa" dir="rtl"><mark>بخش برجسته</mark> در آغاز سطر و ادامه‌ی متن فارسی بدون رنگ.</p>
<p>Plain words and <code>code()</code> after.</p>
</body></html>
HTML
"$BIFOLIO" "$B/doc.html" -o "$B/doc.pdf" 2>"$B/err"
pdftoppm -r 72 -aa no -aaVector no -f 1 -l 1 "$B/doc.pdf" "$B/page"
check "inline backgrounds: a <mark> is yellow" \
  test "$(python3 "$SRC/tests/cli/ppm-colour.py" "$B/page-1.ppm" ffff00 | cut -d' ' -f1)" -gt 300
check "inline backgrounds: on the right of a right-to-left line" \
  in_right_half "$B/page-1.ppm" ffff00 0
check "inline backgrounds: an author's on <code>" \
  test "$(python3 "$SRC/tests/cli/ppm-colour.py" "$B/page-1.ppm" c0c0c0 | cut -d' ' -f1)" -gt 100
check "inline backgrounds: the words read in order" python3 -c "
import subprocess, sys
text = subprocess.run(['pdftotext', sys.argv[1], '-'], capture_output=True, text=True).stdout
sys.exit(0 if 'بخش برجسته در آغاز' in text and 'Plain words and code() after.' in text else 1)" \
  "$B/doc.pdf"

# ------------------------------------------------------------ inline boxes
# An author's keys in bordered boxes (<kbd> as GitHub draws it), nested
# too, and a bordered phrase in a right-to-left line: the borders are
# drawn, at the start of the line on its right, and the text still reads
# in order.
K=$OUT/inline-boxes
mkdir -p "$K"
cat > "$K/doc.html" <<'HTML'
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Keys</title>
<style>
kbd { border: 1pt solid #ff0000; padding: 0 3pt; margin: 0 1pt }
.fa { border: 1pt solid #0000ff; padding: 1pt 4pt }
</style></head><body>
<p>Press <kbd>Ctrl</kbd>+<kbd>C</kbd> to copy, <kbd><kbd>Ctrl</kbd>+<kbd>V</kbd></kbd> to paste.</p>
<p lang="fa" dir="rtl"><span class="fa">کلید میان‌بر</span> را با دقت بزنید.</p>
</body></html>
HTML
"$BIFOLIO" "$K/doc.html" -o "$K/doc.pdf" 2>"$K/err"
pdftoppm -r 72 -aa no -aaVector no -f 1 -l 1 "$K/doc.pdf" "$K/page"
check "inline boxes: the keys' borders are drawn" \
  test "$(python3 "$SRC/tests/cli/ppm-colour.py" "$K/page-1.ppm" ff0000 | cut -d' ' -f1)" -gt 100
check "inline boxes: on the right of a right-to-left line" in_right_half "$K/page-1.ppm" 0000ff 50
check "inline boxes: the words read in order" python3 -c "
import re, subprocess, sys
text = subprocess.run(['pdftotext', sys.argv[1], '-'], capture_output=True, text=True).stdout
words = re.sub(r'\s+', ' ', text)
sys.exit(0 if re.search(r'Press Ctrl ?\+ ?C to copy, Ctrl ?\+ ?V to paste', words)
         and 'کلید میان‌بر را با دقت بزنید' in words else 1)" "$K/doc.pdf"
check "inline boxes: no warning" test ! -s "$K/err"

# ------------------------------------------------------------ border styles
# dashed and dotted borders are drawn in dashes and dots: a 2pt dashed rule
# is dashes 6pt long, 4pt apart (about one every 10 px at 72 dpi); a 3pt
# dotted border down a quotation is dots 3pt square, 3pt apart; a solid
# one stays whole.
D=$OUT/border-styles
mkdir -p "$D"
cat > "$D/doc.html" <<'HTML'
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Lines</title>
<style>
hr { border-top: 2pt dashed #ff0000; margin: 1em 0 }
blockquote { border-inline-start: 3pt dotted #0000ff }
p.solid { border-bottom: 2pt solid #00ff00 }
</style></head><body>
<p class="solid">Above.</p><hr>
<blockquote><p>One line of a quotation.</p><p>Another.</p><p>A third.</p></blockquote>
</body></html>
HTML
"$BIFOLIO" "$D/doc.html" -o "$D/doc.pdf" 2>"$D/err"
pdftoppm -r 72 -aa no -aaVector no -f 1 -l 1 "$D/doc.pdf" "$D/page"
check "border styles: a dashed rule is dashes" \
  test "$(stretches "$D/page-1.ppm" ff0000 row)" -ge 20
check "border styles: a dotted border is dots" \
  test "$(stretches "$D/page-1.ppm" 0000ff column)" -ge 6
check "border styles: a solid border is whole" \
  test "$(stretches "$D/page-1.ppm" 00ff00 row)" -eq 1

finish
