#!/usr/bin/env bash
# Watch mode: bifolio --watch typesets, then again after each change to the
# document, its style sheet or a picture in a folder of its own; a change
# that breaks the document keeps the last good output and prints the error;
# SIGINT ends it cleanly (exit 0, no temporaries).  Every wait is a poll
# with a bound, never a fixed sleep.
. "$(dirname "$0")/lib.sh"
mkdir -p "$OUT/doc/img" "$OUT/sheets"
LOG=$OUT/watch.log # outside the watched folders
printf '# Watch\n\nThe first version.\n\n![a picture](img/pic.png)\n' > "$OUT/doc/doc.md"
cp "$SRC/tests/data/images/alpha.png" "$OUT/doc/img/pic.png"
printf 'p { color: black }\n' > "$OUT/sheets/look.css"

# wait_for COUNT PATTERN: until the log has COUNT lines matching PATTERN (60 s at most).
wait_for () {
  for _ in $(seq 600); do
    [ "$(grep -cE "$2" "$LOG")" -ge "$1" ] && return 0
    kill -0 "$pid" 2> /dev/null || return 1
    sleep 0.1
  done
  return 1
}
text () { pdftotext "$OUT/doc/doc.pdf" - 2> /dev/null | tr -s ' \n' ' '; }

"$BIFOLIO" --watch "$OUT/doc/doc.md" --style "$OUT/sheets/look.css" 2> "$LOG" & pid=$!
check "first run written" wait_for 1 ': wrote .*doc.pdf in [0-9.]+ s, 0 warnings$'
check "then watching three folders (the picture's too)" wait_for 1 'watching 3 folders'
check "first version in the PDF" grep -q 'The first version' <(text)

printf '# Watch\n\nThe second version, with a zebra.\n\n![a picture](img/pic.png)\n' > "$OUT/doc/doc.md"
check "a change to the document: a second run" wait_for 2 ': wrote '
check "second version in the PDF" grep -q 'zebra' <(text)

printf 'p { color: black }\np::after { content: " (sheet changed)" }\n' > "$OUT/sheets/look.css"
check "a change to the style sheet: a third run" wait_for 3 ': wrote '
check "the sheet's change in the PDF" grep -q 'sheet changed' <(text)

printf '# Broken\n\nbad \xc3\x28 byte\n' > "$OUT/doc/doc.md"
check "a broken document: the error with its line" wait_for 1 'doc.md:3:5: invalid UTF-8'
check "and one line saying the output was kept" wait_for 1 ': failed \(exit 1\); .*doc.pdf is left as it was'
check "the last good PDF kept" grep -q 'zebra' <(text)
check "only the document's changes ran: three writes so far" test "$(grep -c ': wrote ' "$LOG")" -eq 3

printf '# Mended\n\nThe mended version.\n\n![a picture](img/pic.png)\n' > "$OUT/doc/doc.md"
check "mended: written again" wait_for 4 ': wrote '
check "mended version in the PDF" grep -q 'mended version' <(text)

# A new picture in the document's img/ folder: a fifth run, which draws it.
cp "$SRC/tests/data/images/hidpi.png" "$OUT/doc/img/pic.tmp" && mv "$OUT/doc/img/pic.tmp" "$OUT/doc/img/pic.png"
check "a change to a picture in img/: a fifth run" wait_for 5 ': wrote '
check "the new picture drawn" bash -c "pdfimages -list '$OUT/doc/doc.pdf' | awk 'NR > 2' | grep -q ."

kill -INT "$pid"
wait "$pid"
check "SIGINT: exit 0" test $? -eq 0
check "no temporary left" test -z "$(ls -A "$OUT/doc" | grep -v '^doc\.\(md\|pdf\)$\|^img$')"

"$BIFOLIO" --watch "$OUT/doc/doc.md" -o - > /dev/null 2> "$OUT/err"
check "--watch with -o -: exit 2" test $? -eq 2
"$BIFOLIO" --watch "$OUT/doc/doc.md" -o "$OUT/doc/x.docx" 2> "$OUT/err"
check "--watch with an output it cannot write: exit 2 at once" test $? -eq 2
finish
