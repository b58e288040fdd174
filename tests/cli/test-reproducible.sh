#!/usr/bin/env bash
# With SOURCE_DATE_EPOCH set, the same input gives byte-identical outputs.
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1700000000
for ext in pdf epub; do
  "$BIFOLIO" "$SRC/samples/letter.md" -o "$OUT/one.$ext"
  sleep 1
  "$BIFOLIO" "$SRC/samples/letter.md" -o "$OUT/two.$ext"
  check "$ext byte-identical" cmp "$OUT/one.$ext" "$OUT/two.$ext"
done
# One thread or two: the same bytes (a second thread rewrites the pages'
# content while the first finishes the tag tree).  The Persian letter has
# artifacts on every page; the booklet's sheets go through the same pass.
for input in letter-fa letter; do
  "$BIFOLIO" "$SRC/samples/$input.md" --jobs 1 -o "$OUT/$input-j1.pdf"
  "$BIFOLIO" "$SRC/samples/$input.md" --jobs 2 -o "$OUT/$input-j2.pdf"
  check "$input: --jobs 1 and --jobs 2 byte-identical" cmp "$OUT/$input-j1.pdf" "$OUT/$input-j2.pdf"
  check "$input: pages' furniture marked /Artifact with two threads" \
    grep -q '/Artifact BMC' <(qpdf --qdf --object-streams=disable "$OUT/$input-j2.pdf" -)
done
# Cairo leaves page content unfiltered under the command line (main.c
# sets CAIRO_DEBUG_PDF) and the finishing pass deflates it: every stream
# but the XMP packet, which stays readable, comes out deflated.
unfiltered () {
  qpdf --json=2 --json-key=qpdf "$1" | python3 -c '
import json, sys
objects = json.load(sys.stdin)["qpdf"][1]
for key, value in objects.items():
    if isinstance(value, dict) and "stream" in value:
        d = value["stream"]["dict"]
        if d.get("/Filter") != "/FlateDecode" and d.get("/Type") != "/Metadata":
            print(key, d.get("/Type"), d.get("/Subtype"))'
}
for input in letter-fa letter; do
  check "$input: every stream deflated" test -z "$(unfiltered "$OUT/$input-j2.pdf")"
done
"$BIFOLIO" "$SRC/samples/letter.md" --booklet --jobs 1 -o "$OUT/booklet-j1.pdf"
"$BIFOLIO" "$SRC/samples/letter.md" --booklet --jobs 2 -o "$OUT/booklet-j2.pdf"
check "booklet: --jobs 1 and --jobs 2 byte-identical" cmp "$OUT/booklet-j1.pdf" "$OUT/booklet-j2.pdf"
# With two threads the command line draws each page on a thread of its
# own while the next ones are laid out; a page whose drawing goes through
# Pango's font map (an SVG picture's text, a missing glyph's hex box) is
# drawn while the layout waits.  A long document of both, with raster
# pictures and links between them, gives the same bytes on one thread and
# two, run after run, and keeps every section.
cp "$SRC/tests/data/images/drawing.svg" "$SRC/tests/data/images/photo.jpg" "$OUT/"
python3 - "$OUT/drawn.md" <<'PY'
import sys
parts = ["---\nlang: en\n---\n"]
for i in range(60):
    parts.append(f"## Section {i}\n\n" + "Words for the drawing thread to draw. " * 40 + "\n\n")
    if i % 3 == 0:
        parts.append("![a vector drawing with a word on it](drawing.svg)\n\n")
    if i % 4 == 1:
        parts.append("No font has \ue000 or \U00010000; [back](#section-0), [on](#section-59).\n\n")
    if i % 5 == 2:
        parts.append("![a photograph](photo.jpg)\n\n")
    parts.append("Ein Absatz mit **fett** und `code`, and سلام دنیا in Persian.\n\n")
open(sys.argv[1], "w").write("".join(parts))
PY
"$BIFOLIO" "$OUT/drawn.md" --jobs 1 -o "$OUT/drawn-j1.pdf" 2> "$OUT/drawn-j1.err"
for run in 1 2 3; do
  "$BIFOLIO" "$OUT/drawn.md" --jobs 2 -o "$OUT/drawn-j2.pdf" 2> "$OUT/drawn-j2.err"
  check "pictures, hex boxes, links: --jobs 1 and --jobs 2 byte-identical (run $run)" \
    cmp "$OUT/drawn-j1.pdf" "$OUT/drawn-j2.pdf"
done
check "pictures, hex boxes, links: the same warnings" cmp "$OUT/drawn-j1.err" "$OUT/drawn-j2.err"
check "pictures, hex boxes, links: every section on the pages" \
  test "$(pdftotext "$OUT/drawn-j2.pdf" - | grep -oE 'Section [0-9]+' | sort -u | wc -l)" -eq 60
check "pictures, hex boxes, links: every picture drawn" \
  test "$(pdfimages -list "$OUT/drawn-j2.pdf" | tail -n +3 | wc -l)" -ge 12
# The command line draws into a draft that frees the pages as they are
# drawn, then finishes it into the file or onto standard output: the same
# bytes either way, for every page, chosen pages (one twice) and a booklet.
for what in all pages booklet; do
  args=()
  [ "$what" = pages ] && args=(--pages 3,1,3)
  [ "$what" = booklet ] && args=(--booklet)
  "$BIFOLIO" "$SRC/samples/letter.md" "${args[@]}" -o "$OUT/$what-file.pdf"
  "$BIFOLIO" "$SRC/samples/letter.md" "${args[@]}" -o - > "$OUT/$what-stdout.pdf"
  check "$what: file and standard output byte-identical" cmp "$OUT/$what-file.pdf" "$OUT/$what-stdout.pdf"
done
# Cairo's file is spooled to a temporary file, unlinked as soon as it is
# made, so that none is left behind even by a run killed part way; where
# none can be made it is kept in memory.  The same bytes every way.
mkdir -p "$OUT/tmp"
TMPDIR="$OUT/tmp" "$BIFOLIO" "$SRC/samples/letter.md" -o "$OUT/tmpdir.pdf"
check "spooled to a temporary file: the same bytes" cmp "$OUT/tmpdir.pdf" "$OUT/all-file.pdf"
TMPDIR="$OUT/no-such-folder" "$BIFOLIO" "$SRC/samples/letter.md" -o "$OUT/no-tmp.pdf"
check "no temporary folder: kept in memory, the same bytes" cmp "$OUT/no-tmp.pdf" "$OUT/all-file.pdf"
python3 "$SRC/bench/make-book.py" "$SRC/samples/letter.md" "$OUT/book10.md" 10
TMPDIR="$OUT/tmp" "$BIFOLIO" "$OUT/book10.md" -o "$OUT/book10.pdf" & pid=$!
spooled=0
for _ in $(seq 200); do
  if ls -l "/proc/$pid/fd" 2>/dev/null | grep "/tmp/bifolio-[^/]*\.pdf (deleted)" > /dev/null; then
    spooled=1
    break
  fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.05
done
kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
check "while drawing, Cairo's file is in an unlinked temporary file" test "$spooled" = 1
# The drawing thread, seen while the book is laid out with two threads
# and not with one.
drawing_thread () { # drawing_thread JOBS: 1 when a thread named bifolio-draw is seen
  "$BIFOLIO" "$OUT/book10.md" --jobs "$1" -o "$OUT/book10-threads.pdf" & local pid=$! seen=0
  for _ in $(seq 200); do
    if cat "/proc/$pid"/task/*/comm 2>/dev/null | grep -x bifolio-draw > /dev/null; then
      seen=1
      break
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  wait "$pid"
  echo "$seen"
}
check "--jobs 2: pages drawn on a thread of their own" test "$(drawing_thread 2)" = 1
check "--jobs 1: no drawing thread" test "$(drawing_thread 1)" = 0

check "no temporary file left, even by a killed run" test -z "$(ls -A "$OUT/tmp")"
check "--pages 3,1,3: three pages" grep -q "^Pages: *3$" <(pdfinfo "$OUT/pages-file.pdf")
check "booklet: the sheets of a booklet" grep -q "^Pages: *16$" <(pdfinfo "$OUT/booklet-file.pdf")
# Memory: the command line draws each page as soon as it is laid out and
# lets it go (bf_layout_new_drawing_pdf), so writing the PDF of a
# 20-chapter book (about 520 pages) peaks well below laying it out and
# previewing one page, which holds every page (12% below it); it peaked
# 23% above when the pages were kept to the end, 4% below when they were
# drawn only once all were laid out.
peak_kb () { # peak_kb COMMAND...: the command's peak resident memory, in KB
  python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, capture_output=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@"
}
# Not under the sanitizers, which keep freed memory in quarantine.
if [ -z "${BIFOLIO_SANITIZED:-}" ]; then
  python3 "$SRC/bench/make-book.py" "$SRC/samples/letter.md" "$OUT/book20.md" 20
  layout_kb=$(peak_kb "$BIFOLIO" "$OUT/book20.md" --pages 1 -o "$OUT/book20.png")
  pdf_kb=$(peak_kb "$BIFOLIO" "$OUT/book20.md" -o "$OUT/book20.pdf")
  echo "peak memory: laid out and one page previewed $layout_kb KB, the whole PDF written $pdf_kb KB"
  check "writing the PDF peaks at least 5% below the layout" test "$((pdf_kb * 100))" -le "$((layout_kb * 95))"
  # Growth: eight times the chapters (4 and 32, the longer past the 1 MB of
  # text up to which the blocks of the first walk are kept) take less than
  # 1.7 times the memory.  When every block and every page's text were held
  # to the end, and Cairo's file twice, it took 1.86 times (28.7 and
  # 53.4 MB); with glibc's allocator now 1.44 (28.6 and 41.2 MB), with
  # mimalloc, which the command is linked with, 1.53 to 1.59 in five runs
  # (about 36 and 56 MB: it keeps more of what threads leave behind).
  python3 "$SRC/bench/make-book.py" "$SRC/samples/letter.md" "$OUT/book4.md" 4
  python3 "$SRC/bench/make-book.py" "$SRC/samples/letter.md" "$OUT/book32.md" 32
  small_kb=$(peak_kb "$BIFOLIO" "$OUT/book4.md" -o "$OUT/book4.pdf")
  large_kb=$(peak_kb "$BIFOLIO" "$OUT/book32.md" -o "$OUT/book32.pdf")
  echo "peak memory: 4 chapters $small_kb KB, 32 chapters $large_kb KB"
  check "8 times the chapters in less than 1.7 times the memory" \
    test "$((large_kb * 10))" -lt "$((small_kb * 17))"
  check "32 chapters: every chapter's heading on the pages" \
    test "$(pdftotext "$OUT/book32.pdf" - | grep -oE 'Chapter [0-9]+' | sort -u | wc -l)" -eq 32
fi
check "PDF dated from SOURCE_DATE_EPOCH" grep -q "CreationDate: *Tue Nov 14 22:13:20 2023" <(pdfinfo "$OUT/one.pdf")
check "EPUB modified from SOURCE_DATE_EPOCH" grep -q "2023-11-14T22:13:20Z" <(unzip -p "$OUT/one.epub" OEBPS/content.opf)
finish
