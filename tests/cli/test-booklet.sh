#!/usr/bin/env bash
# Booklets end to end: page order, side and rotation found on every sheet
# with pdftotext -bbox (tests/cli/booklet-check.py), for the bilingual letter
# bound on the left and the Persian letter alone bound on the right;
# bookmarks and links into the sheets; creep, marks; bad combinations.
. "$(dirname "$0")/lib.sh"
LETTER=$SRC/samples/letter.md
PERSIAN=$SRC/samples/letter-fa.md
CHECK="python3 $SRC/tests/cli/booklet-check.py"

"$BIFOLIO" "$LETTER" -o "$OUT/letter.pdf"
"$BIFOLIO" "$PERSIAN" -o "$OUT/persian.pdf"
"$BIFOLIO" "$SRC/tests/data/features.md" -o "$OUT/features.pdf"

booklet () { # booklet NAME INPUT PLAIN BINDING DUPLEX SIGNATURE KEEP -- OPTIONS...
  local name=$1 input=$2 plain=$3 binding=$4 duplex=$5 signature=$6 keep=$7; shift 8
  "$BIFOLIO" "$input" --booklet "$@" -o "$OUT/booklet-$name.pdf"
  check "$name: written" test $? -eq 0
  check "$name: qpdf finds it sound" qpdf --check "$OUT/booklet-$name.pdf" >/dev/null
  check "$name: order, sides, rotation, bookmarks" $CHECK "$OUT/$plain" "$OUT/booklet-$name.pdf" \
    "$binding" "$duplex" "$signature" "$keep"
}

booklet letter "$LETTER" letter.pdf left short 0 0 --
booklet letter-long "$LETTER" letter.pdf left long 0 0 -- --duplex long-edge
booklet letter-sig8 "$LETTER" letter.pdf left short 8 0 -- --signature 8
booklet letter-right "$LETTER" letter.pdf right short 0 0 -- --binding right
# The Persian letter alone (5 pages) binds on the right by itself: mirrored.
booklet persian "$PERSIAN" persian.pdf right short 0 0 --
booklet persian-long "$PERSIAN" persian.pdf right long 0 0 -- --duplex long-edge
booklet persian-cover "$PERSIAN" persian.pdf right short 0 1 -- --booklet-keep-back-cover
booklet persian-left "$PERSIAN" persian.pdf left short 0 0 -- --binding left
booklet features "$SRC/tests/data/features.md" features.pdf left short 0 0 -- --marks --creep 0.5mm

pages_of () { pdfinfo "$1" | awk '/^Pages:/ {print $2}'; }
check "sheet is A4 landscape" grep -q "841.89 x 595.276" <(pdfinfo "$OUT/booklet-letter.pdf")
n=$(pages_of "$OUT/persian.pdf")
check "Persian booklet: (n/4 rounded up) × 2 sides" test "$(pages_of "$OUT/booklet-persian.pdf")" -eq $(( (n + 3) / 4 * 2 ))
n=$(pages_of "$OUT/letter.pdf")
check "letter booklet: (n/4 rounded up) × 2 sides" test "$(pages_of "$OUT/booklet-letter.pdf")" -eq $(( (n + 3) / 4 * 2 ))
check "metadata kept" grep -q "^Title: *Amir-Entezam Letter" <(pdfinfo "$OUT/booklet-letter.pdf")

# Links still work: the footnote reference and the URL are on the sheet.
qpdf --qdf --object-streams=disable "$OUT/booklet-features.pdf" "$OUT/features-qdf.pdf"
check "URL link kept" grep -aq '/URI (https://example.org/a?b=c)' "$OUT/features-qdf.pdf"
check "internal link kept" grep -aq '/Dest (fn-one)\|/D (fn-one)' "$OUT/features-qdf.pdf"

# Creep moves the inner sheet's pages toward the fold; marks are drawn.
"$BIFOLIO" "$LETTER" --booklet --paper 140x200mm -o "$OUT/no-creep.pdf"
"$BIFOLIO" "$LETTER" --booklet --paper 140x200mm --creep 1mm -o "$OUT/creep.pdf"
x_of () { pdftotext -bbox -f "$2" -l "$2" "$1" - | grep -oE 'xMin="[0-9.]+"[^>]*>'"$3"'<' | head -1 | grep -oE '[0-9.]+' | head -1; }
check "creep: outer sheet unchanged" test "$(x_of "$OUT/no-creep.pdf" 1 1)" = "$(x_of "$OUT/creep.pdf" 1 1)"
a=$(x_of "$OUT/no-creep.pdf" 3 5); b=$(x_of "$OUT/creep.pdf" 3 5)
check "creep: page 5 (right half, second sheet) moves left by 1 mm" \
  python3 -c "import sys; sys.exit(0 if abs(($a - $b) - 72/25.4) < 0.05 else 1)"
"$BIFOLIO" "$LETTER" --booklet --paper 140x200mm --marks -o "$OUT/marks.pdf"
check "marks drawn (more vector content)" test "$(stat -c %s "$OUT/marks.pdf")" -gt "$(stat -c %s "$OUT/no-creep.pdf")"

# Bad combinations: exit 2, nothing written.
expect2 () { # expect2 PATTERN OUTPUT -- ARGS...
  local pattern=$1 output=$2; shift 3
  "$BIFOLIO" "$@" -o "$output" 2>"$OUT/err"
  check "exit 2: $*" test $? -eq 2
  check "message: $pattern" grep -q "$pattern" "$OUT/err"
  check "nothing written: $output" test ! -e "$output"
}
expect2 "cannot be used with EPUB" "$OUT/bad.epub" -- "$LETTER" --booklet
expect2 "do not fit side by side" "$OUT/bad1.pdf" -- "$LETTER" --booklet --paper A4
expect2 "multiple of 4" "$OUT/bad2.pdf" -- "$LETTER" --booklet --signature 6
expect2 "need --booklet" "$OUT/bad3.pdf" -- "$LETTER" --signature 8
expect2 "left or right" "$OUT/bad4.pdf" -- "$LETTER" --booklet --binding top
expect2 "short-edge or long-edge" "$OUT/bad5.pdf" -- "$LETTER" --booklet --duplex both
expect2 "creep needs a length" "$OUT/bad6.pdf" -- "$LETTER" --booklet --creep lots
finish
