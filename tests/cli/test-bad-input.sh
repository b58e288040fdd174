#!/usr/bin/env bash
# Bad input gets one clear line on stderr and the right exit code, and
# never leaves a partial file or replaces a good one.
. "$(dirname "$0")/lib.sh"

expect () { # expect CODE PATTERN -- ARGS...
  local code=$1 pattern=$2; shift 3
  "$BIFOLIO" "$@" 2>"$OUT/err" >/dev/null
  local got=$?
  check "exit $code for: $*" test "$got" -eq "$code"
  check "message '$pattern' for: $*" grep -qE "$pattern" "$OUT/err"
  check "one line on stderr for: $*" test "$(grep -c '^bifolio: ' "$OUT/err")" -ge 1
}

expect 1 "^bifolio: $OUT/missing.md: cannot read: no such file$" -- "$OUT/missing.md" -o "$OUT/x.pdf"
check "no output for a missing input" test ! -e "$OUT/x.pdf"

printf 'Fine line\nsecond \xc3\x28 bad\n' > "$OUT/bad-utf8.md"
expect 1 "^bifolio: $OUT/bad-utf8.md:2:8: invalid UTF-8 \(byte 0xC3\)$" -- "$OUT/bad-utf8.md" -o "$OUT/x.pdf"
check "no output for invalid UTF-8" test ! -e "$OUT/x.pdf"

printf -- '---\ntitle: ok\nauthor: [unclosed\n---\n\nBody.\n' > "$OUT/bad-yaml.md"
expect 1 "^bifolio: $OUT/bad-yaml.md:[34]:[0-9]+: malformed front matter" -- "$OUT/bad-yaml.md" -o "$OUT/x.pdf"
printf -- '---\ntitle: never closed\n\nBody.\n' > "$OUT/open-yaml.md"
expect 1 "^bifolio: $OUT/open-yaml.md:1:1: front matter is not closed" -- "$OUT/open-yaml.md" -o "$OUT/x.epub"

printf 'Good.\n' > "$OUT/good.md"
expect 1 "^bifolio: $OUT/no/such/dir/out.pdf: cannot write" -- "$OUT/good.md" -o "$OUT/no/such/dir/out.pdf"
expect 1 "^bifolio: $OUT/no/such/dir/out.epub: cannot write" -- "$OUT/good.md" -o "$OUT/no/such/dir/out.epub"
mkdir -p "$OUT/folder.pdf"
expect 1 "^bifolio: $OUT/folder.pdf: is a folder" -- "$OUT/good.md" -o "$OUT/folder.pdf"

# A failed run leaves an earlier good output as it was, and no temporary.
"$BIFOLIO" "$OUT/good.md" -o "$OUT/kept.pdf" && "$BIFOLIO" "$OUT/good.md" -o "$OUT/kept.epub"
cp "$OUT/kept.pdf" "$OUT/kept.pdf.orig" && cp "$OUT/kept.epub" "$OUT/kept.epub.orig"
expect 1 "invalid UTF-8" -- "$OUT/bad-utf8.md" -o "$OUT/kept.pdf"
expect 1 "invalid UTF-8" -- "$OUT/bad-utf8.md" -o "$OUT/kept.epub"
check "earlier PDF untouched" cmp -s "$OUT/kept.pdf" "$OUT/kept.pdf.orig"
check "earlier EPUB untouched" cmp -s "$OUT/kept.epub" "$OUT/kept.epub.orig"
# A write that fails part way (file size limit) leaves the good file too.
(ulimit -f 8; "$BIFOLIO" "$SRC/samples/letter.md" -o "$OUT/kept.pdf" 2>"$OUT/err-limit")
check "size-limited run fails" test $? -ne 0
check "size-limited run says why, in one line, naming the output" \
  test "$(grep -c "^bifolio: $OUT/kept.pdf: .*File too large" "$OUT/err-limit")" -eq 1 -a "$(wc -l < "$OUT/err-limit")" -eq 1
check "earlier PDF untouched after a failed write" cmp -s "$OUT/kept.pdf" "$OUT/kept.pdf.orig"
check "no temporary files left" test -z "$(ls -A "$OUT" | grep -E '^\.(kept|x|out)' )"

# A process killed while writing (the 40-chapter book takes about a second
# to PDF, the 300-chapter one as long to EPUB) leaves the earlier output as
# it was and no temporary file.
python3 "$SRC/bench/make-book.py" "$SRC/samples/letter.md" "$OUT/book-pdf.md" 40
python3 "$SRC/bench/make-book.py" "$SRC/samples/letter.md" "$OUT/book-epub.md" 300
for kind in pdf epub; do
  "$BIFOLIO" "$OUT/good.md" -o "$OUT/killed.$kind"
  cp "$OUT/killed.$kind" "$OUT/killed.$kind.orig"
  "$BIFOLIO" "$OUT/book-$kind.md" -o "$OUT/killed.$kind" & pid=$!
  sleep 0.3; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
  check "killed ($kind): earlier output untouched" cmp -s "$OUT/killed.$kind" "$OUT/killed.$kind.orig"
  check "killed ($kind): no temporary left" test -z "$(ls -A "$OUT" | grep -E '^\.killed')"
done

# Odd but valid structure is set, not a crash: a block inside a link.
printf '<p><a href="#x">a<div>b</div></a><span dir="rtl">c<div>d</div></span></p>\n' > "$OUT/block-in-inline.html"
"$BIFOLIO" "$OUT/block-in-inline.html" -o "$OUT/block-in-inline.pdf" 2>/dev/null
check "block inside an inline element" test $? -eq 0

# Bad usage: exit 2.
expect 2 "^bifolio: unknown option '--bogus'" -- --bogus "$OUT/good.md"
expect 2 "^bifolio: no input file" -- -o "$OUT/y.pdf"
expect 2 "^bifolio: unknown paper 'B12'" -- "$OUT/good.md" --paper B12
expect 2 "^bifolio: --format must be pdf, epub or png" -- "$OUT/good.md" --format docx
expect 2 "^bifolio: option '-o' needs a value" -- "$OUT/good.md" -o
expect 2 "^bifolio: --jobs needs a number of threads from 1 to 64" -- "$OUT/good.md" --jobs 0
expect 2 "^bifolio: --jobs needs a number of threads from 1 to 64" -- "$OUT/good.md" -j 2x
cp "$OUT/good.md" "$OUT/same.pdf"
expect 2 "^bifolio: the output would overwrite the input" -- "$OUT/same.pdf" -o "$OUT/same.pdf"
check "input kept when output would overwrite it" cmp -s "$OUT/same.pdf" "$OUT/good.md"
finish
