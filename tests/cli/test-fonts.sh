#!/usr/bin/env bash
# Fonts: Hebrew and Urdu in their bundled faces in the PDF and the EPUB,
# and the warning for characters no bundled font has, which says where
# they were drawn or that they were drawn as empty boxes.
. "$(dirname "$0")/lib.sh"

# "N M": how many Hebrew characters of the PDF $1 are drawn in Noto Serif
# Hebrew (N) and in any other face (M), from mutool's text with fonts.
hebrew_faces () {
  mutool draw -F stext -o - "$1" 2>/dev/null | awk '
    /<font / { match($0, /name="[^"]*"/); face = substr($0, RSTART + 6, RLENGTH - 7) }
    /c="&#x5[9a-f][0-9a-f];"/ { if (face ~ /^NotoSerifHebrew-/) ours++; else other++ }
    END { print ours + 0, other + 0 }'
}

# A fontconfig file without fonts: the system's fonts are off, so what the
# warnings say does not depend on the machine.
printf '<?xml version="1.0"?>\n<fontconfig></fontconfig>\n' > "$OUT/no-fonts.conf"

# Hebrew without any lang, beside an Armenian letter that brings the
# system's fonts in (several Debian fonts have Hebrew too): still the
# bundled face.
printf 'Shalom: שלום עולם and Armenian \xd4\xb2.\n' > "$OUT/hebrew.md"
"$BIFOLIO" "$OUT/hebrew.md" -o "$OUT/hebrew.pdf" 2>"$OUT/hebrew.err"
check "hebrew: exit 0" test $? -eq 0
check "hebrew: Noto Serif Hebrew embedded" \
  grep -qE '^[A-Z]{6}\+NotoSerifHebrew-Regular .* yes +yes' <(pdffonts "$OUT/hebrew.pdf")
check "hebrew: every Hebrew letter in it" test "$(hebrew_faces "$OUT/hebrew.pdf")" = "8 0"
check "hebrew: the text comes back" grep -qF "שלום עולם" <(pdftotext "$OUT/hebrew.pdf" -)

# Hebrew with lang, bold in a heading.
cat > "$OUT/he.html" <<'HTML'
<!DOCTYPE html><html lang="he" dir="rtl"><head><title>עברית</title></head>
<body><h1>כותרת</h1><p>פסקה בעברית עם <code>code()</code> בתוכה.</p></body></html>
HTML
"$BIFOLIO" "$OUT/he.html" -o "$OUT/he.pdf"
pdffonts "$OUT/he.pdf" > "$OUT/he.fonts"
check "lang he: regular face" grep -qE '\+NotoSerifHebrew-Regular ' "$OUT/he.fonts"
check "lang he: bold face for the heading" grep -qE '\+NotoSerifHebrew-Bold ' "$OUT/he.fonts"
check "lang he: code keeps its face" grep -qE '\+NotoSansMono-Regular ' "$OUT/he.fonts"
check "lang he: every Hebrew letter in it" test "$(hebrew_faces "$OUT/he.pdf" | cut -d' ' -f2)" = 0
check "lang he: the text comes back" grep -qF "פסקה בעברית" <(pdftotext "$OUT/he.pdf" -)

# Urdu: lang="ur" is set in Nastaliq, on the element that says it and
# inside; Persian beside it keeps the Naskh face.
cat > "$OUT/ur.html" <<'HTML'
<!DOCTYPE html><html lang="en"><head><title>Urdu</title></head>
<body><p>English first.</p>
<h1 lang="ur" dir="rtl">اردو</h1>
<p lang="ur" dir="rtl">یہ ایک مثال ہے</p>
<div lang="ur" dir="rtl"><p>کوڈنگ انٹرویو یونیورسٹی</p></div>
<p lang="fa" dir="rtl">این یک مثال است</p></body></html>
HTML
"$BIFOLIO" "$OUT/ur.html" -o "$OUT/ur.pdf"
pdffonts "$OUT/ur.pdf" > "$OUT/ur.fonts"
check "lang ur: Nastaliq embedded" grep -qE '^[A-Z]{6}\+NotoNastaliqUrdu-Regular .* yes +yes' "$OUT/ur.fonts"
check "lang ur: bold Nastaliq for the heading" grep -qE '\+NotoNastaliqUrdu-Bold ' "$OUT/ur.fonts"
check "lang fa: still Naskh" grep -qE '\+NotoNaskhArabic-Regular ' "$OUT/ur.fonts"
mutool draw -F txt -o "$OUT/ur.txt" "$OUT/ur.pdf" 2>/dev/null
check "lang ur: the text comes back" grep -qF "مثال" "$OUT/ur.txt"

# The EPUB carries both faces, subset, and stays valid.
cat > "$OUT/both.html" <<'HTML'
<!DOCTYPE html><html lang="en"><head><title>Both</title></head>
<body><p>English.</p><p lang="he" dir="rtl">שלום עולם</p>
<p lang="ur" dir="rtl">یہ ایک مثال ہے</p></body></html>
HTML
"$BIFOLIO" "$OUT/both.html" -o "$OUT/both.epub"
unzip -l "$OUT/both.epub" > "$OUT/both.list"
check "EPUB: Hebrew face" grep -q 'OEBPS/fonts/NotoSerifHebrew-Regular.ttf' "$OUT/both.list"
check "EPUB: Nastaliq face" grep -q 'OEBPS/fonts/NotoNastaliqUrdu-Regular.ttf' "$OUT/both.list"
nastaliq_size=$(awk '/NotoNastaliqUrdu-Regular.ttf/ { print $1 }' "$OUT/both.list")
check "EPUB: Nastaliq subset" test "${nastaliq_size:-0}" -gt 0 \
  -a "${nastaliq_size:-0}" -lt "$(stat -c %s "$SRC/fonts/noto/NotoNastaliqUrdu-Regular.ttf")"
check "EPUB: Nastaliq declared" grep -q 'font-family: "Noto Nastaliq Urdu"' \
  <(unzip -p "$OUT/both.epub" '*.css')
check "EPUB: passes epubcheck" grep -q "Messages: 0 fatals / 0 errors / 0 warnings" \
  <(java -jar /usr/share/java/epubcheck.jar "$OUT/both.epub" 2>&1)
printf 'Only English here.\n' > "$OUT/english.md"
"$BIFOLIO" "$OUT/english.md" -o "$OUT/english.epub"
check "EPUB: no Hebrew or Urdu face for English" \
  test "$(unzip -l "$OUT/english.epub" | grep -c 'Hebrew\|Nastaliq')" -eq 0

# Korean is drawn by the bundled CJK fallback (Droid Sans Fallback), and
# comes back out of the PDF.
printf '<p>Korean: 한국어 and Chinese: 简体中文.</p>\n' > "$OUT/cjk.html"
FONTCONFIG_FILE=$OUT/no-fonts.conf "$BIFOLIO" "$OUT/cjk.html" -o "$OUT/cjk.pdf" 2>"$OUT/cjk.err"
check "cjk: drawn in the bundled fallback" grep -q DroidSansFallback <(pdffonts "$OUT/cjk.pdf")
check "cjk: no warning" test ! -s "$OUT/cjk.err"
check "cjk: the text comes back" grep -q "한국어 and Chinese: 简体中文" <(pdftotext "$OUT/cjk.pdf" -)

# Cherokee with no font at all: the warning says the characters are boxes,
# names them and their line, and claims no fallback.
cat > "$OUT/korean.html" <<'HTML'
<!DOCTYPE html><html lang="en"><head><title>Cherokee</title></head>
<body><p>English.</p>
<p>Cherokee: ᏣᎳᎩ here.</p>
<p>Again ᏣᎳ and no new characters.</p></body></html>
HTML
FONTCONFIG_FILE=$OUT/no-fonts.conf "$BIFOLIO" "$OUT/korean.html" -o "$OUT/korean.pdf" 2>"$OUT/korean.err"
check "korean: exit 0" test $? -eq 0
check "korean: warning with line, characters and boxes" grep -qxF \
  "bifolio: $OUT/korean.html:3: warning: no font has these characters; drawn as empty boxes: Ꮳ Ꮃ Ꭹ (U+13E3 U+13B3 U+13A9)" \
  "$OUT/korean.err"
check "korean: one warning only" test "$(wc -l < "$OUT/korean.err")" -eq 1
check "korean: no fallback claimed" test "$(grep -c "system" "$OUT/korean.err")" -eq 0

# Many lines with new characters: twenty warnings with their lines, then
# one naming the characters of the other lines.
for i in $(seq 0 24); do printf '<p>Syllable %b.</p>\n' "\\u$(printf '%04X' $((0x13A0 + i)))"; done \
  > "$OUT/many.html"
FONTCONFIG_FILE=$OUT/no-fonts.conf "$BIFOLIO" "$OUT/many.html" -o "$OUT/many.pdf" 2>"$OUT/many.err"
check "many: 21 warnings" test "$(wc -l < "$OUT/many.err")" -eq 21
check "many: line 20 has its own" grep -qF "many.html:20: warning: no font has these characters; drawn as empty boxes: Ꮃ (U+13B3)" "$OUT/many.err"
check "many: the other five together" grep -qF "many.html: warning: on 5 more lines, no font has these characters; drawn as empty boxes: Ꮄ Ꮅ Ꮆ Ꮇ Ꮈ (U+13B4 U+13B5 U+13B6 U+13B7 U+13B8)" "$OUT/many.err"

# The language list of a translated README, with no system font at all:
# every script in its bundled face, no empty box, no warning.
cat > "$OUT/languages.html" <<'HTML'
<!DOCTYPE html><html lang="en"><head><title>Translations</title></head><body><ul>
<li>हिन्दी</li><li>বাংলা</li><li>ગુજરાતી</li><li>ਪੰਜਾਬੀ</li><li>ଓଡ଼ିଆ</li><li>தமிழ்</li>
<li>తెలుగు</li><li>ಕನ್ನಡ</li><li>മലയാളം</li><li>සිංහල</li><li>ไทย</li><li>ລາວ</li>
<li>ខ្មែរ</li><li>မြန်မာ</li><li>ქართული</li><li>Հայերեն</li><li>አማርኛ</li></ul></body></html>
HTML
FONTCONFIG_FILE=$OUT/no-fonts.conf "$BIFOLIO" "$OUT/languages.html" -o "$OUT/languages.pdf" 2>"$OUT/languages.err"
check "languages: no warning (no empty box)" test ! -s "$OUT/languages.err"
check "languages: seventeen bundled script faces" \
  test "$(pdffonts "$OUT/languages.pdf" | grep -oE '\+NotoSans[A-Za-z]+-Regular' | sort -u | wc -l)" -eq 17
check "languages: the words back from the PDF" grep -qF "ქართული" <(pdftotext "$OUT/languages.pdf" -)

# A system font that has the character: the warning names its family.
dejavu=$(fc-match -f '%{file}' 'DejaVu Sans' 2>/dev/null)
if [ -n "$dejavu" ] && fc-query -f '%{family}' "$dejavu" | grep '^DejaVu Sans$' >/dev/null; then
  printf '<?xml version="1.0"?>\n<fontconfig><dir>%s</dir><cachedir>%s</cachedir></fontconfig>\n' \
    "$(dirname "$dejavu")" "$OUT/fc-cache" > "$OUT/dejavu.conf"
  printf '<p>Tifinagh ⵜⵉⴼⵉⵏⴰⵖ here.</p>\n' > "$OUT/tifinagh.html"
  FONTCONFIG_FILE=$OUT/dejavu.conf "$BIFOLIO" "$OUT/tifinagh.html" -o "$OUT/tifinagh.pdf" \
    2>"$OUT/tifinagh.err"
  check "system font: its family named" grep -qF \
    "tifinagh.html:1: warning: no bundled font has these characters; drawn in the system's font \"DejaVu Sans\": ⵜ ⵉ ⴼ ⵏ ⴰ ⵖ (U+2D5C U+2D49 U+2D3C U+2D4F U+2D30 U+2D56)" \
    "$OUT/tifinagh.err"
  check "system font: really drawn in it" grep -qE '\+DejaVuSans ' <(pdffonts "$OUT/tifinagh.pdf")
  # Armenian, which DejaVu Sans has too, is drawn in the bundled face.
  printf '<p>Armenian Բարև here.</p>\n' > "$OUT/armenian.html"
  FONTCONFIG_FILE=$OUT/dejavu.conf "$BIFOLIO" "$OUT/armenian.html" -o "$OUT/armenian.pdf" \
    2>"$OUT/armenian.err"
  check "bundled script face before a system one: no warning, Noto Sans Armenian" \
    test ! -s "$OUT/armenian.err" -a "$(pdffonts "$OUT/armenian.pdf" | grep -c '+NotoSansArmenian-Regular ')" -ge 1 \
    -a "$(pdffonts "$OUT/armenian.pdf" | grep -c DejaVu)" -eq 0

  # Emoji and symbols are drawn in the bundled Symbola, without a word,
  # even where a system font has them too (DejaVu Sans has 😀 and ❤).
  printf '<p>Faces 😀 ❤ 👍 ✨ here.</p>\n' > "$OUT/emoji.html"
  FONTCONFIG_FILE=$OUT/dejavu.conf "$BIFOLIO" "$OUT/emoji.html" -o "$OUT/emoji.pdf" \
    2>"$OUT/emoji.err"
  check "emoji: exit 0, no warning" test $? -eq 0 -a ! -s "$OUT/emoji.err"
  pdffonts "$OUT/emoji.pdf" > "$OUT/emoji.fonts"
  check "emoji: drawn in Symbola" grep -qE '\+Symbola ' "$OUT/emoji.fonts"
  check "emoji: not in DejaVu Sans" test "$(grep -c DejaVu "$OUT/emoji.fonts")" -eq 0
  check "emoji: in the text layer" grep -qF "Faces 😀 ❤ 👍 ✨ here." <(pdftotext "$OUT/emoji.pdf" -)
else
  echo "note: no DejaVu Sans here; the system-font case is not tested"
fi

# Colour fonts (emoji: glyphs that are pictures, or layers in colours),
# which Cairo 1.16 cannot put in a PDF with their text: drawn with them,
# pictures stand a hand high over the text around them, and neither leaves
# its words in the text layer.  Never used, from a sheet's @font-face or
# from the system's fonts: the text falls back, and says so.
for kind in layers pictures; do
  mkdir -p "$OUT/$kind"
  /usr/bin/python3 "$SRC/tests/fonts/make-colour-font.py" $kind "$OUT/$kind/colour.ttf"
  cat > "$OUT/$kind/face.html" <<'HTML'
<!DOCTYPE html><html lang="en"><head><title>colour</title><style>
@font-face { font-family: "Painted"; src: url(colour.ttf); }
.painted { font-family: "Painted"; }
</style></head><body><p>Plain words, <span class="painted">painted words</span> and more.</p></body></html>
HTML
  "$BIFOLIO" "$OUT/$kind/face.html" -o "$OUT/$kind/face.pdf" 2>"$OUT/$kind/face.err"
  check "$kind @font-face: exit 0" test $? -eq 0
  check "$kind @font-face: a warning that says why" grep -qxF \
    "bifolio: $OUT/$kind/face.html: warning: @font-face \"Painted\": $OUT/$kind/colour.ttf: a colour font, which bifolio cannot put in a PDF with its text" \
    "$OUT/$kind/face.err"
  check "$kind @font-face: its words in the text layer" \
    grep -qF "Plain words, painted words and more." <(pdftotext "$OUT/$kind/face.pdf" -)
  check "$kind @font-face: drawn in Noto Serif only" \
    test "$(pdffonts "$OUT/$kind/face.pdf" | tail -n +3 | grep -vc '+NotoSerif-Regular ')" -eq 0

  printf '<?xml version="1.0"?>\n<fontconfig><dir>%s</dir><cachedir>%s</cachedir></fontconfig>\n' \
    "$OUT/$kind" "$OUT/$kind/fc-cache" > "$OUT/$kind/fonts.conf"
  printf '<p>Cherokee ᏣᎳᎩ here.</p>\n' > "$OUT/$kind/system.html"
  FONTCONFIG_FILE=$OUT/$kind/fonts.conf "$BIFOLIO" "$OUT/$kind/system.html" \
    -o "$OUT/$kind/system.pdf" 2>"$OUT/$kind/system.err"
  check "$kind system font: exit 0" test $? -eq 0
  check "$kind system font: not used, boxes instead" grep -qxF \
    "bifolio: $OUT/$kind/system.html:1: warning: no font has these characters; drawn as empty boxes: Ꮳ Ꮃ Ꭹ (U+13E3 U+13B3 U+13A9)" \
    "$OUT/$kind/system.err"
  check "$kind system font: drawn in Noto Serif only" \
    test "$(pdffonts "$OUT/$kind/system.pdf" | tail -n +3 | grep -vc '+NotoSerif-Regular ')" -eq 0
done

finish
