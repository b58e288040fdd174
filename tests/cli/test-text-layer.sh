#!/usr/bin/env bash
# The PDF's text layer as readers meet it: for the Persian letter, the
# English letter (with its Persian section), a Persian guide and a Hebrew
# essay, the paragraphs (from the sources, through cmark-gfm) that MuPDF, poppler
# (pdftotext and pdfinfo -struct-text) and pdf.js (Firefox's viewer) give
# back exactly, word spaces included, and with white space aside.  The
# counts are floors: what the PDF achieves now, to keep and to raise.
# pdf.js comes from npm into tests/js (scripts/install-deps).
. "$(dirname "$0")/lib.sh"
[ -x /opt/bifolio-node/bin/node ] && PATH=/opt/bifolio-node/bin:$PATH

if [ ! -f "$SRC/tests/js/node_modules/pdfjs-dist/package.json" ]; then
  fail "pdf.js is not installed in tests/js (run scripts/install-deps)"
  finish
  exit 1
fi

text_layer () { # text_layer NAME SOURCE REQUIREMENTS...
  local name=$1 source=$2; shift 2
  "$BIFOLIO" "$source" -o "$OUT/$name.pdf" 2> "$OUT/$name.warnings"
  python3 "$SRC/tests/cli/text-layer.py" "$source" "$OUT/$name.pdf" --save "$OUT/$name" "$@" \
    > "$OUT/$name.counts" 2>&1
  local rc=$?
  sed "s/^/$name: /" "$OUT/$name.counts"
  check "$name: paragraphs back through each extractor" test $rc -eq 0
}

# A glyph stands for one text in its font's ToUnicode map: shown again for
# other text (a space glyph for a no-break space, a mirrored parenthesis),
# it is shown through a copy of its face with a map of its own, and not in
# an /ActualText span, which MuPDF 1.21 does not read and which makes
# poppler's tag-tree text drop the rest of its paragraph.  A ZWNJ after a
# letter is shown apart, as a glyph of no ink of its own.
# Persian: MuPDF and the tag tree's text read every paragraph exactly;
# pdf.js has every letter in order but no word space; poppler moves the
# Arabic comma across the space after it and joins digits to the next word.
text_layer letter-fa "$SRC/samples/letter-fa.md" \
  --require mupdf=22 --require poppler=8 --require struct=22 \
  --require-spaceless pdfjs=21 --require-spaceless struct=22 --require-spaceless poppler=19
text_layer letter "$SRC/samples/letter.md" \
  --require mupdf=258 --require poppler=239 --require struct=179 --require pdfjs=231 \
  --require-spaceless pdfjs=257
text_layer letter-he "$SRC/samples/letter-he.md" \
  --require mupdf=12 --require poppler=7 --require struct=10 --require pdfjs=3 \
  --require-spaceless pdfjs=10
text_layer essay-he "$SRC/tests/corpus/benyehuda-he/m295.html" \
  --require mupdf=7 --require struct=8 --require-spaceless struct=8
# Persian with a ZWNJ inside many words.
text_layer guide-fa "$SRC/tests/corpus/vue-a11y-fa/accessibility.md" \
  --require mupdf=133 --require struct=134 --require poppler=81 --require pdfjs=59 \
  --require-spaceless poppler=104
# Urdu in Nastaliq: a letter is drawn as several glyphs (its skeleton, which
# the letters of its shape share, its dots, a mark of no ink), one of them
# showing the text of it all, the others filled as outlines.  poppler
# splits the words of a cascading Nastaliq line across lines by their
# heights.
text_layer letter-ur "$SRC/samples/letter-ur.md" \
  --require mupdf=12 --require struct=12 --require poppler=3 --require pdfjs=2 \
  --require-spaceless poppler=5 --require-spaceless pdfjs=11
check "letter-ur: no U+FFFD (a glyph with no text) through MuPDF" \
  test "$(grep -c $'\uFFFD' "$OUT/letter-ur/mupdf.txt")" -eq 0

# A space set alone (between a bold word and an italic one) at a whole
# point across: Cairo rounded the box of its glyph, which has no ink, to
# nothing and drew nothing, and the tag tree's text ran the two words
# together.  Three such pairs, found among 400 (with the bundled fonts).
printf '**sznnwxezq** *gxgu*\n\n**bfvv** *gai*\n\n**deehh** *atsqqz*\n' > "$OUT/lone-space.md"
"$BIFOLIO" "$OUT/lone-space.md" -o "$OUT/lone-space.pdf" 2> /dev/null
pdfinfo -struct-text "$OUT/lone-space.pdf" > "$OUT/lone-space.struct"
for pair in "sznnwxezq gxgu" "bfvv gai" "deehh atsqqz"; do
  check "lone-space: \"$pair\" with its space in the tag tree's text" \
    grep -qF "\"$pair\"" "$OUT/lone-space.struct"
done

# A ligature reads back as its letters ("ff" in "suffering").
for extractor in mupdf poppler pdfjs; do
  check "letter: \"suffering\" through $extractor" grep -q suffering "$OUT/letter/$extractor.txt"
done
finish
