#!/usr/bin/env bash
# The bilingual letter end to end: PDF pages, fonts, text, bookmarks,
# links, structure; the EPUB through epubcheck.
. "$(dirname "$0")/lib.sh"
LETTER=$SRC/samples/letter.md

"$BIFOLIO" "$LETTER" -o "$OUT/letter.pdf" 2>"$OUT/stderr"
check "exit 0 on the letter" test $? -eq 0
check "no warnings on the letter" test ! -s "$OUT/stderr"

pages=$(pdfinfo "$OUT/letter.pdf" | awk '/^Pages:/ {print $2}')
check "page count $pages in 20..60" test "$pages" -ge 20 -a "$pages" -le 60
check "qpdf finds the PDF sound" qpdf --check "$OUT/letter.pdf" >/dev/null
pdfinfo "$OUT/letter.pdf" > "$OUT/info"
check "title in the document information" grep -q '^Title: *Amir-Entezam Letter to UN Secretary-General' "$OUT/info"
check "author in the document information" grep -q '^Author: *Masoud Kazemzadeh' "$OUT/info"

pdffonts "$OUT/letter.pdf" | tail -n +3 > "$OUT/fonts"
check "fonts listed" test -s "$OUT/fonts"
check "every font embedded" test -z "$(awk '$(NF-4) != "yes"' "$OUT/fonts")"
check "Persian in Noto Naskh Arabic" grep -q NotoNaskhArabic "$OUT/fonts"
check "English in Noto Serif" grep -q NotoSerif-Regular "$OUT/fonts"

pdftotext "$OUT/letter.pdf" "$OUT/poppler.txt"
mutool draw -F txt -o "$OUT/mupdf.txt" "$OUT/letter.pdf" 2>/dev/null
for sentence in "Your Excellency Ban Ki-moon" "The Esteemed Secretary-General of the United Nations" \
                "Thank you Dr K for bringing this letter to everyone's attention"; do
  check "English sentence back from the PDF: $sentence" grep -qF "$sentence" "$OUT/poppler.txt"
done
for sentence in "عالیجناب آقای بان کی مون." "دبیرکل محترم سازمان ملل متحد" \
                "قدیمی ترین زندانی سیاسی عقیدتی ایزان"; do
  check "Persian sentence back from the PDF: $sentence" grep -qF "$sentence" "$OUT/mupdf.txt"
done
# Every Persian paragraph, as typed, through both extractors.
check "Persian paragraphs extract" python3 "$SRC/tests/cli/persian-extract.py" "$LETTER" \
  "$OUT/letter.pdf" --require-mutool 27 --require-poppler 22

mutool show "$OUT/letter.pdf" outline > "$OUT/outline"
for heading in "The Letter" "English Translation" "Reader Comments" "On Patronization"; do
  check "bookmark: $heading" grep -qF "$heading" "$OUT/outline"
done

# The EPUB.
"$BIFOLIO" "$LETTER" -o "$OUT/letter.epub"
check "EPUB written" test -s "$OUT/letter.epub"
java -jar /usr/share/java/epubcheck.jar "$OUT/letter.epub" > "$OUT/epubcheck" 2>&1
check "epubcheck: no error, no warning" grep -q "Messages: 0 fatals / 0 errors / 0 warnings" "$OUT/epubcheck"
mkdir -p "$OUT/unzipped" && (cd "$OUT/unzipped" && unzip -q ../letter.epub)
check "mimetype first and stored" test "$(unzip -Z1 "$OUT/letter.epub" | head -1)" = mimetype
check "Persian chapter keeps lang and dir" grep -q 'lang="fa" dir="rtl" xml:lang="fa"' "$OUT/unzipped/OEBPS/chapter-002.xhtml"
check "stylesheet linked" grep -q 'href="style.css"' "$OUT/unzipped/OEBPS/chapter-002.xhtml"
check "languages in the package" grep -q '<dc:language>fa</dc:language>' "$OUT/unzipped/OEBPS/content.opf"
check "one chapter per top-level heading (4)" test "$(ls "$OUT"/unzipped/OEBPS/chapter-*.xhtml | wc -l)" -eq 4
finish
