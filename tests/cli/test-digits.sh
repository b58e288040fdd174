#!/usr/bin/env bash
# -bf-digits (issue #15): European digits shown as the reader of the text
# around them expects, in the PDF's text layer (poppler and MuPDF) and in
# the EPUB's text.  The expected strings are written out from the Unicode
# charts: Persian digits U+06F0-U+06F9 (۰۱۲۳۴۵۶۷۸۹), Arabic-Indic
# U+0660-U+0669 (٠١٢٣٤٥٦٧٨٩), the Arabic decimal separator U+066B (٫) and
# thousands separator U+066C (٬).
. "$(dirname "$0")/lib.sh"

# text PDF OUT: the PDF's text through poppler (OUT.poppler) and MuPDF
# (OUT.mupdf), bidi controls and white space taken out (extractors place
# spaces around numbers in right-to-left lines differently).
text () {
  local squeeze="import re, sys; print(re.sub('[\u200e\u200f\u202a-\u202e\u2066-\u2069 \t]', '', sys.stdin.read()))"
  pdftotext -enc UTF-8 "$1" - | python3 -c "$squeeze" > "$2.poppler"
  mutool draw -F txt -o - "$1" 2>/dev/null | python3 -c "$squeeze" > "$2.mupdf"
}
# has OUT STRING: STRING (white space out) in both extractors' text.
has () {
  local want=${2// /}
  grep -F -- "$want" "$1.poppler" >/dev/null && grep -F -- "$want" "$1.mupdf" >/dev/null
}

# ------------------------------------------------ the Persian sample letter
"$BIFOLIO" "$SRC/samples/letter-fa.md" --style "$SRC/styles/persian.css" -o "$OUT/letter-persian.pdf" \
  2> "$OUT/letter-persian.err"
check "letter under persian.css: typeset" test $? -eq 0
check "letter under persian.css: no warning" test ! -s "$OUT/letter-persian.err"
"$BIFOLIO" "$SRC/samples/letter-fa.md" -o "$OUT/letter.pdf"
text "$OUT/letter-persian.pdf" "$OUT/letter-persian"
text "$OUT/letter.pdf" "$OUT/letter"
# The source says "بیش از 29 سال" and, at its foot, "22 تیر ماه 1387-".
check "persian.css: 29 becomes ۲۹" has "$OUT/letter-persian" "از ۲۹ سال"
check "persian.css: the date's digits are Persian" has "$OUT/letter-persian" "۲۲ تیر ماه"
check "persian.css: no 29 left" test "$(cat "$OUT"/letter-persian.poppler "$OUT"/letter-persian.mupdf | grep -c '29')" -eq 0
check "without the sheet: 29 as typed" has "$OUT/letter" "از 29 سال"
check "without the sheet: no ۲۹" test "$(cat "$OUT"/letter.poppler "$OUT"/letter.mupdf | grep -c '۲۹')" -eq 0

# --------------------------------------------- each value, each language
cat > "$OUT/digits.css" <<'CSS'
.persian { -bf-digits: persian }
.arabic { -bf-digits: arabic-indic }
.context { -bf-digits: context }
CSS
cat > "$OUT/digits.html" <<'HTML'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Digits</title>
<style>.later { -bf-digits: context }</style></head><body>
<p class="persian" lang="fa" dir="rtl">الف 29 و 1387/4/22 و 2.5 و 1,250</p>
<p class="arabic" lang="ar" dir="rtl">باء 2024 و 3.75</p>
<div class="context">
<p lang="fa" dir="rtl">بیش از 29 سال</p>
<p lang="ar" dir="rtl">في عام 2024 م</p>
<p lang="en">English 29 years</p>
<p lang="fa" dir="rtl">کتاب Harry Potter 7 را در 1387/4/22 خواندم و 2.5 ساعت <code>x = 42</code> طول کشید</p>
<p lang="fa" dir="rtl">48 ساعت</p>
<p lang="fa" dir="rtl"><b>2024</b> <span lang="en">was the year</span></p>
<p lang="fa" dir="rtl">نشانی https://example.com/page/123 را ببینید</p>
<p lang="fa" dir="rtl" style="-bf-digits: as-typed">جیم 61 سال</p>
</div>
<p lang="fa" dir="rtl">دال 77 سال</p>
<p class="later" lang="fa" dir="rtl">هاء 36 سال</p>
<ol class="context" lang="fa" dir="rtl"><li>واو 85</li></ol>
</body></html>
HTML
"$BIFOLIO" "$OUT/digits.html" --style "$OUT/digits.css" -o "$OUT/digits.pdf" 2> "$OUT/digits.err"
check "digits: typeset" test $? -eq 0
check "digits: no warning" test ! -s "$OUT/digits.err"
text "$OUT/digits.pdf" "$OUT/digits"
expect () { check "PDF text: $1" has "$OUT/digits" "$1"; }
expect "الف ۲۹ و ۱۳۸۷/۴/۲۲ و ۲٫۵ و ۱٬۲۵۰"          # persian, separators
expect "باء ٢٠٢٤ و ٣٫٧٥"                            # arabic-indic
expect "بیش از ۲۹ سال"                              # context, Persian
expect "في عام ٢٠٢٤ م"                              # context, Arabic
expect "English 29 years"                          # context, English
expect "Harry Potter 7"                            # Latin words in Persian
expect "در ۱۳۸۷/۴/۲۲ خواندم و ۲٫۵ ساعت"              # Persian again after them
expect "x = 42"                                    # code as typed
expect "۴۸ ساعت"                                    # digits first: the letter after
expect "2024"                                      # …in the paragraph's later text
check "PDF text: 2024 before English words not converted" \
  test "$(cat "$OUT"/digits.poppler "$OUT"/digits.mupdf | grep -c '۲۰۲۴')" -eq 0
expect "https://example.com/page/123"              # an address as typed
expect "جیم 61 سال"                                 # as-typed in style=""
expect "دال 77 سال"                                 # no property: as typed
expect "هاء ۳۶ سال"                                 # the document's <style>
expect "واو ۸۵"                                     # a list item's text

# The date and the decimal are set as the same text typed with Persian
# digits would be: the same glyph runs, in the same places.
cat > "$OUT/typed.html" <<'HTML'
<html lang="fa" dir="rtl"><body><p>در ۱۳۸۷/۴/۲۲ و ۲٫۵ ساعت و ١٣٨٧/٤/٢٢ و ٢٫٥</p></body></html>
HTML
cat > "$OUT/converted.html" <<'HTML'
<html lang="fa" dir="rtl"><body><p>در 1387/4/22 و 2.5 ساعت و <span style="-bf-digits: arabic-indic">1387/4/22 و 2.5</span></p></body></html>
HTML
printf 'p { -bf-digits: persian }\n' > "$OUT/persian.css"
"$BIFOLIO" "$OUT/typed.html" --trace > "$OUT/typed.trace"
"$BIFOLIO" "$OUT/converted.html" -s "$OUT/persian.css" --trace > "$OUT/converted.trace"
glyphs () { grep '^  glyphs' "$1"; }
check "converted digits laid out as typed ones" cmp -s <(glyphs "$OUT/typed.trace") <(glyphs "$OUT/converted.trace")
check "the typed date's glyph runs are in the trace" test "$(glyphs "$OUT/typed.trace" | grep -c '۱۳۸۷')" -ge 1
# Read left to right on the page, the date is 1387/4/22 (numbers run left
# to right inside right-to-left text): its year left of its day.
check "the date's year left of its day" python3 - "$OUT/converted.trace" <<'PY'
import re, sys
runs = [(float(x), t) for x, t in re.findall(r'glyphs x=(\S+) .* "(.*)"', open(sys.argv[1]).read())]
year = [x for x, t in runs if '۱۳۸۷' in t]
day = [x for x, t in runs if t.endswith('۲۲') or t == '۲۲']
whole = [t for x, t in runs if '۱۳۸۷/۴/۲۲' in t]
sys.exit(0 if whole or (year and day and year[0] < day[0]) else 'runs: %s' % runs)
PY

# ------------------------------------------------------------------ EPUB
"$BIFOLIO" "$OUT/digits.html" --style "$OUT/digits.css" -o "$OUT/digits.epub" 2> "$OUT/digits-epub.err"
check "EPUB: written" test $? -eq 0
check "EPUB: no warning" test ! -s "$OUT/digits-epub.err"
"$BIFOLIO" "$SRC/samples/letter-fa.md" --style "$SRC/styles/persian.css" -o "$OUT/letter-persian.epub"
epubcheck_books digits letter-persian
mkdir -p "$OUT/epub" && (cd "$OUT/epub" && unzip -q ../digits.epub)
cat "$OUT"/epub/OEBPS/chapter-*.xhtml > "$OUT/digits.xhtml"
for want in "الف ۲۹ و ۱۳۸۷/۴/۲۲ و ۲٫۵ و ۱٬۲۵۰" "باء ٢٠٢٤ و ٣٫٧٥" "بیش از ۲۹ سال" "في عام ٢٠٢٤ م" \
            "English 29 years" "Harry Potter 7 را در ۱۳۸۷/۴/۲۲ خواندم و ۲٫۵ ساعت" "<code>x = 42</code>" \
            "۴۸ ساعت" "2024</b>" "https://example.com/page/123" "جیم 61 سال" "دال 77 سال" "هاء ۳۶ سال" \
            "واو ۸۵"; do
  check "EPUB text: $want" grep -F -- "$want" "$OUT/digits.xhtml" >/dev/null
done
check "EPUB: no -bf- property in its sheet" test "$(grep -c 'bf-digits' "$OUT/epub/OEBPS/style.css")" -eq 0
# The Naskh face is subset to the text as converted: it has ۴ (U+06F4),
# which only the conversion of 48 and 4 brings.
check "EPUB: the Naskh subset has the converted digits" python3 - "$OUT/epub/OEBPS/fonts" <<'PY'
import subprocess, sys
out = subprocess.run(['fc-query', '-f', '%{charset}', sys.argv[1] + '/NotoNaskhArabic-Regular.ttf'],
                     capture_output=True, text=True).stdout
have = set()
for part in out.split():
    lo, _, hi = part.partition('-')
    have.update(range(int(lo, 16), int(hi or lo, 16) + 1))
missing = [hex(c) for c in (0x06F4, 0x06F2, 0x0662, 0x066B, 0x066C) if c not in have]
sys.exit('missing ' + ' '.join(missing) if missing else 0)
PY
mkdir -p "$OUT/letter-epub" && (cd "$OUT/letter-epub" && unzip -q ../letter-persian.epub)
check "EPUB of the letter: ۲۹ where the source says 29" \
  bash -c "cat '$OUT'/letter-epub/OEBPS/chapter-*.xhtml | grep -F 'بیش از ۲۹ سال' >/dev/null"

# --------------------------------------------------------- linear work
# A paragraph of n and 8n numbers between Persian and English words under
# context (and one of digits alone, whose next letter is at its end), each
# typeset twice, the smaller CPU time kept: 8n may take at most 16 times n
# (tests/cli/growth.py).
check "digits: linear in the paragraph's length" python3 - "$BIFOLIO" "$OUT" "$SRC/tests/cli" <<'PY'
import os, subprocess, sys
binary, out = sys.argv[1], sys.argv[2]
sys.path.insert(0, sys.argv[3])
import growth
sheet = os.path.join(out, 'context.css')
open(sheet, 'w').write('html { -bf-digits: context }\n')
cases = {'words': lambda n: ' '.join(('سال %d' if i % 2 else 'year %d') % i for i in range(n)),
         'digits-first': lambda n: ' '.join(str(i) for i in range(n)) + ' سال'}
bad = []
for name, make in cases.items():
    ratio, pdf = growth.ratio(binary, out, name, make, (2000, 16000), ['--lang', 'fa', '-s', sheet])
    text = subprocess.run(['pdftotext', pdf, '-'], capture_output=True, text=True).stdout
    if '۱۵۹۹۹' not in text.replace('\u202a', '').replace('\u202c', ''):
        bad.append(name + ' (last number not converted)')
    if ratio > growth.LIMIT:
        bad.append(name)
sys.exit('superlinear or wrong: %s' % bad if bad else 0)
PY
finish
