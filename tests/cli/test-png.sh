#!/usr/bin/env bash
# PNG previews (-o NAME.png): one file a page from the same display lists as
# the PDF, named NAME-N.png or where {p} stands; --pages (for PDFs too),
# --dpi.  Sizes are
# the paper's at the resolution (A5 at 144 dpi: 839 × 1191 pixels); what is
# drawn is compared with poppler's rendering of the PDF.
. "$(dirname "$0")/lib.sh"
FA=$SRC/samples/letter-fa.md
size () { file "$1" | sed -n 's/.*PNG image data, \([0-9]*\) x \([0-9]*\),.*/\1x\2/p'; }

"$BIFOLIO" "$FA" -o "$OUT/fa.pdf"
pages=$(pdfinfo "$OUT/fa.pdf" | awk '/^Pages:/ { print $2 }')
mkdir -p "$OUT/all" && "$BIFOLIO" "$FA" -o "$OUT/all/fa.png" 2> "$OUT/all.err"
check "PNG: exit 0, no warnings" test $? -eq 0 -a ! -s "$OUT/all.err"
check "one PNG a page of the PDF ($pages)" test "$(ls "$OUT/all" | wc -l)" -eq "$pages"
check "named fa-1.png … fa-$pages.png" test -e "$OUT/all/fa-1.png" -a -e "$OUT/all/fa-$pages.png"
check "A5 at 144 dpi is 839 × 1191 pixels" test "$(size "$OUT/all/fa-1.png")" = 839x1191
# What is drawn: the preview against poppler's rendering of the PDF's page.
pdftoppm -r 144 -f 1 -l 2 -png "$OUT/fa.pdf" "$OUT/poppler"
check "page 1 drawn as the PDF draws it" python3 "$SRC/tests/cli/png-ink.py" "$OUT/all/fa-1.png" "$OUT/poppler-1.png"
check "page 2 drawn as the PDF draws it" python3 "$SRC/tests/cli/png-ink.py" "$OUT/all/fa-2.png" "$OUT/poppler-2.png"
check "and page 2 is not page 1" test "$(python3 "$SRC/tests/cli/png-ink.py" "$OUT/all/fa-2.png" "$OUT/poppler-1.png" > /dev/null; echo $?)" -eq 1

# {p} and {0p}, --pages, --dpi, --paper.
mkdir -p "$OUT/named" && "$BIFOLIO" "$FA" -o "$OUT/named/page-{p}.png" --pages 1-2,4
check "--pages 1-2,4 with {p}: exactly those" \
  test "$(cd "$OUT/named" && ls | sort | tr '\n' ' ')" = "page-1.png page-2.png page-4.png "
mkdir -p "$OUT/padded" && "$BIFOLIO" "$FA" -o "$OUT/padded/p{0p}.png" --pages=3- --dpi=72
check "--pages 3- to the end" test "$(ls "$OUT/padded" | wc -l)" -eq $((pages - 2))
check "A5 at 72 dpi is 420 × 595 pixels" test "$(size "$OUT/padded/p3.png")" = 420x595
"$BIFOLIO" "$FA" -o "$OUT/a4.png" --paper A4 --pages 1
check "A4 at 144 dpi is 1191 × 1684 pixels" test "$(size "$OUT/a4-1.png")" = 1191x1684
"$BIFOLIO" "$FA" -o "$OUT/forced.img" --format png --pages 1
check "--format png whatever the name" test "$(size "$OUT/forced.img-1.png")" = 839x1191

# --pages with a PDF: those pages, in the order given; a link to a page left
# out is left out too, and the file stays sound.
"$BIFOLIO" "$FA" -o "$OUT/two.pdf" --pages 3,1
check "--pages 3,1: two PDF pages" test "$(pdfinfo "$OUT/two.pdf" | awk '/^Pages:/ { print $2 }')" -eq 2
check "--pages 3,1: the first is page 3" \
  test "$(pdftotext -f 1 -l 1 "$OUT/two.pdf" -)" = "$(pdftotext -f 3 -l 3 "$OUT/fa.pdf" -)"
check "--pages 3,1: the second is page 1" \
  test "$(pdftotext -f 2 -l 2 "$OUT/two.pdf" -)" = "$(pdftotext -f 1 -l 1 "$OUT/fa.pdf" -)"
{ printf '<h1>Start</h1><p><a href="#end">to the end</a> and <a href="https://example.org">the web</a></p>\n'
  for i in $(seq 60); do printf '<p>Paragraph %d of the middle, long enough to fill the lines of a page.</p>\n' "$i"; done
  printf '<h1 id="end">End</h1><p>The end.</p>\n'; } > "$OUT/links.html"
"$BIFOLIO" "$OUT/links.html" -o "$OUT/links-all.pdf"
# Objects may sit in compressed object streams: read them written out.
qpdf --qdf --object-streams=disable "$OUT/links-all.pdf" "$OUT/links-all-qdf.pdf"
check "the whole PDF has both links" test "$(grep -ac '/Subtype */Link' "$OUT/links-all-qdf.pdf")" -ge 2
"$BIFOLIO" "$OUT/links.html" -o "$OUT/links.pdf" --pages 1
qpdf --qdf --object-streams=disable "$OUT/links.pdf" "$OUT/links-qdf.pdf"
check "a link to a page left out: qpdf --check passes" qpdf --check "$OUT/links.pdf" > /dev/null
check "the page kept has its text" grep -q 'to the end' <(pdftotext "$OUT/links.pdf" -)
check "the link to the page left out is dropped, the web link kept" \
  test "$(grep -ac '/Subtype */Link' "$OUT/links-qdf.pdf")" -eq 1 -a "$(grep -ac '/URI' "$OUT/links-qdf.pdf")" -ge 1
"$BIFOLIO" "$FA" -o - --pages 2 > "$OUT/stdout.pdf"
check "--pages 2 to standard output" \
  test "$(pdftotext "$OUT/stdout.pdf" -)" = "$(pdftotext -f 2 -l 2 "$OUT/fa.pdf" -)"

# --booklet previews: each side of the imposed sheets, as the booklet PDF
# draws it (here bound on the right, and long-edge: backs turned 180°).
"$BIFOLIO" "$FA" --booklet --duplex long-edge -o "$OUT/booklet.pdf"
sides=$(pdfinfo "$OUT/booklet.pdf" | awk '/^Pages:/ { print $2 }')
mkdir -p "$OUT/sheets" && "$BIFOLIO" "$FA" --booklet --duplex long-edge -o "$OUT/sheets/side.png"
check "one PNG a side of the booklet PDF ($sides)" test "$(ls "$OUT/sheets" | wc -l)" -eq "$sides"
check "an A4 sheet at 144 dpi is 1684 × 1191 pixels" test "$(size "$OUT/sheets/side-1.png")" = 1684x1191
pdftoppm -r 144 -f 1 -l 2 -png "$OUT/booklet.pdf" "$OUT/sheet"
check "front of sheet 1 drawn as the booklet PDF draws it" \
  python3 "$SRC/tests/cli/png-ink.py" "$OUT/sheets/side-1.png" "$OUT/sheet-1.png"
check "back of sheet 1 (turned) drawn as the booklet PDF draws it" \
  python3 "$SRC/tests/cli/png-ink.py" "$OUT/sheets/side-2.png" "$OUT/sheet-2.png"
"$BIFOLIO" "$FA" --booklet --binding left -o "$OUT/left.png"
check "bound on the left, the front differs (pages trade places)" \
  test "$(python3 "$SRC/tests/cli/png-ink.py" "$OUT/left-1.png" "$OUT/sheet-1.png" > /dev/null; echo $?)" -eq 1

# Bad usage: exit 2, nothing written.
mkdir -p "$OUT/bad"
for args in "--pages 99" "--pages 0" "--pages 3-1" "--pages x" "--dpi 0" "--dpi lots" "--booklet --pages 1"; do
  # shellcheck disable=SC2086
  "$BIFOLIO" "$FA" -o "$OUT/bad/x.png" $args 2> "$OUT/err"
  check "exit 2 for $args" test $? -eq 2
  check "one line for $args" test "$(grep -c '^bifolio: ' "$OUT/err")" -eq 1
done
"$BIFOLIO" "$FA" -o - --format png 2> "$OUT/err" > /dev/null
check "-o - with PNG: exit 2" test $? -eq 2
"$BIFOLIO" "$FA" -o "$OUT/bad/x.pdf" --dpi 300 2> "$OUT/err"
check "--dpi with a PDF: exit 2" test $? -eq 2
"$BIFOLIO" "$FA" -o "$OUT/bad/x.pdf" --pages 9 2> "$OUT/err"
check "--pages 9 of $pages with a PDF: exit 2" test $? -eq 2
"$BIFOLIO" "$FA" -o "$OUT/bad/x.epub" --pages 1 2> "$OUT/err"
check "--pages with an EPUB: exit 2" test $? -eq 2
check "nothing written by bad usage" test -z "$(ls -A "$OUT/bad")"
finish
