#!/usr/bin/env bash
# Hostile inputs finish, within a memory cap (ulimit -v 3 GB, except under
# AddressSanitizer) and the test's ctest TIMEOUT, with output or a clear
# error — never a crash or a hang.
. "$(dirname "$0")/lib.sh"

python3 - "$OUT" <<'PY'
import sys
out = sys.argv[1]
def w(name, text):
    open(f'{out}/{name}', 'w', encoding='utf-8').write(text)
w('deep-divs.html', '<div>' * 10000 + 'deep' + '</div>' * 10000)
w('deep-lists.html', '<ul><li>' * 10000 + 'deep' + '</li></ul>' * 10000)
w('deep-quotes.md', '> ' * 10000 + 'deep\n')
w('deep-lists.md', ''.join('  ' * i + '- item\n' for i in range(10000)))
# <style> elements are found in the tree as parsed, before it is set flat:
# 300,000 levels deep, a walk that recurses runs out of stack.
w('deep-styles.html', '<html><head><style>p { color: #000 }</style></head><body>' + '<div>' * 300000
  + '<style>q { color: #000 }</style>deep styled words' + '</div>' * 300000 + '</body></html>')
# Every line inside them is inside every box around it: the boxes past
# 64 levels are not drawn.
w('deep-boxes.html', '<html><head><style>span { border: 1px solid #888; padding: 0 1px }</style>'
  '</head><body><p>' + ''.join(f'<span>db{i}q ' for i in range(3000)) + '</span>' * 3000
  + '</p></body></html>')
w('no-break.md', 'x' * 5_000_000 + '\n')
w('table.md', '| ' + ' | '.join(f'h{c}' for c in range(10)) + ' |\n|' + '---|' * 10 + '\n'
  + '\n'.join('| ' + ' | '.join(f'c{r}.{c}' for c in range(10)) + ' |' for r in range(10000)) + '\n')
w('wide-row.html', '<table><tr>' + '<td>x</td>' * 100000 + '</tr></table>')
w('many-notes.md', ''.join(f'Note {i}.[^{i}]\n\n' for i in range(2000))
  + ''.join(f'[^{i}]: Body {i}.\n' for i in range(2000)))
# Each element of a descendant selector tried against every ancestor: without
# memoised failures this takes hours (exponential in the selector's length).
w('deep-selector.html', '<style>span div div div div div div div div { color: red }</style>'
  + '<div>' * 190 + 'deepest selector words' + '</div>' * 190 + '<p>after the divs</p>')
w('odd-lang.md', '<p lang="../../../../etc/passwd">Hyphenation considerations everywhere.</p>\n'
  '<p lang="">Internationalization.</p>\n<p lang="en-">Considerations.</p>\n')
w('controls.md', 'a\x01b\x7fc\u202ed\u2066e\ufeff\ufffe end\n')
para = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. ' * 20 + '\n\n'
w('big.md', para * 44000)   # 50 MB
w('rules.css', ''.join(f'p.c{i} > a[href^=x{i}] {{ color: #{i % 0xffffff:06x}; margin-left: {i % 50}px }}\n'
                       for i in range(100000)))
PY

run () { # run NAME EXPECTED-EXIT INPUT -o OUTPUT...
  local name=$1 expected=$2; shift 2
  # (AddressSanitizer reserves terabytes of address space: no cap under it.)
  ( [ -z "${ASAN_OPTIONS:-}" ] && ulimit -v 3000000; "$BIFOLIO" "$@" ) > /dev/null 2> "$OUT/$name.err"
  local got=$?
  check "$name: exit $expected (got $got)" test "$got" -eq "$expected"
}
for f in deep-divs.html deep-lists.html deep-quotes.md deep-lists.md no-break.md table.md \
         wide-row.html many-notes.md odd-lang.md controls.md deep-selector.html deep-styles.html \
         deep-boxes.html; do
  run "$f-pdf" 0 "$OUT/$f" -o "$OUT/$f.pdf"
  run "$f-epub" 0 "$OUT/$f" -o "$OUT/$f.epub"
done
run rules-pdf 0 "$SRC/tests/data/features.md" --style "$OUT/rules.css" -o "$OUT/rules.pdf"
run rules-epub 0 "$SRC/tests/data/features.md" --style "$OUT/rules.css" -o "$OUT/rules.epub"
check "deep nesting: warned" grep -q "nested too deep" "$OUT/deep-lists.md-pdf.err"
# Content, not just exit codes: the deepest text and what follows it.
for f in deep-divs.html deep-lists.html deep-quotes.md; do
  check "$f: the deep text is in the PDF" grep -q "deep" <(pdftotext "$OUT/$f.pdf" -)
  check "$f: the deep text is in the EPUB" grep -q "deep" <(unzip -p "$OUT/$f.epub" 'OEBPS/chapter-*.xhtml')
done
check "deep-lists.md: all 10,000 items set" \
  test "$(pdftotext "$OUT/deep-lists.md.pdf" - | grep -o item | wc -l)" -eq 10000
check "deep selector: text kept" grep -q "deepest selector words" <(pdftotext "$OUT/deep-selector.html.pdf" -)
check "deep styles: text kept" grep -q "deep styled words" <(pdftotext "$OUT/deep-styles.html.pdf" -)
check "deep boxes: all 3,000 words set" \
  test "$(pdftotext "$OUT/deep-boxes.html.pdf" - | grep -o 'db[0-9]*q' | sort -u | wc -l)" -eq 3000
check "deep selector: and what follows" grep -q "after the divs" <(pdftotext "$OUT/deep-selector.html.pdf" -)
check "over-wide word: reported with its page" grep -q "page [0-9]*: a line runs past the margin or breaks a word" "$OUT/no-break.md-pdf.err"
check "10,000-row table: PDF has pages" test "$(pdfinfo "$OUT/table.md.pdf" | awk '/^Pages:/ {print $2}')" -gt 100
check "controls: EPUB still valid" grep -q "Messages: 0 fatals / 0 errors" \
  <(java -jar /usr/share/java/epubcheck.jar "$OUT/controls.md.epub" 2>&1)

# 50 MB: more text than one layout takes: a clear error, quickly, and no
# output; the EPUB is made.
run big-pdf 1 "$OUT/big.md" -o "$OUT/big.pdf"
check "50 MB: the limit is named" grep -q "^bifolio: .*big.md: more than the 32 MB of text" "$OUT/big-pdf.err"
check "50 MB: no PDF" test ! -e "$OUT/big.pdf"
run big-epub 0 "$OUT/big.md" -o "$OUT/big.epub"
finish
