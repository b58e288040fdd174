#!/usr/bin/env bash
# Urdu and Hebrew as first-class scripts (issue #15): the two samples in
# their bundled faces with no other face and no warning, their text back
# from the PDF, their EPUBs valid; Urdu's lines whose ink never meets, and
# Nastaliq never elongated by kashida; Hebrew points placed on their
# letters by the font, lines that break after a maqaf, and no hyphenation.
. "$(dirname "$0")/lib.sh"

# ------------------------------------------------------------ the samples
for lang in ur he; do
  doc=$SRC/samples/letter-$lang.md
  "$BIFOLIO" "$doc" -o "$OUT/letter-$lang.pdf" 2> "$OUT/letter-$lang.err"
  check "$lang: PDF written" test $? -eq 0 -a -s "$OUT/letter-$lang.pdf"
  check "$lang: no warning" test ! -s "$OUT/letter-$lang.err"
  "$BIFOLIO" "$doc" -o "$OUT/letter-$lang.epub" 2> "$OUT/letter-$lang-epub.err"
  check "$lang: EPUB written" test $? -eq 0 -a -s "$OUT/letter-$lang.epub"
  check "$lang: no warning for the EPUB" test ! -s "$OUT/letter-$lang-epub.err"
  pdffonts "$OUT/letter-$lang.pdf" > "$OUT/letter-$lang.fonts"
done
check "ur: Noto Nastaliq Urdu embedded" \
  grep -qE '^[A-Z]{6}\+NotoNastaliqUrdu-Regular .* yes +yes' "$OUT/letter-ur.fonts"
check "he: Noto Serif Hebrew embedded" \
  grep -qE '^[A-Z]{6}\+NotoSerifHebrew-Regular .* yes +yes' "$OUT/letter-he.fonts"
# Every face in the PDFs is a bundled one (the English in Noto Serif): no
# system font and no fallback face drew anything.
for lang in ur he; do
  check "$lang: only the bundled faces, each embedded" test -z "$(tail -n +3 "$OUT/letter-$lang.fonts" \
    | grep -vE '^[A-Z]{6}\+(NotoNastaliqUrdu|NotoSerifHebrew|NotoSerif)-(Regular|Bold) .* yes +yes +yes ')"
done

# The text layer.  Hebrew: every paragraph exactly as typed through MuPDF,
# points and all, and through poppler those it reads in order; both: every
# letter and mark typed, no more, through poppler.  Urdu in Nastaliq: every
# paragraph exactly through MuPDF, and every letter through poppler (which
# splits cascading Nastaliq words across lines by their height, so not its
# paragraphs).  A Nastaliq letter is drawn as a skeleton its sister letters
# share, its dots apart: glyph-text.c shows one glyph carrying the letter's
# text and the dots as outlines, and a shared skeleton through a copy of
# its face with a map of its own, where Cairo would use ActualText, which
# MuPDF 1.21 does not read (it gave U+FFFD).
check "he: the paragraphs come back" \
  python3 "$SRC/tests/cli/paragraphs-back.py" "$SRC/samples/letter-he.md" "$OUT/letter-he.pdf"
check "ur: the paragraphs (MuPDF) and letters (poppler) come back" python3 "$SRC/tests/cli/paragraphs-back.py" \
  "$SRC/samples/letter-ur.md" "$OUT/letter-ur.pdf" --poppler-letters-only

epubcheck_books letter-ur letter-he

# ------------------------------------------------------------------ Urdu
# Nastaliq's lines: the ink of no two consecutive lines meets at 150 dpi
# (each line's ink cut out of the same letter set with lines 7 ems apart).
# At the Naskh line height, 1.68, two lines of the couplet touch (seen at
# 300 dpi): the check finds that.
printf '* { line-height: 7 !important; }\n' > "$OUT/tall.css"
printf ':lang(ur) { line-height: 1.68 !important; }\n' > "$OUT/naskh-height.css"
"$BIFOLIO" "$SRC/samples/letter-ur.md" --trace > "$OUT/letter-ur.trace"
for sheet in tall naskh-height; do
  "$BIFOLIO" "$SRC/samples/letter-ur.md" -s "$OUT/$sheet.css" -o "$OUT/ur-$sheet.pdf"
  "$BIFOLIO" "$SRC/samples/letter-ur.md" -s "$OUT/$sheet.css" --trace > "$OUT/ur-$sheet.trace"
done
check "ur: no two lines' ink meets" python3 "$SRC/tests/cli/line-ink.py" \
  "$OUT/letter-ur.pdf" "$OUT/letter-ur.trace" "$OUT/ur-tall.pdf" "$OUT/ur-tall.trace" "Noto Nastaliq Urdu"
python3 "$SRC/tests/cli/line-ink.py" "$OUT/ur-naskh-height.pdf" "$OUT/ur-naskh-height.trace" \
  "$OUT/ur-tall.pdf" "$OUT/ur-tall.trace" "Noto Nastaliq Urdu" > "$OUT/naskh-height.ink"
check "ur: at the Naskh line height the couplet's lines meet" test $? -eq 1

# Nastaliq is never elongated: text-justify: kashida sets Urdu exactly as
# inter-word does, in a measure narrow enough to leave slack in its lines.
for how in kashida inter-word; do
  printf 'p, li { text-justify: %s }\n' "$how" > "$OUT/$how.css"
  "$BIFOLIO" "$SRC/samples/letter-ur.md" -s "$OUT/$how.css" --paper 90x150mm --trace \
    > "$OUT/ur-$how.trace"
done
check "ur: kashida sets Nastaliq as inter-word does" cmp -s "$OUT/ur-kashida.trace" "$OUT/ur-inter-word.trace"
check "ur: justified lines in that measure" test "$(grep -c '^  glyphs' "$OUT/ur-kashida.trace")" -gt 20

# ---------------------------------------------------------------- Hebrew
# Points placed by the font (its mark positioning): each point drawn inside
# its letter (MuPDF's character boxes), the shin dot on the letter's right
# half and the sin dot on its left, the holam at its top left corner, over
# the gap to the next letter (the Hebrew alphabet's shapes); as many points
# drawn as typed.
cat > "$OUT/points.md" <<'TEXT'
---
lang: he
dir: rtl
---

בְּרֵאשִׁית בָּרָא אֱלֹהִים אֵת הַשָּׁמַיִם וְאֵת הָאָרֶץ׃ שָׂדֶה יִשְׂרָאֵל שָׁלוֹם.
TEXT
"$BIFOLIO" "$OUT/points.md" -o "$OUT/points.pdf" 2> "$OUT/points.err"
check "points: typeset, no warning" test $? -eq 0 -a ! -s "$OUT/points.err"
check "points: each on its letter" python3 - "$OUT/points.md" "$OUT/points.pdf" <<'PY'
import re, subprocess, sys
POINTS = set(chr(c) for c in range(0x05b0, 0x05c8)) - set('\u05be\u05c0\u05c3\u05c6')
typed = sum(c in POINTS for c in open(sys.argv[1], encoding='utf-8').read())
stext = subprocess.run(['mutool', 'draw', '-F', 'stext', '-o', '-', sys.argv[2]],
                       capture_output=True, text=True, check=True).stdout
chars = [(chr(int(c, 16)), float(x0), float(x1)) for x0, x1, c in
         re.findall(r'<char quad="([\d.]+) [\d.]+ ([\d.]+) .*?c="&#x([0-9a-f]+);"', stext)]
drawn, bad, base = 0, [], None
for c, x0, x1 in chars:
    if c not in POINTS:
        base = (min(x0, x1), max(x0, x1))
        continue
    drawn += 1
    left, right = base
    middle = (left + right) / 2
    if c in '\u05b9\u05ba':                       # holam: top left, may overhang
        ok = left - 2 <= x0 <= middle
    elif c == '\u05c1':                            # shin dot: right half
        ok = middle <= x0 <= right + 0.5
    elif c == '\u05c2':                            # sin dot: left half
        ok = left - 0.5 <= x0 <= middle
    else:
        ok = left - 0.5 <= x0 <= right + 0.5
    if not ok:
        bad.append('U+%04X at %.1f, letter %.1f-%.1f' % (ord(c), x0, left, right))
print('%d points typed, %d drawn, off their letters: %s' % (typed, drawn, bad or 'none'))
sys.exit(1 if drawn != typed or bad else 0)
PY
check "points: the text comes back through MuPDF" \
  python3 "$SRC/tests/cli/paragraphs-back.py" "$OUT/points.md" "$OUT/points.pdf"

# A maqaf is a place to break: a compound longer than the measure breaks
# after its maqafs (left at the ends of the lines, no hyphen added), with no
# warning of a word broken or a line running over.
cat > "$OUT/maqaf.md" <<'TEXT'
---
lang: he
dir: rtl
---

בית־הכנסת־הגדול־של־תל־אביב־יפו־העתיקה־והחדשה
TEXT
"$BIFOLIO" "$OUT/maqaf.md" --paper 50x120mm -o "$OUT/maqaf.pdf" 2> "$OUT/maqaf.err"
check "maqaf: typeset" test $? -eq 0
check "maqaf: no warning" test ! -s "$OUT/maqaf.err"
mutool draw -F txt -o "$OUT/maqaf.txt" "$OUT/maqaf.pdf" 2>/dev/null
check "maqaf: lines end in a maqaf" test "$(grep -c $'\u05be''$' "$OUT/maqaf.txt")" -ge 2
check "maqaf: no hyphen added" test -z "$(grep -E -- '-$' "$OUT/maqaf.txt")"
check "maqaf: the compound comes back" python3 "$SRC/tests/cli/paragraphs-back.py" "$OUT/maqaf.md" "$OUT/maqaf.pdf"

# No hyphenation in Hebrew, even with a dictionary for he: one that allows
# a break after every letter, Hebrew or Latin, hyphenates English set as xx
# (so it is read) and never the Hebrew paragraph, hyphens: auto.
mkdir -p "$OUT/hyphen"
{
  printf 'UTF-8\nLEFTHYPHENMIN 2\nRIGHTHYPHENMIN 2\n'
  for c in א ב ג ד ה ו ז ח ט י כ ל מ נ ס ע פ צ ק ר ש ת a b c d e f g h i k l m n o p r s t u; do
    printf '%s1\n' "$c"
  done
} > "$OUT/hyphen/hyph_he.dic"
cp "$OUT/hyphen/hyph_he.dic" "$OUT/hyphen/hyph_xx.dic"
cat > "$OUT/hyphens.md" <<'TEXT'
---
lang: he
dir: rtl
---

התלמידים והתלמידות המשתתפים בהשתלמויות הממושכות והמתקדמות התרשמו מהאפשרויות הבלתי מוגבלות של הספרייה העירונית והמחודשת, והמשתתפות המתלהבות ביותר.

<p lang="xx" dir="ltr">Internationalization considerations notwithstanding, extraordinarily comprehensive documentation accompanies incomprehensibilities.</p>
TEXT
printf 'p { hyphens: auto }\n' > "$OUT/hyphens.css"
BIFOLIO_HYPHEN_DIR=$OUT/hyphen "$BIFOLIO" "$OUT/hyphens.md" -s "$OUT/hyphens.css" --paper 100x200mm \
  -o "$OUT/hyphens.pdf" 2> "$OUT/hyphens.err"
check "hyphens: typeset, no warning" test $? -eq 0 -a ! -s "$OUT/hyphens.err"
mutool draw -F txt -o "$OUT/hyphens.txt" "$OUT/hyphens.pdf" 2>/dev/null
check "hyphens: the dictionary is read (xx hyphenated)" grep -qE '[a-z]-$' "$OUT/hyphens.txt"
check "hyphens: no Hebrew word hyphenated" python3 -c "
import re, sys
sys.exit(bool(re.search('[\u05d0-\u05ea][\u05b0-\u05c7]*[-\u2010\u058a]\$', open(sys.argv[1], encoding='utf-8').read(), re.M)))" \
  "$OUT/hyphens.txt"
check "hyphens: both paragraphs come back whole" \
  python3 "$SRC/tests/cli/paragraphs-back.py" "$OUT/hyphens.md" "$OUT/hyphens.pdf"

finish
