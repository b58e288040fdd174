#!/usr/bin/env bash
# Pictures in the PDF: PNG, JPEG (embedded as it is), GIF, SVG (as vectors),
# a data: URI, one in a Persian block (set on the right), one too large for
# the page (scaled to fit), a figure kept with its caption, a missing file
# and a network address (alt text and a warning with the line each).  What
# is checked comes from the PDF itself: pdfimages, the bytes of the JPEG,
# pdftotext, and the pixels of rendered pages.
. "$(dirname "$0")/lib.sh"
IMAGES=$SRC/tests/data/images

mkdir -p "$OUT/doc/pictures"
cp "$IMAGES"/photo.jpg "$IMAGES"/alpha.png "$IMAGES"/frames.gif "$IMAGES"/drawing.svg "$OUT/doc/pictures/"
python3 - "$OUT/doc/pictures/big.png" "$OUT/doc/pixel-uri.txt" <<'PY'
import base64, struct, sys, zlib
def png(w, h, rgb):
    raw = b''.join(b'\0' + bytes(rgb) * w for _ in range(h))
    chunk = lambda t, d: struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0))
            + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))
open(sys.argv[1], 'wb').write(png(1200, 2400, (0, 0, 200)))          # 900 × 1800 pt: taller than a page
open(sys.argv[2], 'w').write('data:image/png;base64,' + base64.b64encode(png(8, 8, (200, 0, 200))).decode())
PY
cat > "$OUT/doc/pictures.md" <<MD
# Pictures

A photograph:

![a red and blue photograph](pictures/photo.jpg)

The same photograph again, embedded once:

![the photograph again](pictures/photo.jpg)

![half red](pictures/alpha.png)

![first frame green](pictures/frames.gif)

![a vector drawing](pictures/drawing.svg)

![a magenta dot]($(cat "$OUT/doc/pixel-uri.txt"))

![missing picture words](pictures/nowhere.png)

![remote picture words](https://example.org/remote.png)

<div dir="rtl" lang="fa" style="break-before: page">

<p>تصویر در سمت راست:</p>

<p><img src="pictures/alpha.png" alt="تصویر"></p>

</div>

<div style="break-before: page"></div>

![a very tall picture](pictures/big.png)
MD
"$BIFOLIO" "$OUT/doc/pictures.md" -o "$OUT/pictures.pdf" 2> "$OUT/pictures.err"
check "pictures: PDF made" test $? -eq 0
check "pictures: qpdf --check" qpdf --check "$OUT/pictures.pdf" > /dev/null
pdfimages -list "$OUT/pictures.pdf" > "$OUT/pictures.list"
# One object per picture file (the JPEG drawn twice, the PNG twice): the
# JPEG, the PNG (its soft mask listed under it), the GIF, the data: PNG,
# the tall PNG.
check "pictures: each file embedded once (5 objects)" \
  test "$(awk 'NR > 2 { print $11 }' "$OUT/pictures.list" | sort -u | wc -l)" -eq 5
check "pictures: the JPEG stays JPEG (DCT)" test "$(awk 'NR > 2 && $9 == "jpeg"' "$OUT/pictures.list" | wc -l)" -eq 2
check "pictures: the JPEG's bytes are in the PDF as they are" \
  python3 -c "import sys; assert open(sys.argv[1],'rb').read() in open(sys.argv[2],'rb').read()" \
    "$IMAGES/photo.jpg" "$OUT/pictures.pdf"
check "pictures: the GIF's first frame is drawn (16 × 8)" grep -qE ' 16 +8 +rgb' "$OUT/pictures.list"
check "pictures: the data: URI is drawn (8 × 8)" grep -qE ' 8 +8 +rgb' "$OUT/pictures.list"
check "pictures: the SVG is vectors, its text text" grep -q "Vector" <(pdftotext "$OUT/pictures.pdf" -)
check "pictures: no raster for the SVG (none 192 px wide)" bash -c "! grep -qE ' 192 +96 ' '$OUT/pictures.list'"
# The tall picture fits the page: 1200 × 2400 px drawn no taller than the
# A5 page's text area (595 pt less the margins), so at least 2400 px per
# (595/72) in.
check "pictures: a picture taller than the page is scaled to fit it" \
  awk 'NR > 2 && $4 == 1200 && $5 == 2400 { found = 1; if ($13 < 2400 / (595 / 72)) exit 1 } END { exit !found }' \
    "$OUT/pictures.list"
check "pictures: missing file: warned with its line" \
  grep -q "pictures.md:19: warning: picture pictures/nowhere.png not drawn" "$OUT/pictures.err"
check "pictures: remote: warned with its line, not fetched" \
  grep -q "pictures.md:21: warning: picture https://example.org/remote.png not drawn: not fetched" "$OUT/pictures.err"
pdftotext "$OUT/pictures.pdf" "$OUT/pictures.txt"
check "pictures: alt text stands in for the missing ones" \
  bash -c "grep -q 'missing picture words' '$OUT/pictures.txt' && grep -q 'remote picture words' '$OUT/pictures.txt'"
check "pictures: the alt text of a drawn picture is in the text layer (under it)" grep -q 'half red' "$OUT/pictures.txt"

# Pixels: the Persian page's picture sits at the right of the text area;
# the photograph's page has red above blue where the picture is.
page_of () { # page_of WORD: the page whose text holds WORD
  local n; n=$(pdfinfo "$OUT/pictures.pdf" | awk '/^Pages:/ {print $2}')
  for p in $(seq 1 "$n"); do pdftotext -f "$p" -l "$p" "$OUT/pictures.pdf" - | grep "$1" >/dev/null && { echo "$p"; return; }; done
}
fa_page=$(page_of "تصویر در سمت")
pdftoppm -r 72 -f "$fa_page" -l "$fa_page" -singlefile -png "$OUT/pictures.pdf" "$OUT/fa-page"
check "Persian block: the picture is at the right" python3 - "$OUT/fa-page.png" <<'PY'
import sys, zlib, struct
data = open(sys.argv[1], 'rb').read()
pos, idat, w = 8, b'', 0
while pos < len(data):
    n, t = struct.unpack('>I4s', data[pos:pos + 8])
    if t == b'IHDR': w, h, depth, ctype = struct.unpack('>IIBB', data[pos + 8:pos + 18])
    if t == b'IDAT': idat += data[pos + 8:pos + 8 + n]
    pos += 12 + n
raw = zlib.decompress(idat); bpp = 3 if ctype == 2 else 4; stride = w * bpp
rows, prev = [], bytearray(stride)
for y in range(h):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0; b = prev[x]; c = prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(line); prev = line
red = [x for row in rows for x in range(w) if row[x * bpp] > 180 and row[x * bpp + 1] < 80 and row[x * bpp + 2] < 80]
assert red, 'no red pixel'
assert min(red) > w / 2, f'red from x={min(red)} on a page {w} wide'
PY

# A figure and its caption stay on one page wherever the figure falls.
for n in 14 15 16 17 18 19 20 21 22; do
  {
    for i in $(seq 1 "$n"); do echo "Filler paragraph $i with enough words to take a line or two of the page."; echo; done
    echo '<figure><img src="pictures/alpha.png" alt="" width="300" height="225"><figcaption>Caption words here</figcaption></figure>'
  } > "$OUT/doc/figure-$n.md"
  "$BIFOLIO" "$OUT/doc/figure-$n.md" -o "$OUT/figure-$n.pdf" 2> /dev/null
  img_page=$(pdfimages -list "$OUT/figure-$n.pdf" | awk 'NR == 3 {print $1}')
  cap_page=$(for p in 1 2 3; do pdftotext -f $p -l $p "$OUT/figure-$n.pdf" - 2>/dev/null | grep "Caption words" >/dev/null && echo $p; done | head -1)
  check "figure after $n paragraphs: picture and caption on one page ($img_page, $cap_page)" test "$img_page" = "$cap_page"
done

# CSS sizes: a height of 1 inch keeps the ratio (40 × 30 px at 1.333 × 1 in:
# 30 px per inch both ways); a width of 2 in, height auto: 20 px per inch.
printf '<p><img src="pictures/alpha.png" alt="" style="height: 1in"></p>\n\n<p><img src="pictures/frames.gif" alt="" style="width: 2in"></p>\n' \
  > "$OUT/doc/sizes.md"
"$BIFOLIO" "$OUT/doc/sizes.md" -o "$OUT/sizes.pdf" 2> /dev/null
pdfimages -list "$OUT/sizes.pdf" > "$OUT/sizes.list"
check "CSS height: 1in (30 ppi both ways)" awk 'NR > 2 && $4 == 40 && $3 == "image" { ok = ($13 == 30 && $14 == 30) } END { exit !ok }' "$OUT/sizes.list"
check "CSS width: 2in (16 px: 8 ppi both ways)" awk 'NR > 2 && $4 == 16 { ok = ($13 == 8 && $14 == 8) } END { exit !ok }' "$OUT/sizes.list"

# A picture as the very first thing drawn (Cairo's tagged PDF once failed
# on that), alone and twice on its page.
printf '<p><img src="pictures/photo.jpg" alt=""></p>\n\n<p><img src="pictures/photo.jpg" alt=""></p>\n' > "$OUT/doc/first.md"
"$BIFOLIO" "$OUT/doc/first.md" -o "$OUT/first.pdf" 2> "$OUT/first.err"
check "a picture first: PDF made" test -s "$OUT/first.pdf"
check "a picture first: qpdf --check (no duplicated resource)" qpdf --check "$OUT/first.pdf" > /dev/null

# Captions numbered by CSS counters, in Persian digits where the sheet asks.
cat > "$OUT/figures.css" <<'CSS'
body { counter-reset: figure; }
figure { counter-increment: figure; }
figcaption::before { content: "Figure " counter(figure) ". "; }
div[lang=fa] figcaption::before { content: "شکل " counter(figure, persian) ". "; }
CSS
cat > "$OUT/doc/numbered.md" <<'MD'
<figure><img src="pictures/alpha.png" alt=""><figcaption>Red half.</figcaption></figure>

<figure><img src="pictures/frames.gif" alt=""><figcaption>Green frame.</figcaption></figure>

<div lang="fa" dir="rtl">
<figure><img src="pictures/alpha.png" alt=""><figcaption>نیمه سرخ.</figcaption></figure>
</div>
MD
"$BIFOLIO" "$OUT/doc/numbered.md" --style "$OUT/figures.css" -o "$OUT/numbered.pdf" 2> /dev/null
pdftotext "$OUT/numbered.pdf" "$OUT/numbered.txt"
check "captions: Figure 1 and Figure 2" bash -c "grep -q 'Figure 1. Red half.' '$OUT/numbered.txt' && grep -q 'Figure 2. Green frame.' '$OUT/numbered.txt'"
check "captions: the Persian one is شکل ۳" grep -q "۳" "$OUT/numbered.txt"

# A picture inside a line of text stands on its baseline, as wide as
# itself (40 × 30 px: 30 × 22.5 pt), the words after it beyond it; the
# line is as deep as it needs; its alt text is in the text layer.
printf 'Text with an icon ![red icon](pictures/alpha.png) in the middle.\n' > "$OUT/doc/inline.md"
"$BIFOLIO" "$OUT/doc/inline.md" --trace > "$OUT/inline.trace" 2> /dev/null
check "inline: the picture stands in the line, the text goes on after it" python3 - "$OUT/inline.trace" <<'PY'
import re, sys
lines = open(sys.argv[1], encoding='utf-8').read().splitlines()
img = next(l for l in lines if l.strip().startswith('image'))
x, y, w, h = (float(re.search(k + r'=([\d.]+)', img).group(1)) for k in ('x', 'y', 'w', 'h'))
assert (w, h) == (30.0, 22.5), img
after = next(l for l in lines if '" in the middle."' in l)
ax, ay = float(re.search(r'x=([\d.]+)', after).group(1)), float(re.search(r'y=([\d.]+)', after).group(1))
assert abs(ax - (x + w)) < 0.2, (img, after)
assert abs(ay - (y + h)) < 0.2, (img, after)    # the picture's foot on the baseline
PY
"$BIFOLIO" "$OUT/doc/inline.md" -o "$OUT/inline.pdf" 2> /dev/null
check "inline: drawn" test "$(pdfimages -list "$OUT/inline.pdf" | awk 'NR > 2 && $3 == "image"' | wc -l)" -eq 1
check "inline: its alt text is in the text layer" grep -q "red icon" <(pdftotext "$OUT/inline.pdf" -)

# A booklet imposes pages with pictures.
"$BIFOLIO" "$OUT/doc/pictures.md" --booklet -o "$OUT/pictures-booklet.pdf" 2> /dev/null
check "booklet: pictures imposed" test "$(pdfimages -list "$OUT/pictures-booklet.pdf" | awk 'NR > 2' | wc -l)" -ge 7

# --cover with a PDF: the picture alone on a first page, as large as the
# page allows (A5, 419.5 × 595.3 pt), its bytes as they are; the document's
# pages follow, their text unchanged.
printf '# Cover test\n\nThe first page of text.\n' > "$OUT/doc/covered.md"
"$BIFOLIO" "$OUT/doc/covered.md" -o "$OUT/plain.pdf" 2> /dev/null
"$BIFOLIO" "$OUT/doc/covered.md" --cover "$IMAGES/photo.jpg" -o "$OUT/covered.pdf" 2> "$OUT/covered.err"
check "cover: exit 0" test $? -eq 0
pages_plain=$(pdfinfo "$OUT/plain.pdf" | awk '/^Pages:/ { print $2 }')
pages_covered=$(pdfinfo "$OUT/covered.pdf" | awk '/^Pages:/ { print $2 }')
check "cover: one page more ($pages_plain → $pages_covered)" test "$pages_covered" -eq $((pages_plain + 1))
check "cover: the picture on page 1, nothing else there" \
  test "$(pdfimages -list "$OUT/covered.pdf" | awk 'NR > 2 && $1 == 1' | wc -l)" -eq 1 -a \
       -z "$(pdftotext -f 1 -l 1 "$OUT/covered.pdf" - | tr -d '[:space:]\f')"
check "cover: the text starts on page 2" bash -c "pdftotext -f 2 -l 2 '$OUT/covered.pdf' - | grep -q 'Cover test'"
check "cover: the JPEG's bytes verbatim" python3 -c "
import sys; sys.exit(0 if open('$IMAGES/photo.jpg','rb').read() in open('$OUT/covered.pdf','rb').read() else 1)"
check "cover: as wide or as tall as the page" python3 - "$OUT/covered.pdf" <<'PY'
import re, subprocess, sys
# The picture's drawn size, from poppler's list: x-ppi and y-ppi of the
# image as placed; the page is 419.5 x 595.3 pt.
rows = [l.split() for l in subprocess.run(["pdfimages", "-list", sys.argv[1]], capture_output=True,
                                          text=True).stdout.splitlines()[2:]]
page, w, h, xppi, yppi = int(rows[0][0]), int(rows[0][3]), int(rows[0][4]), float(rows[0][12]), float(rows[0][13])
width_pt, height_pt = w / xppi * 72, h / yppi * 72
assert page == 1
assert abs(width_pt - 419.5) < 1.5 or abs(height_pt - 595.3) < 1.5, (width_pt, height_pt)
assert width_pt <= 420.5 and height_pt <= 596.3, (width_pt, height_pt)
PY
"$BIFOLIO" "$OUT/doc/covered.md" --cover "$OUT/nothing.jpg" -o "$OUT/nocover.pdf" 2> "$OUT/nocover.err"
check "cover: a missing picture is an error naming it (exit 1)" \
  bash -c "[ $? -eq 1 ] && grep -q 'nothing.jpg' '$OUT/nocover.err'"

# The EPUB of the same document.
"$BIFOLIO" "$OUT/doc/pictures.md" -o "$OUT/pictures.epub" 2> /dev/null
check "EPUB: the pictures are in it" test "$(unzip -l "$OUT/pictures.epub" | grep -cE 'images/.*\.(jpg|png|gif|svg)')" -ge 5
check "EPUB: epubcheck, no errors" grep -q "0 fatals / 0 errors" <(java -jar /usr/share/java/epubcheck.jar "$OUT/pictures.epub" 2>&1)

# SVG written inside the document (a chart in a raw HTML block, icons in a
# paragraph from a sprite defined elsewhere) is drawn as a picture: its
# colours, its gradient and its text in the PDF; in the EPUB a file of its
# own, with its <title> as alt text.
cat > "$OUT/doc/inline.md" <<'MD'
# Inline SVG

<svg xmlns="http://www.w3.org/2000/svg" style="display:none"><symbol id="star" viewBox="0 0 10 10"><rect width="10" height="10" fill="#dd9900"/></symbol></svg>

Before the chart.

<svg width="200" height="100" viewBox="0 0 20 10" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape">
<title>Sales by month</title>
<defs><linearGradient id="g" x1="0" x2="1"><stop offset="0" stop-color="#3366cc"/><stop offset="1" stop-color="#3366cc"/></linearGradient></defs>
<rect width="20" height="10" fill="url(#g)" inkscape:label="background"/>
<text x="1" y="6" font-size="3" fill="white">svgword</text>
</svg>

Stars: <svg width="16" height="16"><use xlink:href="#star"/></svg> and <svg width="16" height="16" aria-label="a star"><use href="#star"/></svg> end.
MD
"$BIFOLIO" "$OUT/doc/inline.md" -o "$OUT/inline.pdf" 2> "$OUT/inline.err"
check "inline SVG: no warning" test ! -s "$OUT/inline.err"
check "inline SVG: its text and the paragraph's in the PDF" \
  grep -qzE 'Before the chart.*svgword.*Stars:.*and.*end\.' <(pdftotext "$OUT/inline.pdf" -)
pdftoppm -r 72 -aa no -aaVector no -f 1 -l 1 "$OUT/inline.pdf" > "$OUT/inline.ppm"
read -r blue _ _ <<< "$(python3 "$SRC/tests/cli/ppm-colour.py" "$OUT/inline.ppm" 3366cc)"
read -r gold _ _ <<< "$(python3 "$SRC/tests/cli/ppm-colour.py" "$OUT/inline.ppm" dd9900)"
# 1 pt a pixel at 72 dpi; the chart less its white text, two 12-pt icons.
check "inline SVG: the chart drawn at its size (200 × 100 px: 150 × 75 pt), the icons from the sprite" \
  python3 -c "assert 0.9 * 150 * 75 < $blue <= 150 * 75 and 2 * 0.9 * 12 * 12 < $gold <= 2 * 12 * 12, ($blue, $gold)"
"$BIFOLIO" "$OUT/doc/inline.md" -o "$OUT/inline.epub" 2> /dev/null
check "inline SVG: EPUB pictures with alt text from <title> and aria-label" \
  test "$(unzip -p "$OUT/inline.epub" 'OEBPS/chapter-*.xhtml' | grep -oE 'alt="(Sales by month|a star)"' | wc -l)" -eq 2 \
  -a "$(unzip -l "$OUT/inline.epub" | grep -c 'images/.*\.svg')" -eq 4
check "inline SVG: EPUB passes epubcheck" grep -q "0 fatals / 0 errors" <(java -jar /usr/share/java/epubcheck.jar "$OUT/inline.epub" 2>&1)

# A drawing is clipped to its box, as browsers clip pictures and inline
# SVG: a green band 400 px wide in a 40 by 20 px picture (30 by 15 pt,
# 450 pixels at 72 dpi) covers none of the words beside it.
cat > "$OUT/clip.html" <<'HTML'
<!DOCTYPE html>
<html lang="en"><head><title>Clip</title></head><body>
<p>Words before <svg width="40" height="20"><rect x="-200" y="0" width="400" height="20" fill="#00c000"/></svg> and words after.</p>
</body></html>
HTML
"$BIFOLIO" "$OUT/clip.html" -o "$OUT/clip.pdf" 2>"$OUT/clip.err"
check "clipped SVG: exit 0" test $? -eq 0
pdftoppm -r 72 -aa no -aaVector no -f 1 -l 1 "$OUT/clip.pdf" "$OUT/clip"
green=$(python3 "$SRC/tests/cli/ppm-colour.py" "$OUT/clip-1.ppm" 00c000 | cut -d' ' -f1)
check "clipped SVG: the band inside the picture's 30 by 15 pt ($green pixels)" \
  test "$green" -ge 380 -a "$green" -le 520
check "clipped SVG: the words around it" \
  grep -qzE 'Words before.*and words after\.' <(pdftotext "$OUT/clip.pdf" -)
finish
