#!/usr/bin/env bash
# With SOURCE_DATE_EPOCH set, the same input gives byte-identical outputs.
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1700000000
for ext in pdf epub; do
  "$BIFOLIO" "$SRC/samples/letter.md" -o "$OUT/one.$ext"
  sleep 1
  "$BIFOLIO" "$SRC/samples/letter.md" -o "$OUT/two.$ext"
  check "$ext byte-identical" cmp "$OUT/one.$ext" "$OUT/two.$ext"
done
# One thread or two: the same bytes (a second thread rewrites the pages'
# content while the first finishes the tag tree).  The Persian letter has
# artifacts on every page; the booklet's sheets go through the same pass.
for input in letter-fa letter; do
  "$BIFOLIO" "$SRC/samples/$input.md" --jobs 1 -o "$OUT/$input-j1.pdf"
  "$BIFOLIO" "$SRC/samples/$input.md" --jobs 2 -o "$OUT/$input-j2.pdf"
  check "$input: --jobs 1 and --jobs 2 byte-identical" cmp "$OUT/$input-j1.pdf" "$OUT/$input-j2.pdf"
  check "$input: pages' furniture marked /Artifact with two threads" \
    grep -q '/Artifact BMC' <(qpdf --qdf --object-streams=disable "$OUT/$input-j2.pdf" -)
done
"$BIFOLIO" "$SRC/samples/letter.md" --booklet --jobs 1 -o "$OUT/booklet-j1.pdf"
"$BIFOLIO" "$SRC/samples/letter.md" --booklet --jobs 2 -o "$OUT/booklet-j2.pdf"
check "booklet: --jobs 1 and --jobs 2 byte-identical" cmp "$OUT/booklet-j1.pdf" "$OUT/booklet-j2.pdf"
check "PDF dated from SOURCE_DATE_EPOCH" grep -q "CreationDate: *Tue Nov 14 22:13:20 2023" <(pdfinfo "$OUT/one.pdf")
check "EPUB modified from SOURCE_DATE_EPOCH" grep -q "2023-11-14T22:13:20Z" <(unzip -p "$OUT/one.epub" OEBPS/content.opf)
finish
