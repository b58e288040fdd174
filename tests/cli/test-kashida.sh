#!/usr/bin/env bash
# text-justify (issue #15): a Persian paragraph justified in a narrow
# measure with kashida and with spaces only.  With kashida the PDF's text
# is still exactly the source (no U+0640 the source lacks, through MuPDF
# and poppler), joins are elongated (gaps inside words, read from MuPDF's
# character positions, and the strokes in the trace), never after a ZWNJ
# nor between lam and alef, and the spaces are narrower; auto and
# inter-word are what the paragraph was before the property; none sets the
# lines unjustified.
. "$(dirname "$0")/lib.sh"

cat > "$OUT/fa.md" <<'TEXT'
ایران کشوری در آسیای غربی است که در همسایگی ارمنستان، آذربایجان و ترکمنستان قرار دارد. پایتخت آن شهر تهران است و زبان رسمی مردم آن فارسی است. این سرزمین یکی از کهن‌ترین تمدن‌های جهان را دارد و تاریخ آن به هزاران سال پیش بازمی‌گردد.

می‌خواهم بدانم که آیا کلاس‌ها و لاله‌ها و سلام‌ها درست نوشته می‌شوند. اسلام آباد، سلسله‌ی کوه‌ها، بلال و علامه از واژه‌هایی‌اند که لام و الف را کنار هم دارند و هیچ کشیده‌ای نباید میان آن دو بنشیند.

دانشگاه تهران بزرگ‌ترین و قدیمی‌ترین دانشگاه کشور است. کتابخانه‌ی مرکزی آن صدها هزار کتاب دارد و دانشجویان بسیاری از سراسر جهان در آن درس می‌خوانند و پژوهش می‌کنند.
TEXT
for how in kashida inter-word auto none; do
  printf 'p { text-justify: %s }\n' "$how" > "$OUT/$how.css"
  "$BIFOLIO" "$OUT/fa.md" --lang fa -s "$OUT/$how.css" --paper 70x120mm -o "$OUT/$how.pdf" 2> "$OUT/$how.err"
  check "$how: typeset" test $? -eq 0
  check "$how: no warning" test ! -s "$OUT/$how.err"
  "$BIFOLIO" "$OUT/fa.md" --lang fa -s "$OUT/$how.css" --paper 70x120mm --trace > "$OUT/$how.trace"
done
"$BIFOLIO" "$OUT/fa.md" --lang fa --paper 70x120mm --trace > "$OUT/default.trace"
printf 'p { text-align: start }\n' > "$OUT/start.css"
"$BIFOLIO" "$OUT/fa.md" --lang fa -s "$OUT/start.css" --paper 70x120mm --trace > "$OUT/start.trace"

check "auto: the same pages as without the property" cmp -s "$OUT/auto.trace" "$OUT/default.trace"
check "inter-word: the same pages as auto" cmp -s "$OUT/inter-word.trace" "$OUT/default.trace"
check "none: set as text-align: start is" cmp -s "$OUT/none.trace" "$OUT/start.trace"
check "none: differs from justified" test -n "$(cmp "$OUT/none.trace" "$OUT/default.trace")"

# The text layer: the source's characters, in order, through both extractors.
check "kashida: the extracted text is the source's" python3 - "$OUT/fa.md" "$OUT/kashida.pdf" "$OUT/inter-word.pdf" <<'PY'
import re, subprocess, sys, unicodedata
def extract(tool, pdf):
    cmd = (['mutool', 'draw', '-F', 'txt', '-o', '-', pdf] if tool == 'mutool'
           else ['pdftotext', '-enc', 'UTF-8', pdf, '-'])
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
def squeeze(text, zwnj=True):
    text = re.sub('[\u200e\u200f\u202a-\u202e\u2066-\u2069]', '', unicodedata.normalize('NFKC', text))
    text = re.sub(r'\s', '', re.sub(r'(?m)^\s*\d+\s*$', '', text))  # page numbers
    return text if zwnj else text.replace('\u200c', '')
source = open(sys.argv[1], encoding='utf-8').read()
bad = []
for tool in ('mutool', 'poppler'):
    kashida, spaces = extract(tool, sys.argv[2]), extract(tool, sys.argv[3])
    if '\u0640' in kashida:
        bad.append('%s: %d tatweels in the text' % (tool, kashida.count('\u0640')))
    # Both extractors drop some ZWNJs whatever the justification: the
    # source without them, and with kashida exactly what spaces alone give.
    if squeeze(kashida, False) != squeeze(source, False):
        bad.append('%s: text differs from the source' % tool)
    if squeeze(kashida) != squeeze(spaces):
        bad.append('%s: text differs from inter-word justification' % tool)
sys.exit('; '.join(bad) if bad else 0)
PY

python3 "$SRC/tests/cli/kashida-gaps.py" "$OUT/kashida.pdf" > "$OUT/kashida.gaps"
python3 "$SRC/tests/cli/kashida-gaps.py" "$OUT/inter-word.pdf" > "$OUT/inter-word.gaps"
value () { sed -n "s/^$2=//p" "$OUT/$1.gaps"; }
echo "kashida: $(tr '\n' ' ' < "$OUT/kashida.gaps")"
echo "inter-word: $(tr '\n' ' ' < "$OUT/inter-word.gaps")"
check "kashida: joins elongated" test "$(value kashida elongations)" -ge 5
check "inter-word: no join elongated" test "$(value inter-word elongations)" -eq 0
check "kashida: none after a ZWNJ or inside lam-alef" test -z "$(value kashida forbidden)"
line_texts () { grep '^  glyphs' "$OUT/$1.trace" | sed 's/.*#[0-9a-f]* //'; }
check "kashida: the breaker counts the elongations (other breaks than inter-word)" \
  test -n "$(diff <(line_texts kashida) <(line_texts inter-word))"
check "kashida: narrower spaces on average" python3 -c "import sys; sys.exit(not $(value kashida mean_gap) < $(value inter-word mean_gap))"
check "kashida: narrower widest space of a line on average" \
  python3 -c "import sys; sys.exit(not $(value kashida mean_widest_gap) < $(value inter-word mean_widest_gap))"
# Each elongation is a stroke of the font's tatweel (Noto Naskh Arabic's is
# 0.23 em wide at most twice, 10.5 pt type: 2.4 or 4.8 pt) on the baseline.
check "kashida: the strokes are in the trace" python3 - "$OUT/kashida.trace" "$OUT/inter-word.trace" <<'PY'
import re, sys
def strokes(path):
    return [tuple(map(float, m)) for m in
            re.findall(r'rule x=(\S+) y=(\S+) w=(\S+) h=(\S+)', open(path).read())]
k, i = strokes(sys.argv[1]), strokes(sys.argv[2])
widths = sorted({round(s[2], 1) for s in k})
ok = len(k) >= 5 and not i and all(0.2 < s[3] < 1.5 for s in k) and set(widths) <= {2.4, 4.8, 2.5, 4.9}
sys.exit(0 if ok else 'strokes %d (inter-word %d), widths %s' % (len(k), len(i), widths))
PY
# Linear work: a kashida paragraph of n and 8n words, and one word of n and
# 8n letters (no space: one run, no line may elongate it twice), each
# typeset twice, the smaller CPU time kept; 8n may take at most 16 times n
# (quadratic work would take 64): tests/cli/growth.py.
check "kashida: linear in the paragraph's length" python3 - "$BIFOLIO" "$OUT" "$SRC/tests/cli" <<'PY'
import os, subprocess, sys
binary, out = sys.argv[1], sys.argv[2]
sys.path.insert(0, sys.argv[3])
import growth
sample = open(os.path.join(out, 'fa.md'), encoding='utf-8').read().split()
cases = {'words': lambda n: ' '.join(sample[i % len(sample)] for i in range(n)),
         'one-word': lambda n: 'سبک' * (n // 3)}
bad = []
for name, make in cases.items():
    ratio, pdf = growth.ratio(binary, out, name, make, (5000, 40000),
                              ['--lang', 'fa', '-s', os.path.join(out, 'kashida.css')])
    # the text is all there: poppler's characters, white space aside
    text = subprocess.run(['pdftotext', pdf, '-'], capture_output=True, text=True).stdout
    if ''.join(text.split()).count('\u0640') or len(''.join(text.split())) < len(''.join(make(40000).split())):
        bad.append(name + ' (text lost)')
    if ratio > growth.LIMIT:
        bad.append(name)
sys.exit('superlinear or lossy: %s' % bad if bad else 0)
PY
# Justification alternates (jalt) before elongated joins.  No bundled face
# has the feature, so tests/fonts/make-jalt-font.py makes one from Noto
# Naskh Arabic: ten final forms (yeh, noon, seen…) with an alternate 1.6
# times as wide.  In that face, with kashida, some final letters are drawn
# by their alternates (MuPDF's character boxes 1.6 times the widest the
# same letter has with spaces only), the text is still the source's, the
# lines' widest spaces are narrower, and fewer joins are elongated than in
# the plain face, as the alternates take the excess first.
/usr/bin/python3 "$SRC/tests/fonts/make-jalt-font.py" "$SRC/fonts/noto/NotoNaskhArabic-Regular.ttf" \
  "$OUT/jalt.ttf" > /dev/null
check "jalt: the test face is made" test -s "$OUT/jalt.ttf"
for how in kashida inter-word; do
  printf '@font-face { font-family: "Jalt Naskh"; src: url(jalt.ttf) }\np { text-justify: %s; font-family: "Jalt Naskh" }\n' \
    "$how" > "$OUT/jalt-$how.css"
  "$BIFOLIO" "$OUT/fa.md" --lang fa -s "$OUT/jalt-$how.css" --paper 70x120mm -o "$OUT/jalt-$how.pdf" \
    2> "$OUT/jalt-$how.err"
  check "jalt, $how: typeset without warning" test $? -eq 0 -a ! -s "$OUT/jalt-$how.err"
  python3 "$SRC/tests/cli/kashida-gaps.py" "$OUT/jalt-$how.pdf" > "$OUT/jalt-$how.gaps"
done
check "jalt: the face is embedded" grep -q BifolioJaltTestNaskh <(pdffonts "$OUT/jalt-kashida.pdf")
check "jalt: final letters drawn by their wider alternates" python3 - "$OUT/jalt-kashida.pdf" "$OUT/jalt-inter-word.pdf" <<'PY'
import subprocess, sys, xml.etree.ElementTree as ET
def widths(pdf):
    stext = subprocess.run(['mutool', 'draw', '-F', 'stext', '-o', '-', pdf],
                           capture_output=True, text=True, check=True).stdout
    out = {}
    for ch in ET.fromstring(stext).iter('char'):
        xs = [float(v) for v in ch.get('quad').split()][0::2]
        out.setdefault(ch.get('c'), []).append(max(xs) - min(xs))
    return out
alternates, spaces = widths(sys.argv[1]), widths(sys.argv[2])
wide = {c: sum(w > 1.5 * max(spaces[c]) for w in ws) for c, ws in alternates.items()
        if c in '\u06cc\u0646\u0633\u0628\u062a'}
print('letters drawn wide:', wide)
sys.exit(0 if sum(wide.values()) >= 3 else 'too few alternates: %s' % wide)
PY
check "jalt: the extracted text is the source's" python3 - "$OUT/fa.md" "$OUT/jalt-kashida.pdf" <<'PY'
import re, subprocess, sys, unicodedata
def squeeze(text):
    text = re.sub('[\u200c\u200e\u200f\u202a-\u202e\u2066-\u2069]', '', unicodedata.normalize('NFKC', text))
    return re.sub(r'\s', '', re.sub(r'(?m)^\s*\d+\s*$', '', text))  # page numbers
source = squeeze(open(sys.argv[1], encoding='utf-8').read())
bad = []
for cmd in (['mutool', 'draw', '-F', 'txt', '-o', '-'], ['pdftotext', '-enc', 'UTF-8']):
    text = subprocess.run(cmd + [sys.argv[2]] + ([] if cmd[0] == 'mutool' else ['-']),
                          capture_output=True, text=True, check=True).stdout
    if squeeze(text) != source:
        bad.append(cmd[0])
sys.exit('text differs from the source: %s' % bad if bad else 0)
PY
echo "jalt kashida: $(tr '\n' ' ' < "$OUT/jalt-kashida.gaps")"
echo "jalt inter-word: $(tr '\n' ' ' < "$OUT/jalt-inter-word.gaps")"
check "jalt: narrower widest space of a line on average" python3 -c \
  "import sys; sys.exit(not $(value jalt-kashida mean_widest_gap) < $(value jalt-inter-word mean_widest_gap))"
check "jalt: fewer joins elongated than in the face without alternates" \
  test "$(value jalt-kashida elongations)" -lt "$(value kashida elongations)"
# Linear with alternates too: a paragraph of n and 8n words in that face
# (each line looks only at its own words).
check "jalt: linear in the paragraph's length" python3 - "$BIFOLIO" "$OUT" "$SRC/tests/cli" <<'PY'
import os, subprocess, sys
binary, out = sys.argv[1], sys.argv[2]
sys.path.insert(0, sys.argv[3])
import growth
sample = open(os.path.join(out, 'fa.md'), encoding='utf-8').read().split()
make = lambda n: ' '.join(sample[i % len(sample)] for i in range(n))
ratio, pdf = growth.ratio(binary, out, 'jalt-words', make, (5000, 40000),
                          ['--lang', 'fa', '-s', os.path.join(out, 'jalt-kashida.css')])
text = subprocess.run(['pdftotext', pdf, '-'], capture_output=True, text=True).stdout
lost = len(''.join(text.split())) < len(''.join(make(40000).split()))
sys.exit('superlinear (%.1f) or lossy' % ratio if ratio > growth.LIMIT or lost else 0)
PY
finish
