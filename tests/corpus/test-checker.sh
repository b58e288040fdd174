#!/usr/bin/env bash
# The corpus checker checked: it passes a small document bifolio sets whole,
# and fails, naming what is wrong, when the PDF and EPUB lose the document's
# second half (a stand-in bifolio that typesets only the first half) and when
# a PDF draws a word across the page's edge (a stand-in that writes such a PDF
# by hand). The three checks run at once.
. "$(dirname "$0")/../cli/lib.sh"
CHECKER="python3 $SRC/tests/corpus/check-document.py"

mkdir -p "$OUT/doc"
cat > "$OUT/doc/mixed.md" <<'MD'
---
title: Checker test
lang: en
---

# A heading

The first paragraph says hello to everyone, and then goodbye.

یک پاراگراف فارسی با چند واژه و یک نام English در میان آن.

```
print("short code")
```

The last paragraph ends with zebra and quokka.
MD

# 1. The real bifolio on a plain document: every check passes.
$CHECKER --bin "$BIFOLIO" --keep "$OUT/whole" "$OUT/doc/mixed.md" > "$OUT/whole.txt" 2>&1 &
whole=$!

# 2. A bifolio that loses the second half of every document.
cat > "$OUT/half-bifolio" <<SH
#!/usr/bin/env bash
# half-bifolio DOC -o OUT: typesets the first half of DOC's lines only.
half="\${1%.md}.half.md"
head -n \$((\$(wc -l < "\$1") / 2)) "\$1" > "\$half"
shift
exec "$BIFOLIO" "\$half" "\$@"
SH
chmod +x "$OUT/half-bifolio"
$CHECKER --bin "$OUT/half-bifolio" "$OUT/doc/mixed.md" > "$OUT/half.txt" 2>&1 &
half=$!

# 3. A PDF with every word, one of them drawn across the right edge of the
# page (x from 400 pt on a 420 pt page), and a true EPUB.
cat > "$OUT/edge-pdf.py" <<'PY'
import sys
words = sys.argv[2:]
lines = [f'BT /F1 10 Tf 40 {760 - 14 * i} Td ({w}) Tj ET' for i, w in enumerate(words[:-1])]
lines.append(f'BT /F1 10 Tf 400 100 Td ({words[-1]}) Tj ET')
content = '\n'.join(lines).encode()
objects = [b'<< /Type /Catalog /Pages 2 0 R >>',
           b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
           b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 800] '
           b'/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
           b'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
           b'<< /Length %d >>\nstream\n' % len(content) + content + b'\nendstream']
pdf, offsets = b'%PDF-1.4\n', []
for number, body in enumerate(objects, 1):
    offsets.append(len(pdf))
    pdf += b'%d 0 obj\n' % number + body + b'\nendobj\n'
xref = len(pdf)
pdf += b'xref\n0 %d\n0000000000 65535 f \n' % (len(objects) + 1)
pdf += b''.join(b'%010d 00000 n \n' % o for o in offsets)
pdf += b'trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' % (len(objects) + 1, xref)
open(sys.argv[1], 'wb').write(pdf)
PY
cat > "$OUT/doc/plain.md" <<'MD'
Nothing but plain words here, and the last one is edge.
MD
cat > "$OUT/edge-bifolio" <<SH
#!/usr/bin/env bash
# edge-bifolio DOC -o OUT: a hand-made PDF of DOC's words, or bifolio's EPUB.
case "\$3" in
  *.pdf) exec python3 "$OUT/edge-pdf.py" "\$3" \$(tr -c 'A-Za-z\n' ' ' < "\$1") ;;
  *) exec "$BIFOLIO" "\$@" ;;
esac
SH
chmod +x "$OUT/edge-bifolio"
$CHECKER --bin "$OUT/edge-bifolio" "$OUT/doc/plain.md" > "$OUT/edge.txt" 2>&1 &
edge=$!

wait $whole
status=$?
check "whole document: exit 0 (got $status; see $OUT/whole.txt)" test $status -eq 0
check "whole document: its row says ok" grep -qE '^doc/mixed.md +0/0 .* ok$' "$OUT/whole.txt"
check "whole document: 100% of the words in both" grep -qE ' 100\.00 +100\.00 +0 ' "$OUT/whole.txt"

wait $half
status=$?
check "half document: exit 1 (got $status; see $OUT/half.txt)" test $status -eq 1
check "half document: its row says FAIL" grep -qE '^doc/mixed.md .* FAIL$' "$OUT/half.txt"
# (the first 8 lines are kept: the front matter, the heading and the first paragraph)
check "half document: the Persian paragraph missing from the PDF, with its line" \
  grep -qE 'missing from the PDF .* پاراگراف\(10\)' "$OUT/half.txt"
check "half document: the Persian paragraph missing from the EPUB" \
  grep -qE 'missing from the EPUB .* پاراگراف\(10\)' "$OUT/half.txt"
check "half document: the words kept are not reported" bash -c "! grep -qE 'hello|heading' '$OUT/half.txt'"

wait $edge
status=$?
check "edge: exit 1 (got $status; see $OUT/edge.txt)" test $status -eq 1
check "edge: all words found, 1 page" grep -qE '^doc/plain.md +0/0 +[0-9]+ +1 +100\.00 ' "$OUT/edge.txt"
check "edge: the characters of 'edge' past 420 pt are off the page" \
  grep -qE 'off page 1: .(g|e). at x 4[12][0-9]' "$OUT/edge.txt"
check "edge: the problem is named" grep -qE 'plain.md: [0-9]+ characters off the page' "$OUT/edge.txt"
finish
