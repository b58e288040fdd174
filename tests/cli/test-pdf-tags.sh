#!/usr/bin/env bash
# The PDF's tag tree (issue #16): structure elements from the document's
# elements, languages on the catalog and on every element or run in
# another language (inferred ones too), alt text and boxes on figures,
# scopes on table headers, notes, page furniture as artifacts, the
# catalog's viewer settings and XMP metadata, /Tabs /S, page labels as the
# pages show their numbers.  Read back through qpdf's JSON
# (pdf-structure.py) and poppler's pdfinfo -struct, never through bifolio;
# expected counts come from the sources, read with cmark-gfm and Python.
. "$(dirname "$0")/lib.sh"

export SOURCE_DATE_EPOCH=0
TREE=$SRC/tests/cli/pdf-structure.py
facts () { # facts NAME: the tree of OUT/NAME.pdf, once
  [ -s "$OUT/$1.facts" ] || python3 "$TREE" "$OUT/$1.pdf" > "$OUT/$1.facts"
  cat "$OUT/$1.facts"
}
count () { # count NAME PATTERN: elements whose line matches PATTERN
  facts "$1" | grep -cE "^element [0-9]+ $2" || true
}
fact () { # fact NAME KEY: the value of a catalog or summary line
  facts "$1" | awk -v k="$2" '$1 " " $2 == k { print $3; exit } $1 == k { print $2; exit }'
}
sound () { # sound NAME: what every tagged PDF here must be
  check "$1: qpdf --check" qpdf --check "$OUT/$1.pdf"
  check "$1: a tagged PDF (MarkInfo)" test "$(fact "$1" "catalog /Marked")" = True
  check "$1: the title shown (DisplayDocTitle)" test "$(fact "$1" "catalog /DisplayDocTitle")" = True
  check "$1: XMP metadata" test "$(fact "$1" "catalog /Metadata")" = yes
  check "$1: every page in structure order (/Tabs /S)" \
    test -z "$(facts "$1" | awk '$1 == "page" && $4 != "/S"')"
  check "$1: the parent tree points into the tree" test "$(fact "$1" parent-tree-broken)" = 0
  check "$1: no element without content" test "$(fact "$1" empty)" = 0
  check "$1: poppler reads the tree" pdfinfo -struct "$OUT/$1.pdf"
}

# ------------------------------------------------------------- the letter
"$BIFOLIO" "$SRC/samples/letter.md" -o "$OUT/letter.pdf"
sound letter
check "letter: /Lang en in the catalog" test "$(fact letter "catalog /Lang")" = en
xmp=$(facts letter | grep '^xmp ')
check "letter: XMP title" grep -q '<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Amir-Entezam Letter to UN Secretary-General</rdf:li>' <<< "$xmp"
check "letter: XMP creator" grep -q '<dc:creator><rdf:Seq><rdf:li>Masoud Kazemzadeh</rdf:li>' <<< "$xmp"
check "letter: XMP language" grep -q '<dc:language><rdf:Bag><rdf:li>en</rdf:li>' <<< "$xmp"
check "letter: XMP dates from SOURCE_DATE_EPOCH" grep -q '<xmp:CreateDate>1970-01-01T00:00:00Z</xmp:CreateDate>' <<< "$xmp"
# The source's headings and paragraphs, as cmark-gfm reads it (the HTML
# blocks in it too), against the tree's.
# The front matter is not Markdown: left out (its title is an H1 of its own).
awk 'NR == 1 && /^---$/ { front = 1; next } front && /^---$/ { front = 0; next } !front' \
  "$SRC/samples/letter.md" | cmark-gfm --unsafe > "$OUT/letter.html"
read -r h1 h2 p_fa p_other < <(python3 - "$OUT/letter.html" <<'EOF'
import sys
from html.parser import HTMLParser
class Count(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.h1, self.h2, self.fa, self.other = [], 0, 0, 0, 0
    def handle_starttag(self, tag, attrs):
        lang = dict(attrs).get("lang")
        self.stack.append((tag, lang or (self.stack[-1][1] if self.stack else None)))
        if tag == "h1": self.h1 += 1
        if tag == "h2": self.h2 += 1
        if tag == "p":
            if self.stack[-1][1] == "fa": self.fa += 1
            else: self.other += 1
    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass
c = Count()
c.feed(open(sys.argv[1], encoding="utf-8").read())
print(c.h1, c.h2, c.fa, c.other)
EOF
)
check "letter: an H1 per # heading ($h1) and the title's" test "$(count letter 'H1( |$)')" = "$((h1 + 1))"
check "letter: an H2 per ## heading ($h2)" test "$(count letter 'H2( |$)')" = "$h2"
check "letter: the Persian paragraphs are P with /Lang fa ($p_fa)" test "$(count letter 'P lang=fa ')" = "$p_fa"
check "letter: the others are P in the document's language" test "$(count letter 'P mcids')" -ge "$((p_other - 3))"
pages=$(pdfinfo "$OUT/letter.pdf" | awk '/^Pages:/ { print $2 }')
check "letter: each page's number an artifact" test "$(fact letter "marked Artifact")" -ge "$pages"
# What an artifact holds is no element's: the page numbers are not in the
# text poppler gives back by structure.
check "letter: page numbers not read as content" \
  bash -c "! pdfinfo -struct-text '$OUT/letter.pdf' | grep -qE '^ *\"[0-9]+ */ *[0-9]+\"$'"

# ------------------------------------------------- Persian, page labels
"$BIFOLIO" "$SRC/samples/letter-fa.md" --style "$SRC/styles/persian.css" -o "$OUT/fa.pdf"
sound fa
check "fa: /Lang fa in the catalog" test "$(fact fa "catalog /Lang")" = fa
check "fa: no element repeats the document's language" test "$(facts fa | grep -c 'lang=fa')" = 0
check "fa: page 1 labelled ۱ as it shows" test "$(facts fa | awk '$1 == "label" && $2 == 1 { print $3 }')" = "۱"
check "fa: page 3 labelled ۳" test "$(facts fa | awk '$1 == "label" && $2 == 3 { print $3 }')" = "۳"
check "fa: a label for every page" test -z "$(facts fa | awk '$1 == "label" && $3 == "-"')"

# ------------------------------------------------- every kind of block
mkdir -p "$OUT/doc"
cp "$SRC/docs/letter-page-1.png" "$OUT/doc/page.png"
cat > "$OUT/doc/kinds.md" <<'EOF'
---
title: Kinds of blocks
lang: en
---

# A heading

A paragraph with a [link](https://example.org/a), a note[^one] and
Persian words پیشنهاد صلح پایدار inside it, and Hebrew שלום עולם too.

<p lang="fa">یک پاراگراف فارسی with an English phrase in the middle و پایان.</p>

- first item
- second item

> A quotation.

| Name | Value |
|------|------:|
| one  | 1     |
| two  | 2     |

<table><tr><th>Row head</th><td>cell</td></tr></table>

<figure><img src="page.png" alt="A page of the letter" width="200"><figcaption>The caption</figcaption></figure>

```
code block
```

[^one]: The note's text.
EOF
"$BIFOLIO" "$OUT/doc/kinds.md" -o "$OUT/kinds.pdf" 2> "$OUT/kinds.err"
check "kinds: written" test -s "$OUT/kinds.pdf"
sound kinds
for type in Document H1 P L LI Lbl LBody BlockQuote Table THead TBody TR TH TD Figure Caption Code Note Reference Link; do
  check "kinds: a $type element" test "$(count kinds "$type( |$)")" -ge 1
done
check "kinds: two list items" test "$(count kinds 'LI( |$)')" = 2
check "kinds: each with its marker as its label, read first" \
  test "$(facts kinds | grep -A1 -E '^element [0-9]+ LI ' | grep -cE '^element [0-9]+ Lbl ')" = 2
check "kinds: the GFM table's header cells scope their columns" test "$(count kinds 'TH scope=Column')" = 2
check "kinds: a header cell in a body row scopes its row" test "$(count kinds 'TH scope=Row')" = 1
check "kinds: five rows in all" test "$(count kinds 'TR( |$)')" = 4
check "kinds: the figure's alt text" test "$(count kinds 'Figure alt=A_page_of_the_letter ')" = 1
bbox=$(facts kinds | grep -oE 'Figure alt=A_page_of_the_letter bbox=[^ ]+' | sed 's/.*bbox=//')
check "kinds: the figure's box is on the page and as wide as drawn (200 px = 150 pt)" \
  python3 -c "
x0, y0, x1, y1 = map(float, '$bbox'.split(','))
assert 0 <= x0 < x1 <= 595.3 and 0 <= y0 < y1 <= 841.9, (x0, y0, x1, y1)
assert abs((x1 - x0) - 150) < 1, x1 - x0"
check "kinds: the link holds its text, beside its annotation" \
  bash -c "pdfinfo -struct-text '$OUT/kinds.pdf' | grep -A2 'Link (inline)' | grep -qx ' *\"link\"'"
check "kinds: the note's reference is a Reference holding its Link" \
  test "$(facts kinds | grep -A1 -E '^element [0-9]+ Reference ' | grep -cE '^element [0-9]+ Link ')" = 1
check "kinds: one note" test "$(count kinds 'Note( |$)')" = 1
check "kinds: the note has its element's id as /ID" \
  test "$(count kinds "Note id=$(cmark-gfm -e footnotes "$OUT/doc/kinds.md" | grep -o '<li id="[^"]*"' | head -1 | cut -d'"' -f2) ")" = 1
check "kinds: Persian words in an English paragraph say fa (inferred)" test "$(count kinds 'Span lang=fa ')" -ge 1
check "kinds: Hebrew words say he (inferred)" test "$(count kinds 'Span lang=he ')" -ge 1
check "kinds: the Persian paragraph says fa" test "$(count kinds 'P lang=fa ')" = 1
check "kinds: its English phrase says en" test "$(count kinds 'Span lang=en ')" -ge 1
check "kinds: the text comes back whole" \
  bash -c "pdftotext '$OUT/kinds.pdf' - | tr -s ' \n' '  ' | grep -q 'A quotation'"

# ------------------------------------------------- booklets, chosen pages
"$BIFOLIO" "$SRC/samples/letter.md" --booklet -o "$OUT/booklet.pdf"
check "booklet: qpdf --check" qpdf --check "$OUT/booklet.pdf"
check "booklet: keeps the headings in its tree" test "$(count booklet 'H2( |$)')" = "$h2"
check "booklet: one P per paragraph (parts on two sheets joined)" \
  test "$(count booklet 'P( |$)')" = "$(count letter 'P( |$)')"
# The sheets hold the pages out of order (the last beside the first); the
# tree reads in the pages' order all the same: its text, element by
# element, is the unimposed PDF's.
check "booklet: the tree in reading order, as the PDF's" \
  cmp <(pdfinfo -struct-text "$OUT/letter.pdf") <(pdfinfo -struct-text "$OUT/booklet.pdf")
sound booklet
"$BIFOLIO" "$SRC/samples/letter.md" --pages 2,3 -o "$OUT/chosen.pdf"
sound chosen
check "chosen pages: two pages" test "$(pdfinfo "$OUT/chosen.pdf" | awk '/^Pages:/ { print $2 }')" = 2

# ------------------------------------------------- the same bytes again
"$BIFOLIO" "$OUT/doc/kinds.md" -o "$OUT/kinds-again.pdf" 2>/dev/null
check "reproducible: the same tagged PDF twice" cmp -s "$OUT/kinds.pdf" "$OUT/kinds-again.pdf"

finish
