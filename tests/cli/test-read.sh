#!/usr/bin/env bash
# The read stage on what other people write: raw HTML in Markdown never
# swallows what follows it, nesting past the limit is flattened with its
# text kept, a document without lang gets one from its letters, the title
# defaults to the file's name, and pictures may come from the folders a
# user keeps them in — and nowhere else.  Words are counted back from the
# PDF (pdftotext) and from the EPUB's XHTML, not just exit codes.
. "$(dirname "$0")/lib.sh"

pdf_text () { pdftotext -enc UTF-8 "$1" - 2>/dev/null; }
epub_text () { unzip -p "$1" 'OEBPS/*.xhtml' 2>/dev/null; }
has_words () { # has_words TEXT-FILE WORD...: every word is in the file
  local file=$1; shift
  for w in "$@"; do grep -qF -- "$w" "$file" || { echo "missing: $w" >&2; return 1; }; done
}
opf () { unzip -p "$1" OEBPS/content.opf; }

# 1. A list item holding a raw HTML comment that spans two lines (GitBook).
printf -- '- item one\n\n    <!--sec data-title="x"\ndata-collapse=true ces-->\n\n    After the comment.\n\n# Later heading\n\nMore text.\n' > "$OUT/comment.md"
"$BIFOLIO" "$OUT/comment.md" -o "$OUT/comment.pdf" 2> "$OUT/comment.err"
check "unclosed comment: PDF made" test -s "$OUT/comment.pdf"
pdf_text "$OUT/comment.pdf" > "$OUT/comment.txt"
check "unclosed comment: the text after it is in the PDF" \
  has_words "$OUT/comment.txt" "item one" "After the comment." "Later heading" "More text."
check "unclosed comment: warned with its line" \
  grep -q "comment.md:3: warning: an HTML comment is not closed; it ends with its block" "$OUT/comment.err"
"$BIFOLIO" "$OUT/comment.md" -o "$OUT/comment.epub" 2> /dev/null
epub_text "$OUT/comment.epub" > "$OUT/comment.xhtml"
check "unclosed comment: the text after it is in the EPUB" \
  has_words "$OUT/comment.xhtml" "After the comment." "Later heading" "More text."

# 2. Raw tags: an unterminated tag is kept as text; a raw element left
# open holds the Markdown after it; template tags stay text.
cat > "$OUT/raw.md" <<'MD'
<div dir="rtl" markdown="1">

## عنوان داخل

متن **درون** بلوک.

</div>

After the block, {% raw %}{{ name }}{% endraw %} and {% include "x.md" %}.

<details>
<summary>Summary words</summary>

- hidden item

</details>

<div class="note">
<a href="x.html" title="broken
</div>

Closing paragraph.
MD
"$BIFOLIO" "$OUT/raw.md" -o "$OUT/raw.epub" 2> "$OUT/raw.err"
epub_text "$OUT/raw.epub" > "$OUT/raw.xhtml"
check "raw div: the Markdown inside it is inside it" \
  python3 - "$OUT/raw.xhtml" <<'PY'
import re, sys
x = open(sys.argv[1], encoding='utf-8').read()
m = re.search(r'<div dir="rtl"[^>]*>(.*?)</div>', x, re.S)
assert m and 'عنوان داخل' in m.group(1) and 'درون' in m.group(1), x
assert 'After the block' not in m.group(1)
PY
check "template tags kept as text" has_words "$OUT/raw.xhtml" '{% raw %}{{ name }}{% endraw %}' '{% include "x.md" %}'
check "details: summary and its Markdown kept" has_words "$OUT/raw.xhtml" "Summary words" "hidden item"
check "broken tag: its text and what follows kept" has_words "$OUT/raw.xhtml" 'a href="x.html" title="broken' "Closing paragraph."
check "broken tag: warned with its line" grep -q "raw.md:19: warning: the tag <a is not closed; its text is kept as text" "$OUT/raw.err"

# 3. Nesting past the limit: the deep text and everything after it are set.
python3 -c "print('> ' * 300 + 'deepest words\n\nafter the quotes\n')" > "$OUT/deep.md"
python3 -c "print('<html><body>' + '<blockquote>' * 300 + 'deepest words' + '</blockquote>' * 300 + '<p>after the quotes</p></body></html>')" > "$OUT/deep.html"
for f in deep.md deep.html; do
  "$BIFOLIO" "$OUT/$f" -o "$OUT/$f.pdf" 2> "$OUT/$f.err"
  pdf_text "$OUT/$f.pdf" > "$OUT/$f.txt"
  check "$f: deep text and what follows are in the PDF" has_words "$OUT/$f.txt" "deepest words" "after the quotes"
  check "$f: one warning says it was flattened" test "$(grep -c 'set flat; their text is kept' "$OUT/$f.err")" -eq 1
done

# 4. Language from the letters when the document does not say.
printf '# مقدمه\n\nاین یک متن فارسی است که گفتگو و پژوهش را نشان می‌دهد. Python and Django.\n' > "$OUT/fa.md"
printf '# مقدمة\n\nهذا نص عربي قصير عن البرمجة والخوارزميات. JavaScript.\n' > "$OUT/ar.md"
printf '# הקדמה\n\nזהו טקסט קצר בעברית על אלגוריתמים.\n' > "$OUT/he.md"
printf '# تعارف\n\nیہ اردو میں ایک مختصر تحریر ہے جو ٹیکنالوجی کے بارے میں بتاتی ہے اور بڑی دلچسپ ہے۔\n' > "$OUT/ur.md"
printf '# Title\n\nAn English text with one Persian word: سلام.\n' > "$OUT/en.md"
for l in fa ar he ur; do
  "$BIFOLIO" "$OUT/$l.md" -o "$OUT/$l.epub" 2> "$OUT/$l.err"
  check "$l: inferred, and said so" grep -q "warning: no language given; taken as .* ($l, right to left)" "$OUT/$l.err"
  check "$l: dc:language" grep -q "<dc:language>$l</dc:language>" <(opf "$OUT/$l.epub")
  check "$l: right-to-left page progression" grep -q 'page-progression-direction="rtl"' <(opf "$OUT/$l.epub")
done
"$BIFOLIO" "$OUT/en.md" -o "$OUT/en.epub" 2> "$OUT/en.err"
check "English: nothing inferred" test ! -s "$OUT/en.err"
"$BIFOLIO" "$OUT/ar.md" --lang en -o "$OUT/ar-en.epub" 2> "$OUT/ar-en.err"
check "--lang overrides, without the warning" grep -q "<dc:language>en</dc:language>" <(opf "$OUT/ar-en.epub")
check "--lang: no inference warning" test ! -s "$OUT/ar-en.err"
printf -- '---\nlang: ar\n---\n\nשלום עולם וכל הטקסט בעברית.\n' > "$OUT/said.md"
"$BIFOLIO" "$OUT/said.md" -o "$OUT/said.epub" 2> "$OUT/said.err"
check "front matter lang wins" grep -q "<dc:language>ar</dc:language>" <(opf "$OUT/said.epub")
# The booklet of an inferred right-to-left document is bound on the right:
# its first sheet's front shows the last page on the left and the first on
# the right.
python3 -c "print('# عنوان\n\n' + '\n\n'.join('این پاراگراف شماره %d است و چند کلمه فارسی دارد.' % i for i in range(1, 4)))" > "$OUT/fa-booklet.md"
"$BIFOLIO" "$OUT/fa-booklet.md" --booklet -o "$OUT/fa-booklet.pdf" 2> /dev/null
"$BIFOLIO" "$OUT/fa-booklet.md" --booklet --binding right -o "$OUT/fa-booklet-right.pdf" 2> /dev/null
check "inferred rtl: booklet bound on the right (as --binding right)" \
  cmp -s <(pdftotext "$OUT/fa-booklet.pdf" -) <(pdftotext "$OUT/fa-booklet-right.pdf" -)

# 5. Footnotes however they were written: kramdown's and pandoc's HTML are
# set at the foot of the page like cmark's.
cat > "$OUT/kramdown.html" <<'HTML'
<html><body><p>Text with a note<sup id="fnref:1"><a href="#fn:1" class="footnote">1</a></sup> here.</p>
<div class="footnotes"><hr /><ol><li id="fn:1"><p>Kramdown note words. <a href="#fnref:1" class="reversefootnote">&#8617;</a></p></li></ol></div>
</body></html>
HTML
cat > "$OUT/pandoc.html" <<'HTML'
<html><body><p>Text with a note<a href="#fn1" class="footnote-ref" id="fnref1" role="doc-noteref"><sup>1</sup></a> here.</p>
<section class="footnotes footnotes-end-of-document" role="doc-endnotes"><hr /><ol><li id="fn1"><p>Pandoc note words.<a href="#fnref1" class="footnote-back" role="doc-backlink">&#8617;&#xFE0E;</a></p></li></ol></section>
</body></html>
HTML
for f in kramdown pandoc; do
  "$BIFOLIO" "$OUT/$f.html" -o "$OUT/$f.pdf" 2> /dev/null
  pdftotext "$OUT/$f.pdf" "$OUT/$f.txt"
  word=$( [ $f = kramdown ] && echo Kramdown || echo Pandoc )
  check "$f footnote: the note is in the PDF" grep -q "$word note words." "$OUT/$f.txt"
  check "$f footnote: at the foot of the page, below the text" \
    python3 -c "import sys; t=open(sys.argv[1]).read(); assert t.index('here.') < t.index('$word note words.')" "$OUT/$f.txt"
  check "$f footnote: the way back is not drawn" bash -c "! grep -q '↩' '$OUT/$f.txt'"
done

# Text a table cannot hold (a raw <table> with Markdown but no cells, a
# paragraph straight in an HTML table) is set in front of it, as HTML5 does.
printf '<table>\n\nloose paragraph words\n\n</table>\n\nafter the table\n' > "$OUT/loose.md"
printf '<html><body><table><p>fostered words</p><tr><td>cell words</td></tr></table></body></html>\n' > "$OUT/loose.html"
for f in loose.md loose.html; do
  "$BIFOLIO" "$OUT/$f" -o "$OUT/$f.pdf" 2> /dev/null
  "$BIFOLIO" "$OUT/$f" -o "$OUT/$f.epub" 2> /dev/null
  pdf_text "$OUT/$f.pdf" > "$OUT/$f.txt"
  epub_text "$OUT/$f.epub" > "$OUT/$f.xhtml"
done
check "loose text in a Markdown table: in the PDF" has_words "$OUT/loose.md.txt" "loose paragraph words" "after the table"
check "loose text in an HTML table: in the PDF" has_words "$OUT/loose.html.txt" "fostered words" "cell words"
check "loose text in an HTML table: in the EPUB" has_words "$OUT/loose.html.xhtml" "fostered words" "cell words"

# 6. The title defaults to the file's name without folder and extension.
printf 'Just a paragraph, no title anywhere.\n' > "$OUT/my-notes.md"
"$BIFOLIO" "$OUT/my-notes.md" -o "$OUT/my-notes.pdf" 2> /dev/null
"$BIFOLIO" "$OUT/my-notes.md" -o "$OUT/my-notes.epub" 2> /dev/null
check "default title in the PDF" grep -q "^Title: *my-notes$" <(pdfinfo "$OUT/my-notes.pdf")
check "default title in the EPUB" grep -q "<dc:title>my-notes</dc:title>" <(opf "$OUT/my-notes.epub")

# 7. Pictures where the user keeps them.
mkdir -p "$OUT/book/translations" "$OUT/book/img" "$OUT/elsewhere"
python3 - "$OUT/book/img/diagram.png" "$OUT/elsewhere/secret.png" <<'PY'
import struct, sys, zlib
def png(path):
    raw = b''.join(b'\0' + b'\xff\x00\x00' * 4 for _ in range(4))
    chunk = lambda t, d: struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
    open(path, 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 4, 4, 8, 2, 0, 0, 0))
                           + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))
for p in sys.argv[1:]:
    png(p)
PY
ln -sf "$OUT/elsewhere/secret.png" "$OUT/book/img/link.png"
printf '# Pictures\n\n![diagram](../img/diagram.png)\n\n![linked](../img/link.png)\n\n![secret](../../elsewhere/secret.png)\n\n![remote](https://example.org/x.png)\n' > "$OUT/book/translations/README-fa.md"
( cd "$OUT/book" && "$BIFOLIO" translations/README-fa.md -o "$OUT/pics.epub" ) 2> "$OUT/pics.err"
check "sibling folder inside the current folder: picture included" \
  grep -q 'diagram.png' <(unzip -l "$OUT/pics.epub")
check "symbolic link out of the roots: refused, named" grep -q "image ../img/link.png refused" "$OUT/pics.err"
check "outside the roots: refused, named" grep -q "image ../../elsewhere/secret.png refused" "$OUT/pics.err"
check "network address: not fetched, named" grep -q "image https://example.org/x.png not fetched" "$OUT/pics.err"
( cd / && "$BIFOLIO" "$OUT/book/translations/README-fa.md" -o "$OUT/pics-root.epub" ) 2> "$OUT/pics-root.err"
check "current folder outside the document's: the sibling folder is refused" \
  grep -q "image ../img/diagram.png refused" "$OUT/pics-root.err"
( cd / && "$BIFOLIO" "$OUT/book/translations/README-fa.md" --resource-path "$OUT/book" \
    --resource-path "$OUT/elsewhere" -o "$OUT/pics-path.epub" ) 2> "$OUT/pics-path.err"
check "--resource-path: both folders allowed (the link and its target are one file)" \
  test "$(unzip -l "$OUT/pics-path.epub" | grep -c 'images/.*png')" -eq 2
check "--resource-path: only the remote picture refused" test "$(grep -c 'warning: image' "$OUT/pics-path.err")" -eq 1
"$BIFOLIO" "$OUT/my-notes.md" --resource-path "$OUT/none" -o "$OUT/x.pdf" 2> "$OUT/none.err"
check "--resource-path that is not a folder: an error" grep -q "none: not a folder" "$OUT/none.err"

# Heading attributes as pandoc, kramdown and Hugo write them (two of the
# real documents this project is tried on use them): the id, classes, lang
# and dir are taken and the braces leave the text; other braces stay.
cat > "$OUT/attributes.md" <<'MD'
# نصب پایتون {#python}

See [Python](#python), [the editor](#code-editor) and [notes](#notes).

## Editor {: #code-editor}

## Notes {#notes .aside lang=en}

## A set {x, y} and {braces}
MD
"$BIFOLIO" "$OUT/attributes.md" -o "$OUT/attributes.pdf" 2> /dev/null
pdf_text "$OUT/attributes.pdf" > "$OUT/attributes.txt"
check "heading attributes: not in the text" test "$(grep -c '{#\|{:' "$OUT/attributes.txt")" -eq 0
check "heading attributes: the headings' words kept" \
  has_words "$OUT/attributes.txt" "نصب پایتون" "Editor" "Notes" "A set {x, y} and {braces}"
"$BIFOLIO" "$OUT/attributes.md" -o "$OUT/attributes.epub" 2> "$OUT/attributes.err"
check "heading attributes: no link left without its heading" \
  test "$(grep -c 'no such id' "$OUT/attributes.err")" -eq 0
epub_text "$OUT/attributes.epub" > "$OUT/attributes.xhtml"
check "heading attributes: the ids in the EPUB" \
  has_words "$OUT/attributes.xhtml" 'id="python"' 'id="code-editor"' 'href="#notes"'
check "heading attributes: class and lang" grep -qE '<h2 [^>]*class="aside"[^>]*lang="en"' "$OUT/attributes.xhtml"

# Links to headings by the anchors GitHub gives them (lower case, spaces as
# hyphens, punctuation left out, "-1" after a repeat), in Persian too, are
# live in the PDF: each is a link annotation to its named destination.
cat > "$OUT/slugs.md" <<'MD'
# Contents

[Install](#install-it), [Persian](#بخش-دوم), [again](#install-it-1) and [nowhere](#nowhere).

## Install it!

## بخش دوم

## Install it
MD
"$BIFOLIO" "$OUT/slugs.md" -o "$OUT/slugs.pdf" 2> /dev/null
qpdf --qdf --object-streams=disable "$OUT/slugs.pdf" "$OUT/slugs-qdf.pdf"
check "GitHub anchors: three live links, none to nowhere" \
  test "$(grep -ac '/Subtype /Link' "$OUT/slugs-qdf.pdf")" -eq 3
check "GitHub anchors: their destinations" \
  test "$(grep -aoE '/Dest (\(install-it\)|\(install-it-1\)|<feff0628062e0634002d062f06480645>)' "$OUT/slugs-qdf.pdf" | sort -u | wc -l)" -eq 3

# Old anchors and links that lead nowhere: <a name> is a target as an id
# is (HTML's fragment lookup); "#top" leads to the first page; a link to no
# id at all is drawn as text, and said, with its line — in Markdown and in
# HTML, in a table cell too.
cat > "$OUT/anchors.md" <<'MD'
# Anchors

<a name="old-style"></a>An old anchor.

See [the old anchor](#old-style), [the top](#top) and
[a missing one](#nowhere).

| cell |
|------|
| [missing in a cell](#gone) |

<p>In HTML: <a href="#absent">absent</a>, again <a href="#nowhere">nowhere</a>.</p>
MD
"$BIFOLIO" "$OUT/anchors.md" -o "$OUT/anchors.pdf" 2> "$OUT/anchors.err"
qpdf --qdf --object-streams=disable "$OUT/anchors.pdf" "$OUT/anchors-qdf.pdf"
check "old anchors: two live links (the old anchor, the top)" \
  test "$(grep -ac '/Subtype /Link' "$OUT/anchors-qdf.pdf")" -eq 2
check "old anchors: <a name> is a destination" grep -aq '/Dest (old-style)' "$OUT/anchors-qdf.pdf"
printf 'bifolio: %s:%d: warning: link to #%s: no such id in the document; drawn as text, not a link\n' \
  "$OUT/anchors.md" 6 nowhere "$OUT/anchors.md" 10 gone "$OUT/anchors.md" 12 absent > "$OUT/anchors.expected"
check "links to nowhere: each fragment said once, with its line" cmp "$OUT/anchors.expected" "$OUT/anchors.err"
pdf_text "$OUT/anchors.pdf" > "$OUT/anchors.txt"
check "links to nowhere: their words still drawn" \
  has_words "$OUT/anchors.txt" "a missing one" "missing in a cell" "absent" "nowhere"
"$BIFOLIO" "$OUT/anchors.md" -o "$OUT/anchors.epub" 2> "$OUT/anchors-epub.err"
check "old anchors: the EPUB links to the old anchor" \
  grep -q '<a href="#old-style">' <(epub_text "$OUT/anchors.epub")

# Task lists (GFM's "- [ ]", and GitHub's own HTML for them) and form
# controls: each shows what a reader sees in it, ☐ ☑ ○ ◉ or its value, with
# no bullet before a task; nothing hidden shows.
cat > "$OUT/tasks.md" <<'MD'
# Roadmap

- [ ] task open
- [x] task done
- plain item

<ul><li class="task-list-item"><input type="checkbox" disabled checked> html task</li></ul>

<p>Name: <input type="text" value="field value"> <input type="radio" checked> yes
<input type="radio"> no <input type="hidden" value="secretword"> <input type="password" value="abc"></p>

<p>Pick: <select><option>onechoice</option><option selected>twochoice</option><option>threechoice</option></select> done.</p>
<p>First: <select><optgroup label="g"><option>alphachoice</option><option>betachoice</option></optgroup></select> done.</p>
<p>Many: <select multiple><option>red</option><option label="Green">g</option></select> done.</p>
MD
"$BIFOLIO" "$OUT/tasks.md" -o "$OUT/tasks.pdf" 2> "$OUT/tasks.err"
pdf_text "$OUT/tasks.pdf" > "$OUT/tasks.txt"
for line in "☐ task open" "☑ task done" "☑ html task"; do
  check "task lists: \"$line\", a box and no bullet" grep -qxF "$line" "$OUT/tasks.txt"
done
check "task lists: a plain item keeps its bullet" grep -qxF "• plain item" "$OUT/tasks.txt"
check "form controls: a field's value, radio buttons as they are set" \
  grep -qF "Name: field value ◉ yes ○ no •••" "$OUT/tasks.txt"
for line in "Pick: twochoice done." "First: alphachoice done." "Many: red, Green done."; do
  check "form controls: a <select> shows what a browser shows: \"$line\"" grep -qxF "$line" "$OUT/tasks.txt"
done
check "form controls: a <select> shows no other option" \
  test "$(grep -cE 'onechoice|threechoice|betachoice' "$OUT/tasks.txt")" -eq 0
check "form controls: a hidden input shows nothing" test "$(grep -c secretword "$OUT/tasks.txt")" -eq 0
check "task lists: no warning" test ! -s "$OUT/tasks.err"

# GitHub's alerts ("> [!NOTE]" alone on a quote's first line, at the top
# level): a title in the reader's language in place of the marker, and a
# rule on the start side in GitHub's colour for the kind; anything else
# stays a quote with its words.
cat > "$OUT/alerts.md" <<'MD'
> [!NOTE]
> noteword text.

> [!tip]
> tipword text.

> [!IMPORTANT]
> importantword text.

> [!WARNING]
> warningword text.

> [!CAUTION]
> cautionword text.

> [!NOTE] sameline words

> [!NOTE]

- > [!TIP]
  > listword
MD
printf -- '---\nlang: fa\n---\n\n> [!WARNING]\n> این هشدار است.\n' > "$OUT/alerts-fa.md"
"$BIFOLIO" "$OUT/alerts.md" -o "$OUT/alerts.pdf" 2> "$OUT/alerts.err"
"$BIFOLIO" "$OUT/alerts-fa.md" -o "$OUT/alerts-fa.pdf" 2>> "$OUT/alerts.err"
pdf_text "$OUT/alerts.pdf" > "$OUT/alerts.txt"
check "alerts: no warning" test ! -s "$OUT/alerts.err"
check "alerts: a title for each kind, the marker gone" \
  test "$(grep -cxE 'Note|Tip|Important|Warning|Caution' "$OUT/alerts.txt")" -eq 5 \
  -a "$(grep -c '\[!' "$OUT/alerts.txt")" -eq 3
check "alerts: their words kept" has_words "$OUT/alerts.txt" noteword tipword importantword warningword \
  cautionword sameline listword
pdf_text "$OUT/alerts-fa.pdf" | LC_ALL=C sed 's/\xe2\x80[\xaa-\xac]//g' > "$OUT/alerts-fa.txt" # poppler's bidi marks
check "alerts: a Persian book's title is Persian" grep -qxF "هشدار" "$OUT/alerts-fa.txt"
# Pixels of each kind's colour (#0969da #1a7f37 #8250df #9a6700 #d1242f,
# GitHub's), and the Persian rule right of the page's middle.
pdftoppm -r 100 -aa no -aaVector no -f 1 -l 1 "$OUT/alerts.pdf" > "$OUT/alerts.ppm"
pdftoppm -r 100 -aa no -aaVector no -f 1 -l 1 "$OUT/alerts-fa.pdf" > "$OUT/alerts-fa.ppm"
colour_columns () { python3 "$SRC/tests/cli/ppm-colour.py" "$@"; } # PPM RRGGBB: count width first last
for colour in 0969da 1a7f37 8250df 9a6700 d1242f; do
  read -r n _ _ <<< "$(colour_columns "$OUT/alerts.ppm" "$colour")"
  check "alerts: #$colour drawn" test "$n" -gt 100
done
read -r n width first _ <<< "$(colour_columns "$OUT/alerts-fa.ppm" 9a6700)"
check "alerts: in Persian the rule is on the right" test "$n" -gt 100 -a "$first" -gt $((width / 2))

# GitHub's emoji short codes become emoji (U+1F680 for :rocket:, U+1F6A7
# for :construction:, U+1F44D for :+1:, as github.com shows them), except in
# code, glued to letters or digits, or unknown to GitHub.
cat > "$OUT/emoji.md" <<'MD'
Launch :rocket: now, :construction: here, :+1: and :ROCKET: or :nosuchemoji:.
At 10:30:45 and word:rocket: stay; `code :rocket:` too.

<p>In HTML :tada: as well.</p>

```
fenced :rocket:
```
MD
"$BIFOLIO" "$OUT/emoji.md" -o "$OUT/emoji.pdf" 2> "$OUT/emoji.err"
pdf_text "$OUT/emoji.pdf" > "$OUT/emoji.txt"
check "emoji codes: replaced" has_words "$OUT/emoji.txt" "Launch $(printf '\U1F680') now," \
  "$(printf '\U1F6A7') here, $(printf '\U1F44D') and :ROCKET: or :nosuchemoji:." "In HTML $(printf '\U1F389') as well."
check "emoji codes: not in code, times or words" has_words "$OUT/emoji.txt" "10:30:45" "word:rocket:" \
  "code :rocket:" "fenced :rocket:"

# bifolio runs no scripts: a <noscript> shows what it holds, as a browser
# without scripts shows it (the EPUB keeps it too).
printf -- '<p>Before <noscript>noscriptword <b>boldword</b></noscript> after.</p>\n' > "$OUT/noscript.md"
"$BIFOLIO" "$OUT/noscript.md" -o "$OUT/noscript.pdf" 2> /dev/null
check "noscript: its words drawn, in the line" grep -qxF "Before noscriptword boldword after." <(pdf_text "$OUT/noscript.pdf")

# A list marker hangs before its item's content, wherever the item's first
# paragraph starts (CSS Lists: an outside marker is placed against the
# item's box): a quote opening an item leaves its bullet where a plain
# item's is, left of the quote's rule; in Persian, on the right.
printf -- '- plainitem\n- > quoteditem\n' > "$OUT/marker.md"
printf -- '---\nlang: fa\n---\n\n- سادهٔ\n- > نقل‌قول\n' > "$OUT/marker-fa.md"
"$BIFOLIO" "$OUT/marker.md" -o "$OUT/marker.pdf" 2> /dev/null
"$BIFOLIO" "$OUT/marker-fa.md" -o "$OUT/marker-fa.pdf" 2> /dev/null
bullet_edges () { # bullet_edges PDF: xMin and xMax of each bullet, one per line
  pdftotext -bbox "$1" - | grep -oE 'xMin="[0-9.]+" yMin="[0-9.]+" xMax="[0-9.]+"[^>]*>•<' \
    | sed -E 's/xMin="([0-9.]+)".*xMax="([0-9.]+)".*/\1 \2/'
}
check "list markers: a quote's bullet where a plain item's is" python3 - <(bullet_edges "$OUT/marker.pdf") \
  <(bullet_edges "$OUT/marker-fa.pdf") <<'PY'
import sys
for name in sys.argv[1:]:
    edges = [tuple(map(float, line.split())) for line in open(name) if line.strip()]
    assert len(edges) == 2, edges
    assert abs(edges[0][0] - edges[1][0]) < 0.5 and abs(edges[0][1] - edges[1][1]) < 0.5, edges
PY

# Pictures given only by a srcset (responsive images) are drawn, from the
# largest candidate: by width, else by density (HTML §4.8.4.3.3).
mkdir -p "$OUT/srcset/img"
for name in small large wide narrow; do cp "$SRC/tests/data/images/alpha.png" "$OUT/srcset/img/$name.png"; done
cp "$SRC/tests/data/images/hidpi.png" "$OUT/srcset/img/large.png"
cat > "$OUT/srcset/page.html" <<'HTML'
<!DOCTYPE html><html lang="en"><head><title>srcset</title></head><body>
<p><img srcset="img/small.png 1x, img/large.png 2x" alt="by density"></p>
<p><img srcset="img/wide.png 800w, img/narrow.png 400w" alt="by width"></p>
</body></html>
HTML
"$BIFOLIO" "$OUT/srcset/page.html" -o "$OUT/srcset/page.pdf" 2> "$OUT/srcset/page.err"
check "srcset: no warning" test ! -s "$OUT/srcset/page.err"
# hidpi.png is 40 × 30 blue and the only picture without an alpha channel.
check "srcset: two pictures drawn, one of them the 2x one" \
  test "$(pdfimages -list "$OUT/srcset/page.pdf" | awk 'NR > 2 && $3 == "image" { print $4 "x" $5 }' | sort | tr '\n' ' ')" = "40x30 40x30 "
"$BIFOLIO" "$OUT/srcset/page.html" -o "$OUT/srcset/page.epub" 2> /dev/null
unzip -l "$OUT/srcset/page.epub" > "$OUT/srcset/epub.list"
check "srcset: the largest candidates in the EPUB" \
  test "$(grep -cE 'images/[0-9]+-(large|wide)\.png' "$OUT/srcset/epub.list")" -eq 2
check "srcset: not the others" test "$(grep -cE 'small|narrow' "$OUT/srcset/epub.list")" -eq 0

# Text that is not UTF-8.  The files are made by iconv from UTF-8 text, and
# that text must come back from the PDF (and the EPUB).
# - A byte order mark says UTF-16 (Windows' Notepad saves "Unicode" so),
#   little- or big-endian.
printf -- '# سلام\n\nاین یک متن فارسی است، with English.\n' > "$OUT/utf8.md"
for order in LE BE; do
  { [ $order = LE ] && printf '\xff\xfe' || printf '\xfe\xff'; } > "$OUT/utf16$order.md"
  iconv -f UTF-8 -t UTF-16$order "$OUT/utf8.md" >> "$OUT/utf16$order.md"
  "$BIFOLIO" "$OUT/utf16$order.md" -o "$OUT/utf16$order.pdf" 2> "$OUT/utf16$order.err"
  check "UTF-16$order with its mark: exit 0" test $? -eq 0
  pdf_text "$OUT/utf16$order.pdf" > "$OUT/utf16$order.txt"
  check "UTF-16$order with its mark: its words in the PDF" \
    has_words "$OUT/utf16$order.txt" "سلام" "فارسی" "English"
done
# - An HTML page declares a legacy encoding of its own: in a <meta>
#   http-equiv (windows-1256, Arabic), a <meta charset> (ISO-8859-1, which
#   HTML reads as windows-1252), an XML declaration (ISO-8859-8, Hebrew).
legacy_page () { # legacy_page NAME ENCODING HEAD-DECLARATION TEXT
  { printf '%s<html><head>%s<title>t</title></head><body><p>' "${5:-}" "$3"
    printf '%s' "$4" | iconv -f UTF-8 -t "$2"
    printf '</p></body></html>\n'; } > "$OUT/$1.html"
}
legacy_page arabic WINDOWS-1256 \
  '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">' "هذا نص عربي قديم"
legacy_page latin WINDOWS-1252 '<meta charset=ISO-8859-1>' "café “quoted” — naïve"
legacy_page hebrew ISO-8859-8 '' "שלום עולם" '<?xml version="1.0" encoding="ISO-8859-8"?>'
for page in "arabic:هذا نص عربي قديم" "latin:café “quoted” — naïve" "hebrew:שלום"; do
  name=${page%%:*} text=${page#*:}
  "$BIFOLIO" "$OUT/$name.html" -o "$OUT/$name.pdf" 2> "$OUT/$name.err"
  check "$name page in its own encoding: exit 0" test $? -eq 0
  pdf_text "$OUT/$name.pdf" > "$OUT/$name.txt"
  check "$name page in its own encoding: its text in the PDF" has_words "$OUT/$name.txt" "$text"
done
"$BIFOLIO" "$OUT/arabic.html" -o "$OUT/arabic.epub" 2> /dev/null
epub_text "$OUT/arabic.epub" > "$OUT/arabic.xhtml"
check "windows-1256 page: its text in the EPUB, as UTF-8" has_words "$OUT/arabic.xhtml" "هذا نص عربي قديم"
check "windows-1256 page: its old declaration gone from the EPUB" \
  test "$(grep -ci 'windows-1256' "$OUT/arabic.xhtml")" -eq 0
# - A UTF-8 page whose <meta> still names the encoding of the page it was
#   copied from is read as UTF-8.
legacy_page stale UTF-8 '<meta charset="windows-1256">' "سلام دنیا"
"$BIFOLIO" "$OUT/stale.html" -o "$OUT/stale.pdf" 2> /dev/null
check "UTF-8 page declaring windows-1256: read as UTF-8" \
  has_words <(pdf_text "$OUT/stale.pdf") "سلام دنیا"
# - What cannot be converted is refused, with its place.
printf '<html><head><meta charset="iso-8859-6"></head><body><p>\xc7\xc8 \xa0</p><p>\xff</p></body></html>\n' \
  > "$OUT/bad-arabic.html"
"$BIFOLIO" "$OUT/bad-arabic.html" -o "$OUT/bad-arabic.pdf" 2> "$OUT/bad-arabic.err"
check "a byte iso-8859-6 does not have: exit 1" test $? -eq 1
check "a byte iso-8859-6 does not have: its place" grep -qxF \
  "bifolio: $OUT/bad-arabic.html:1:67: not iso-8859-6, the encoding it declares (byte 0xFF)" \
  "$OUT/bad-arabic.err"
printf '<html><head><meta charset="x-klingon"></head><body><p>caf\xe9</p></body></html>\n' \
  > "$OUT/unknown.html"
"$BIFOLIO" "$OUT/unknown.html" -o "$OUT/unknown.pdf" 2> "$OUT/unknown.err"
check "an encoding bifolio does not know: exit 1, named" grep -qxF \
  "bifolio: $OUT/unknown.html: in x-klingon, the encoding it declares, which bifolio cannot read" \
  "$OUT/unknown.err"
printf '\xff\xfeA\x00B' > "$OUT/cut.md"
"$BIFOLIO" "$OUT/cut.md" -o "$OUT/cut.pdf" 2> "$OUT/cut.err"
check "UTF-16 cut in the middle of a character: refused, not dropped" grep -qxF \
  "bifolio: $OUT/cut.md:1:5: not UTF-16 (little-endian), as its byte order mark says (byte 0x42)" \
  "$OUT/cut.err"

# Named character references HTML has and libxml2 2.9 does not (it knows
# HTML 4's): the characters come from the HTML standard's table (U+2713
# CHECK MARK, { and }, U+2242 U+0338 for NotEqualTilde, U+200B for
# ZeroWidthSpace), in text, in an attribute and in raw HTML in Markdown;
# not in a comment or a <style>, where HTML reads none (but in a tag whose
# quoted value holds "<style>"); a name HTML does not have, or one without
# its semicolon, stays as typed.
cat > "$OUT/entities.html" <<'HTML'
<!DOCTYPE html><html lang="en"><head><title>t</title>
<style>p.note::after { content: " &check;" }</style></head><body>
<p>Done &check; set &lbrace;a&rbrace; &NotEqualTilde; zero&ZeroWidthSpace;width</p>
<p>Kept &nosuchname; &check no semicolon &amp;check; escaped</p>
<!-- &check; in a comment -->
<p class="note">Note</p>
<p><abbr title="&check; mark">abbr</abbr></p>
<p title='<style>'>After &check; a quoted tag</p>
</body></html>
HTML
"$BIFOLIO" "$OUT/entities.html" -o "$OUT/entities.pdf" 2> /dev/null
pdf_text "$OUT/entities.pdf" > "$OUT/entities.txt"
check "HTML5 references: their characters in the PDF" \
  has_words "$OUT/entities.txt" "Done ✓ set {a} ≂̸ zero​width" "Note &check;"
check "HTML5 references: unknown names and escaped ones kept as typed" \
  has_words "$OUT/entities.txt" "Kept &nosuchname; &check no semicolon &check; escaped"
check "HTML5 references: \"<style>\" in a quoted value opens no style sheet" \
  has_words "$OUT/entities.txt" "After ✓ a quoted tag"
check "HTML5 references: none left as typed where HTML reads them" \
  test "$(grep -c '&lbrace;\|&NotEqualTilde;\|Done &check;' "$OUT/entities.txt")" -eq 0
"$BIFOLIO" "$OUT/entities.html" -o "$OUT/entities.epub" 2> /dev/null
epub_text "$OUT/entities.epub" > "$OUT/entities.xhtml"
check "HTML5 references: their characters in the EPUB" \
  has_words "$OUT/entities.xhtml" "Done ✓ set {a}"
check "HTML5 references: in an attribute (libxml2 writes it as a number)" \
  grep -qE 'title="(✓|&#x2713;) mark"' "$OUT/entities.xhtml"
printf 'Text &check; by cmark.\n\n<p>Raw &check; &lbrace;HTML&rbrace;</p>\n' > "$OUT/entities.md"
"$BIFOLIO" "$OUT/entities.md" -o "$OUT/entities-md.pdf" 2> /dev/null
pdf_text "$OUT/entities-md.pdf" > "$OUT/entities-md.txt"
check "HTML5 references in raw HTML in Markdown" \
  has_words "$OUT/entities-md.txt" "Text ✓ by cmark." "Raw ✓ {HTML}"

finish
