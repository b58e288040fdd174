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
check "PDF dated from SOURCE_DATE_EPOCH" grep -q "CreationDate: *Tue Nov 14 22:13:20 2023" <(pdfinfo "$OUT/one.pdf")
check "EPUB modified from SOURCE_DATE_EPOCH" grep -q "2023-11-14T22:13:20Z" <(unzip -p "$OUT/one.epub" OEBPS/content.opf)
finish
