#!/usr/bin/env bash
# E-books: epubcheck with no message on every sample, the long book, the
# Persian letter alone and a book with images, notes, tables and both
# directions; then, unzipped: spine direction, lang/dir, notes, page list,
# fonts, cover, NCX, images, refused resources; hostile Markdown and HTML
# (scripts, forms, handlers, unknown elements, broken nesting, duplicate
# ids, links out of the book, attribute values a schema refuses) valid
# with every word kept and each change warned with its line; options;
# reproducibility.
. "$(dirname "$0")/lib.sh"

# Every book is written and unzipped by `valid`; epubcheck sees them all
# at the end in one Java start (`epubcheck_books`), as each start costs seconds.
BOOKS=()
valid () { # valid NAME INPUT [OPTIONS...]
  local name=$1 input=$2; shift 2
  "$BIFOLIO" "$input" "$@" -o "$OUT/$name.epub" 2>"$OUT/$name.err"
  check "$name: written" test $? -eq 0
  BOOKS+=("$name")
  rm -rf "$OUT/$name.d" && mkdir -p "$OUT/$name.d" && (cd "$OUT/$name.d" && unzip -q ../$name.epub)
}

# A book with pictures (inside the folder, outside it, remote, missing).
mkdir -p "$OUT/pics/img"
cp "$SRC/docs/letter-page-1.png" "$OUT/pics/img/page.png"
cp "$SRC/docs/letter-page-2.png" "$OUT/pics/cover.png"
cat > "$OUT/pics/book.md" <<'MD'
---
title: Pictures and notes
author: Test
lang: en
cover-image: cover.png
---

# One

![A page](img/page.png) A note.[^a]

![outside](../../../etc/hostname) ![remote](https://example.org/x.png)

| left | right |
|------|-------|
| 1    | ۲     |

# دو

<div lang="fa" dir="rtl">

متن فارسی با پانویس.[^b]

</div>

[^a]: The first note.
[^b]: یادداشت دوم.
MD

valid letter "$SRC/samples/letter.md" --page-list
valid persian "$SRC/samples/letter-fa.md" --page-list
valid features "$SRC/tests/data/features.md"
valid pics "$OUT/pics/book.md"
python3 "$SRC/bench/make-book.py" "$SRC/samples/letter.md" "$OUT/book.md" 40
valid book "$OUT/book.md" --page-list

L=$OUT/letter.d/OEBPS P=$OUT/persian.d/OEBPS F=$OUT/features.d/OEBPS I=$OUT/pics.d/OEBPS
# Package.
check "Persian book: spine right to left" grep -q 'page-progression-direction="rtl"' "$P/content.opf"
check "bilingual book: spine left to right" test -z "$(grep page-progression "$L/content.opf")"
check "identifier is a urn:uuid" grep -q '<dc:identifier id="book-id">urn:uuid:' "$L/content.opf"
check "every language listed" grep -q '<dc:language>fa</dc:language>' "$L/content.opf"
check "modified date" grep -q 'dcterms:modified' "$L/content.opf"
check "legacy NCX" grep -q '<navMap>' "$L/toc.ncx"
# Content.
check "Persian chapter: lang, dir, xml:lang" grep -q 'lang="fa" dir="rtl" xml:lang="fa"' "$L/chapter-002.xhtml"
check "Persian-only book: root lang and dir" grep -q '<html[^>]*lang="fa" xml:lang="fa" dir="rtl"' "$P/chapter-001.xhtml"
check "noteref" grep -q 'epub:type="noteref"' "$F/chapter-002.xhtml"
check "footnote aside with its back link" grep -q '<aside epub:type="footnote" role="doc-footnote" id="fn-one".*href="#fnref-one"' <(tr -d '\n' < "$F/chapter-002.xhtml")
check "Persian note in its own chapter" grep -q 'یادداشت دوم' "$I/chapter-003.xhtml"
check "table kept" grep -q '<table>' "$I/chapter-002.xhtml"
check "links across chapters rewritten" grep -q 'href="chapter-' "$L/nav.xhtml"
# Navigation.
check "table of contents nested" grep -q '<li><a href="chapter-004.xhtml#sec-4">Reader Comments</a><ol>' <(tr -d '\n' < "$L/nav.xhtml")
check "landmarks: cover, toc, start of text" grep -q 'epub:type="cover".*epub:type="toc".*epub:type="bodymatter" href="chapter-002.xhtml"' <(tr -d '\n' < "$L/nav.xhtml")
"$BIFOLIO" "$SRC/samples/letter.md" -o "$OUT/letter.pdf"
pages=$(pdfinfo "$OUT/letter.pdf" | awk '/^Pages:/ {print $2}')
check "page list: one entry per PDF page ($pages)" test "$(grep -o 'href="chapter-[0-9]*.xhtml#page-[0-9]*"' "$L/nav.xhtml" | wc -l)" -eq "$pages"
python3 - "$L" <<'PY'
import re, sys, glob
root = sys.argv[1]
nav = open(f'{root}/nav.xhtml', encoding='utf-8').read()
entries = re.findall(r'href="(chapter-\d+\.xhtml)#page-(\d+)">(\d+)<', nav)
numbers = [int(n) for _, n, _ in entries]
assert numbers == sorted(numbers) == list(range(1, len(numbers) + 1)), numbers
for f, n, label in entries:
    assert n == label
    text = open(f'{root}/{f}', encoding='utf-8').read()
    assert f'id="page-{n}" epub:type="pagebreak"' in text, (f, n)
PY
check "page list in order, each pointing at its marker" test $? -eq 0
# Fonts.
check "fonts in the manifest" grep -q 'href="fonts/NotoNaskhArabic-Regular.ttf" media-type="font/ttf"' "$L/content.opf"
check "fonts declared in the stylesheet" grep -q 'src: url("fonts/NotoNaskhArabic-Regular.ttf")' "$L/style.css"
check "fonts subset (Naskh under 60 kB)" test "$(stat -c %s "$L/fonts/NotoNaskhArabic-Regular.ttf")" -lt 60000
check "no code, no mono font" test ! -e "$L/fonts/NotoSansMono-Regular.ttf"
check "code, mono font" test -e "$F/fonts/NotoSansMono-Regular.ttf"
# Cover.
check "generated cover is a PNG" test "$(head -c 4 "$L/cover.png" | tail -c 3)" = "PNG"
check "cover-image property" grep -q 'properties="cover-image"' "$L/content.opf"
check "front matter cover-image used" cmp -s "$I/cover.png" "$OUT/pics/cover.png"
# Images.
check "image copied with its media type" grep -q 'href="images/1-page.png" media-type="image/png"' "$I/content.opf"
check "image src rewritten" grep -q 'src="images/1-page.png"' "$I/chapter-002.xhtml"
check "outside image refused, named" grep -q "image ../../../etc/hostname refused: outside the document's folder" "$OUT/pics.err"
check "remote image not fetched, named" grep -q "image https://example.org/x.png not fetched" "$OUT/pics.err"
check "only the files the book uses" test "$(ls "$I/images" | wc -l)" -eq 1

# Hostile input: markup no EPUB may hold, broken nesting, links to files
# that are not in the book.  The book must pass epubcheck, keep every word
# and say what it changed, with the line.
cat > "$OUT/hostile.md" <<'MD'
---
title: Hostile
lang: en
---

# Tables and links

| left | centre | right |
|:-----|:------:|------:|
| alpha | beta | gamma |

See [the other file](other.md), [the tags](/tags), [the readme](../README.md),
[nowhere](#missing-id), [mail](mailto:someone@example.org),
<a href="https://example.org/a b">spaced address</a> and <a href="javascript:go()">scripted link</a>.

<script>alert("scriptword")</script>

<form action="/send"><input name="q" value="v"><button onclick="go()">buttonword</button> formword</form>

<p onclick="clickme()" onmouseover="x()">clickword paragraph</p>

- first item
- second item</li>
  - nestedword item

<div id="dup">dupfirst</div>
<div id="dup">dupsecond</div>

<p id="two words">spacedidword</p>

Back to [the first](#dup), <a href="#two words">the spaced id</a> and [the heading](#tables-and-links).

<Foo bar="{x}">foowords inside</Foo>

<details><summary>summaryword</summary>detailsword</details>

<div markdown="1">markdownword</div>

<td>strayword cell</td>

![missing picture alttextword](nothere.png)

<a name="oldanchor"></a>Anchor text and [to the anchor](#oldanchor).

<center>centreword</center> <font color="red">fontword</font>

<iframe src="https://example.org/frame">iframeword</iframe>

<svg><text>svgword</text></svg>

<ul><p>pinlistword</p><li>realitem</li></ul>

<table><tr><td width="50%" valign="top" bgcolor="red">widthword</td></tr></table>
MD
cat > "$OUT/hostile.html" <<'HTML'
<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><title>صفحة</title>
<script src="x.js"></script><style>p { color: red }</style></head>
<body onload="start()">
<h1>عنوان</h1>
<p>نص <span onclick="f()">htmlclickword</span> <a href="page2.html">htmllinkword</a></p>
<noscript>noscriptword</noscript>
<script>var lostword = 1;</script>
<style>.x { color: blue }</style>
<ul><li>one</li><ul><li>htmlnestedword</li></ul></ul>
<select><option>optionword</option></select>
<p>x<embed src="movie.swf">y</p>
</body></html>
HTML
valid hostile "$OUT/hostile.md"
valid hostile-html "$OUT/hostile.html"
H=$OUT/hostile.d/OEBPS
hostile_text=$(cat "$H"/chapter-*.xhtml | sed 's/<[^>]*>/ /g')
for word in alpha beta gamma "the other file" "the tags" "the readme" nowhere mail \
    "spaced address" "scripted link" buttonword formword clickword first second nestedword \
    dupfirst dupsecond spacedidword "the spaced id" "the heading" foowords summaryword \
    detailsword markdownword strayword alttextword "Anchor text" "to the anchor" centreword \
    fontword iframeword pinlistword realitem widthword; do
  check "hostile: \"$word\" kept" grep -q "$word" <<< "$hostile_text"
done
check "hostile: an inline <svg> kept as a picture, its text in it and in its alt text" \
  test "$(cat "$H"/chapter-*.xhtml | grep -c 'alt="svgword"')" -eq 1 -a "$(cat "$H"/images/*.svg | grep -c svgword)" -eq 1
check "hostile: no script, no handler, no form, no component" \
  test -z "$(grep -E -i '<script|scriptword|onclick|onmouseover|<form|<input|<button|<foo|<iframe|<svg|<center|<font' "$H"/chapter-*.xhtml)"
check "hostile: no presentational attribute" \
  test -z "$(grep -E ' (align|valign|width|bgcolor|color|markdown|name)=' "$H"/chapter-*.xhtml)"
check "hostile: column alignment as CSS" grep -q '<td style="text-align: right"[^>]*>gamma' "$H/chapter-002.xhtml"
check "hostile: cell width as CSS" grep -q 'style="width: 50%; vertical-align: top"' "$H/chapter-002.xhtml"
check "hostile: links to files not in the book are text" \
  test -z "$(grep -E 'href="(other.md|/tags|../README.md|#missing-id|javascript:)' "$H"/chapter-*.xhtml)"
check "hostile: mailto kept" grep -q '<a href="mailto:someone@example.org">mail</a>' "$H/chapter-002.xhtml"
check "hostile: address kept, its space escaped" grep -q '<a href="https://example.org/a%20b">spaced address</a>' "$H/chapter-002.xhtml"
check "hostile: the list in a list went into the item before it" \
  grep -q '<li[^>]*>second item<ul>\s*<li[^>]*>nestedword item</li>\s*</ul></li>' <(tr -d '\n' < "$H/chapter-002.xhtml")
check "hostile: a paragraph in a list went into an item" grep -q '<ul><li[^>]*><p>pinlistword</p></li>' "$H/chapter-002.xhtml"
check "hostile: stray cell put in a row of a table" grep -q '<table><tr><td[^>]*>strayword cell' "$H/chapter-002.xhtml"
check "hostile: second holder of an id renamed" grep -q '<div id="dup-2">dupsecond</div>' "$H/chapter-002.xhtml"
check "hostile: link to a twice-used id goes to the first" grep -q '<a href="#dup">the first</a>' "$H/chapter-002.xhtml"
check "hostile: id with a space made an XML name, its link follows" \
  grep -q 'id="two-words".*<a href="#two-words">the spaced id</a>' <(tr -d '\n' < "$H/chapter-002.xhtml")
check "hostile: link by a heading's GitHub anchor reaches it" grep -q '<a href="#sec-2">the heading</a>' "$H/chapter-002.xhtml"
check "hostile: <a name> is an id" grep -q '<a id="oldanchor"></a>Anchor text and <a href="#oldanchor">' "$H/chapter-002.xhtml"
for warning in ':[0-9]+: warning: <script> dropped from the EPUB' \
    ':[0-9]+: warning: <form> is not EPUB 3 content; its text kept without it' \
    ':[0-9]+: warning: event handler onclick dropped from the EPUB \(2 times in all\)' \
    ':[0-9]+: warning: <foo> is not EPUB 3 content' \
    ':[0-9]+: warning: id "dup" used twice; renamed "dup-2"' \
    ':[0-9]+: warning: attribute markdown on <div> dropped' \
    ':[0-9]+: warning: link to other.md: not in the book; kept as plain text \(4 times in all\)' \
    ':[0-9]+: warning: link to #missing-id: no such id in the document' \
    ':[0-9]+: warning: image nothere.png cannot be read' \
    ':[0-9]+: warning: <td> outside a table row'; do
  check "hostile: warning $warning" grep -q -E "^bifolio: $OUT/hostile.md$warning" "$OUT/hostile.err"
done
HH=$OUT/hostile-html.d/OEBPS
html_text=$(cat "$HH"/chapter-*.xhtml | sed 's/<[^>]*>/ /g')
for word in عنوان htmlclickword htmllinkword noscriptword htmlnestedword optionword; do
  check "hostile HTML: \"$word\" kept" grep -q "$word" <<< "$html_text"
done
check "hostile HTML: no script or style content" test -z "$(grep -E 'lostword|color: blue|<script|<style|<embed|onclick|onload' "$HH"/chapter-*.xhtml)"
check "hostile HTML: its language and direction everywhere" \
  grep -q '<html[^>]*lang="ar" xml:lang="ar" dir="rtl"' "$HH/chapter-001.xhtml"
check "hostile HTML: dc:language and spine direction" \
  grep -q '<dc:language>ar</dc:language>' "$HH/content.opf"
check "hostile HTML: right-to-left spine" grep -q 'page-progression-direction="rtl"' "$HH/content.opf"
check "hostile HTML: navigation in its language" grep -q '<html[^>]*lang="ar" xml:lang="ar" dir="rtl"' "$HH/nav.xhtml"
# Attribute values and structures a schema refuses: each goes or is
# repaired, and its text stays.
cat > "$OUT/hostile-attrs.html" <<'HTML'
<!DOCTYPE html>
<html><head><title>t</title></head><body>
<p lang="english please" style="color: red; {{{">badlang</p>
<p aria-hidden="yes" role="foo bar" style="background: url(x.png); color: blue">ariaword</p>
<q cite="not a url">qword</q> <time datetime="garbage">timeword</time>
<a href="https://exa mple.com/%zz" hreflang="zz zz" type="bad">relword</a>
<table><tr><th headers="nope" scope="sideways">thword</th><td colspan="0" rowspan="x">tdword</td></tr></table>
<ol start="x" type="q"><li value="y">olword</li></ol>
<a href="#sec"><details><summary>s</summary>detailsinlink</details></a>
<dl><p>dlpword</p><dt>t</dt><dd>d</dd></dl>
<dd>strayddword</dd>
<div v-if="x" @click="y" :class="z">vueword</div>
<picture><source srcset="x.webp"><img src="nothere.jpg" alt="pictureword"></picture>
<p id="">emptyid</p><p id="a:b">colonid</p><p id="sec">secid</p>
<object data="x.swf">objectword</object><video src="v.mp4">videoword</video>
<math><mi>x</mi><mo>=</mo><mn>mathword</mn></math>
<bdo>bdoword</bdo><main>mainword</main><main>secondmainword</main>
<header><header>nestedheaderword</header></header>
</body></html>
HTML
valid hostile-attrs "$OUT/hostile-attrs.html"
attrs_text=$(cat "$OUT"/hostile-attrs.d/OEBPS/chapter-*.xhtml | sed 's/<[^>]*>/ /g')
for word in badlang ariaword qword timeword relword thword tdword olword detailsinlink dlpword \
    strayddword vueword pictureword emptyid colonid secid objectword videoword mathword bdoword \
    mainword secondmainword nestedheaderword; do
  check "hostile attributes: \"$word\" kept" grep -q "$word" <<< "$attrs_text"
done
check "hostile attributes: the style's good declaration kept, the file it named not" \
  grep -q 'style="color: blue"' "$OUT/hostile-attrs.d/OEBPS/chapter-001.xhtml"
check "hostile attributes: an address with a space in its host is text" \
  grep -q -E 'hostile-attrs.html:[0-9]+: warning: link to https://exa mple.com/%zz: not a valid address' "$OUT/hostile-attrs.err"

# Void elements libxml2 2.9 does not know (wbr, embed, source, track,
# keygen) hold nothing in the XHTML: what follows one, in Markdown or in
# HTML, stays after it, in order, in the PDF and the EPUB.
printf 'Long<wbr>word wbrword1 <em>wbrword2</em>\n\nLine two <wbr> afterwbr.\n' > "$OUT/void.md"
cat > "$OUT/void.html" <<'HTML'
<!DOCTYPE html>
<html lang="en"><head><title>t</title></head><body>
<p>alpha<embed src="x.svg">embedword <b>bold</b> tail</p>
<audio controls><source src="a.mp3"><track src="b.vtt">audioword</audio>
<p>delta<keygen>keygenword</p>
<p>one<wbr>two<wbr><span>three</span> four</p>
</body></html>
HTML
valid void-md "$OUT/void.md"
valid void-html "$OUT/void.html"
check "void elements: none holds anything in the XHTML" test -z "$(cat "$OUT"/void-*.d/OEBPS/chapter-*.xhtml \
  | grep -oE '<(wbr|embed|source|track|keygen)( [^>]*)?>[^<]' )"
void_text=$(cat "$OUT"/void-*.d/OEBPS/chapter-*.xhtml | sed 's/<[^>]*>//g')
for words in "Longword wbrword1 wbrword2" "Line two  afterwbr." "alphaembedword bold tail" "audioword" \
    "deltakeygenword" "onetwothree four"; do
  check "void elements: \"$words\" in the EPUB, in order" grep -qF "$words" <<< "$void_text"
done
"$BIFOLIO" "$OUT/void.html" -o "$OUT/void.pdf" 2> /dev/null
check "void elements: the words in the PDF, in order" grep -qF "onetwothree four" \
  <(pdftotext -enc UTF-8 "$OUT/void.pdf" -)

# A task list's check boxes and a form's fields are text in the XHTML
# (the read stage's spans), which no EPUB refuses.
printf -- '- [ ] open task\n- [x] done task\n\nName: <input type="text" value="fieldword">\n' > "$OUT/tasks.md"
valid tasks "$OUT/tasks.md"
check "task list: its boxes as text, no <input> left" \
  test "$(cat "$OUT"/tasks.d/OEBPS/chapter-*.xhtml | grep -c '<input')" -eq 0 \
  -a "$(cat "$OUT"/tasks.d/OEBPS/chapter-*.xhtml | sed 's/<[^>]*>//g' \
         | grep -oE '(☐|☑) (open|done) task|fieldword' | wc -l)" -eq 3
check "task list: nothing dropped, no warning" test ! -s "$OUT/tasks.err"

# GitHub's alerts are GitHub's markup in the XHTML, titled.
printf -- '> [!WARNING]\n> alertword text.\n\n> [!NOTE] sameline\n' > "$OUT/alerts.md"
valid alerts "$OUT/alerts.md"
check "alerts: GitHub's classes and a title" grep -qE \
  '<div class="markdown-alert markdown-alert-warning"><p class="markdown-alert-title"( dir="auto")?>Warning</p>' \
  <(cat "$OUT"/alerts.d/OEBPS/chapter-*.xhtml)
check "alerts: a marker not alone stays a quote" grep -qF '[!NOTE] sameline' <(cat "$OUT"/alerts.d/OEBPS/chapter-*.xhtml)

# Pictures given as data: URIs (web pages saved whole) are files of the
# book, one per picture however often it is used; a broken one is named in
# a warning of one short line, its alt text kept.
png64=$(base64 -w0 "$SRC/tests/data/images/alpha.png")
cat > "$OUT/datauri.html" <<HTML
<!DOCTYPE html><html lang="en"><head><title>data</title></head><body>
<p><img src="data:image/png;base64,$png64" alt="first use"> and
<img src="data:image/png;base64,$png64" alt="second use"></p>
<p><img src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='20' height='10'%3E%3Crect width='20' height='10' fill='red'/%3E%3C/svg%3E" alt="a red bar"></p>
<p><img src="data:image/png;base64,AAAAnotapicture${png64:0:60}" alt="brokenalt"></p>
<svg width="10" height="10"><image href="elsewhere.png" width="10" height="10"/><rect width="5" height="5"/></svg>
</body></html>
HTML
valid datauri "$OUT/datauri.html"
D=$OUT/datauri.d/OEBPS
check "an SVG's picture from another file: left out (no reader may fetch it), with its line" \
  grep -qxF "bifolio: $OUT/datauri.html:6: warning: SVG picture: 1 picture it draws from other files left out" \
  "$OUT/datauri.err"
check "data: pictures: one file each, the PNG byte for byte" \
  test "$(ls "$D/images" | wc -l)" -eq 3 -a "$(grep -c 'media-type="image/png"' "$D/content.opf")" -ge 1 \
  -a "$(grep -c 'media-type="image/svg+xml"' "$D/content.opf")" -eq 2
check "data: pictures: the PNG is the one given" cmp -s "$SRC/tests/data/images/alpha.png" "$D/images/1-picture.png"
check "data: pictures: both uses point to the one file" \
  test "$(grep -o 'src="images/1-picture.png"' "$D"/chapter-*.xhtml | wc -l)" -eq 2
check "data: pictures: a broken one warned of in one short line, its alt kept" \
  test "$(grep -c 'image data:image/png;base64,AAAAnot.*…' "$OUT/datauri.err")" -eq 1 \
  -a "$(wc -L < "$OUT/datauri.err")" -lt 200 -a "$(cat "$D"/chapter-*.xhtml | grep -c brokenalt)" -eq 1

# A language alone (no dir) sets the direction everywhere.
printf -- '---\ntitle: ספר\nlang: he\n---\n\n# פרק\n\nטקסט.\n' > "$OUT/lang-only.md"
valid lang-only "$OUT/lang-only.md"
LO=$OUT/lang-only.d/OEBPS
check "lang only: dc:language" grep -q '<dc:language>he</dc:language>' "$LO/content.opf"
check "lang only: right-to-left spine" grep -q 'page-progression-direction="rtl"' "$LO/content.opf"
check "lang only: chapters right to left" grep -q '<html[^>]*lang="he" xml:lang="he" dir="rtl"' "$LO/chapter-002.xhtml"
check "lang only: navigation right to left" grep -q '<html[^>]*lang="he" xml:lang="he" dir="rtl"' "$LO/nav.xhtml"
check "hostile HTML: script warned with its line" grep -q -E 'hostile.html:[0-9]+: warning: <script> dropped' "$OUT/hostile-html.err"

# Options.
valid nofonts "$SRC/samples/letter.md" --no-embed-fonts --no-cover
check "--no-embed-fonts" test ! -d "$OUT/nofonts.d/OEBPS/fonts"
check "--no-cover" test ! -e "$OUT/nofonts.d/OEBPS/cover.xhtml"
valid split "$OUT/book.md" --epub-split-level 2 --no-cover
check "--epub-split-level 2: a chapter per h1 and h2 (40 × 4 + title)" \
  test "$(ls "$OUT/split.d/OEBPS"/chapter-*.xhtml | wc -l)" -eq 161
valid own-cover "$SRC/samples/letter.md" --cover "$SRC/docs/letter-page-1.png"
check "--cover FILE" cmp -s "$OUT/own-cover.d/OEBPS/cover.png" "$SRC/docs/letter-page-1.png"
"$BIFOLIO" "$SRC/samples/letter.md" --cover "$OUT/none.png" -o "$OUT/x.epub" 2>"$OUT/err"
check "missing cover: exit 1, named" test $? -eq 1 -a -n "$(grep "none.png: cannot read the cover image" "$OUT/err")"
check "missing cover: nothing written" test ! -e "$OUT/x.epub"
"$BIFOLIO" "$SRC/samples/letter.md" --page-list -o "$OUT/x.pdf" 2>"$OUT/err"
check "EPUB option with PDF output: exit 2" test $? -eq 2
"$BIFOLIO" "$SRC/samples/letter.md" --epub-split-level 9 -o "$OUT/x.epub" 2>"$OUT/err"
check "bad split level: exit 2" test $? -eq 2

# A user stylesheet travels inside, less what EPUB style sheets may not hold.
printf '@page { margin: 2cm }\nh1 { page-break-before: always; direction: rtl }\np { text-indent: 1em }\n' > "$OUT/user.css"
valid styled "$SRC/samples/letter.md" --style "$OUT/user.css"
check "user sheet inside the EPUB" grep -q 'text-indent: 1em;' "$OUT/styled.d/OEBPS/style.css"
check "no @page, no direction in the EPUB's sheet" test -z "$(grep -E '@page|direction:' "$OUT/styled.d/OEBPS/style.css")"

# Scripts none of the main faces has travel in the book's own fallback
# faces (so no reader shows an empty box), each subset to the book's
# characters of it, declared, and named in every font-family list before
# its generic family; a book without such characters carries none.
printf '# Languages\n\nहिन्दी · বাংলা · ខ្មែរ · ไทย · ქართული · Հայերեն · 한국어 · فارسی ☃\n' > "$OUT/scripts.md"
valid scripts "$OUT/scripts.md"
S=$OUT/scripts.d/OEBPS
for face in NotoSansDevanagari NotoSansBengali NotoSansKhmer NotoSansThai NotoSansGeorgian \
            NotoSansArmenian; do
  check "scripts: $face carried" test -e "$S/fonts/$face-Regular.ttf"
done
check "scripts: Korean in Droid Sans Fallback, the snowman in Symbola" \
  test -e "$S/fonts/DroidSansFallback.ttf" -a -e "$S/fonts/Symbola_hint.ttf"
check "scripts: declared" grep -q 'font-family: "Noto Sans Devanagari";' "$S/style.css"
check "scripts: named in the body's list, before serif" \
  grep -q '"Amiri", "Noto Sans Armenian", .*"Noto Sans Devanagari", .*"Symbola", serif;' "$S/style.css"
check "scripts: named in code's list, before monospace" \
  grep -q '"Noto Sans Mono", "Noto Sans Armenian", .*"Symbola", monospace;' "$S/style.css"
# Debian's python3 has fontTools (python3-fonttools, scripts/install-deps).
check "scripts: each face has its characters, subset (Devanagari under 20 kB)" /usr/bin/python3 - "$S/fonts" <<'PY'
import sys
from fontTools.ttLib import TTFont
d = sys.argv[1]
want = {'NotoSansDevanagari': 'हिन्दी', 'NotoSansBengali': 'বাংলা', 'NotoSansKhmer': 'ខ្មែរ',
        'NotoSansThai': 'ไทย', 'NotoSansGeorgian': 'ქართული', 'NotoSansArmenian': 'Հայերեն'}
for face, word in want.items():
    cmap = TTFont(f'{d}/{face}-Regular.ttf').getBestCmap()
    missing = [c for c in word if ord(c) not in cmap]
    assert not missing, (face, missing)
assert ord('한') in TTFont(f'{d}/DroidSansFallback.ttf').getBestCmap()
assert ord('☃') in TTFont(f'{d}/Symbola_hint.ttf').getBestCmap()
import os
assert os.path.getsize(f'{d}/NotoSansDevanagari-Regular.ttf') < 20000
PY
check "scripts: no fallback face for a Latin and Persian book" \
  test -z "$(ls "$L/fonts" | grep -E 'NotoSans[A-Z]|Droid|Symbola' | grep -v Mono)"

# Reproducible, cover and fonts included.
export SOURCE_DATE_EPOCH=1700000000
"$BIFOLIO" "$SRC/samples/letter.md" --page-list -o "$OUT/r1.epub"
sleep 1
"$BIFOLIO" "$SRC/samples/letter.md" --page-list -o "$OUT/r2.epub"
check "byte-identical with SOURCE_DATE_EPOCH" cmp "$OUT/r1.epub" "$OUT/r2.epub"
check "mimetype first, stored, no extra field" python3 -c "
import zipfile, sys
z = zipfile.ZipFile(sys.argv[1]); first = z.infolist()[0]
sys.exit(0 if first.filename == 'mimetype' and first.compress_type == 0 and first.extra == b'' else 1)" "$OUT/r1.epub"
epubcheck_books "${BOOKS[@]}"
finish
