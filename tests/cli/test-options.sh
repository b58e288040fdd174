#!/usr/bin/env bash
# The command line as GOption reads it: both spellings of a value (and a
# short option's value written against it, as getopt reads it), grouped
# help, one-line errors with exit 2 for bad usage, output names bifolio does
# not write refused, and "-" for standard input and output.
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1700000000

printf -- '---\ntitle: Options\nlang: fa\n---\n\nسلام **دنیا** and hello.\n\nA second paragraph.\n' > "$OUT/doc.md"

usage () { # usage PATTERN ARGS...: exit 2 and PATTERN as the one line on stderr
  local pattern=$1; shift
  "$BIFOLIO" "$@" > /dev/null 2> "$OUT/err"
  check "exit 2 for: $*" test $? -eq 2
  check "'$pattern' for: $*" grep -qE "$pattern" "$OUT/err"
  check "one line for: $*" test "$(wc -l < "$OUT/err")" -eq 1
}

# --opt=value and --opt value give the same file.
"$BIFOLIO" "$OUT/doc.md" --paper A6 --output "$OUT/spaced.pdf"
"$BIFOLIO" "$OUT/doc.md" --paper=A6 --output="$OUT/equals.pdf"
"$BIFOLIO" "$OUT/doc.md" -p A6 -o "$OUT/short.pdf"
check "--opt=value same as --opt value" cmp -s "$OUT/spaced.pdf" "$OUT/equals.pdf"
check "-p same as --paper" cmp -s "$OUT/spaced.pdf" "$OUT/short.pdf"
# A value against its short option, as getopt reads it ("-pA6", "-ofile",
# "-j2"); a value apart that begins with a dash is still a value.
"$BIFOLIO" "$OUT/doc.md" -pA6 -j2 "-o$OUT/attached.pdf"
check "-pA6 -ofile same as -p A6 -o file" cmp -s "$OUT/short.pdf" "$OUT/attached.pdf"
"$BIFOLIO" "$OUT/doc.md" -p A6 -o - > "$OUT/dash-value.pdf"
check "-o - is still standard output" cmp -s "$OUT/short.pdf" "$OUT/dash-value.pdf"
usage "jobs needs a number" "$OUT/doc.md" -j0 -o "$OUT/x.pdf"
check "--paper=A6 is A6 (105 × 148 mm = 297.64 × 419.53 pt)" \
  grep -q '297.638 x 419.528 pts' <(pdfinfo "$OUT/equals.pdf")
"$BIFOLIO" "$OUT/doc.md" --style="$SRC/styles/booklet.css" -s "$SRC/styles/persian.css" -o "$OUT/styled.pdf"
check "repeated --style, both spellings" test $? -eq 0 -a -s "$OUT/styled.pdf"

# Help: grouped, on standard output, exit 0.
"$BIFOLIO" --help > "$OUT/help" 2>&1
check "--help exits 0" test $? -eq 0
check "--help names the groups" grep -q -- '--help-booklet' "$OUT/help"
check "--help names --paper" grep -q -- '--paper=PAPER' "$OUT/help"
check "--help leaves the booklet options to --help-booklet" test -z "$(grep -- '--creep' "$OUT/help")"
"$BIFOLIO" --help-booklet > "$OUT/help-booklet"
check "--help-booklet lists --creep" grep -q -- '--creep=LENGTH' "$OUT/help-booklet"
"$BIFOLIO" --help-epub > "$OUT/help-epub"
check "--help-epub lists --cover" grep -q -- '--cover=FILE' "$OUT/help-epub"
check "-V" grep -qx 'bifolio [0-9.]*' <("$BIFOLIO" -V)

# Bad usage.
usage "^bifolio: unknown option '--foo'; see 'bifolio --help'$" "$OUT/doc.md" --foo
usage "^bifolio: unknown option '--foo'; see 'bifolio --help'$" --foo=bar "$OUT/doc.md"
usage "^bifolio: unknown option '-x'" -x "$OUT/doc.md"
usage "^bifolio: option '--paper' needs a value" "$OUT/doc.md" --paper
usage "^bifolio: more than one input file" "$OUT/doc.md" "$OUT/doc.md"
usage "^bifolio: --from must be md, html or txt" "$OUT/doc.md" --from docx -o "$OUT/x.pdf"

# An output name whose extension bifolio does not write is refused, naming
# the formats, unless --format says which; nothing is written.
for name in letter.html letter.docx letter.svg; do
  usage "^bifolio: cannot tell what to write to '$OUT/$name': bifolio writes \.pdf, \.epub and \.png" \
    "$OUT/doc.md" -o "$OUT/$name"
  check "nothing written: $name" test ! -e "$OUT/$name"
done
"$BIFOLIO" "$OUT/doc.md" -o "$OUT/upper.PDF"
check ".PDF is a PDF" grep -q '^PDF version' <(pdfinfo "$OUT/upper.PDF")
"$BIFOLIO" "$OUT/doc.md" -o "$OUT/forced.html" --format epub
check "--format epub writes an EPUB whatever the name" \
  test "$(unzip -p "$OUT/forced.html" mimetype)" = application/epub+zip
"$BIFOLIO" "$OUT/doc.md" -o "$OUT/noext"
check "no extension: a PDF" grep -q '^PDF version' <(pdfinfo "$OUT/noext")

# "-": standard input and output, byte for byte the same as from files.
"$BIFOLIO" "$OUT/doc.md" -o "$OUT/file.pdf"
"$BIFOLIO" - -o - < "$OUT/doc.md" > "$OUT/pipe.pdf"
check "stdin to stdout: exit 0" test $? -eq 0
check "stdin to stdout: same PDF as from the file" cmp -s "$OUT/file.pdf" "$OUT/pipe.pdf"
check "stdout PDF passes qpdf" qpdf --check "$OUT/pipe.pdf" > /dev/null
cat "$OUT/doc.md" | "$BIFOLIO" - -o "$OUT/from-stdin.pdf"
check "stdin to a file" cmp -s "$OUT/file.pdf" "$OUT/from-stdin.pdf"
check "stdin's text is in the PDF" grep -q 'second paragraph' <(pdftotext "$OUT/from-stdin.pdf" -)
"$BIFOLIO" "$OUT/doc.md" -o "$OUT/file.epub"
"$BIFOLIO" "$OUT/doc.md" -o - --format epub > "$OUT/pipe.epub"
check "EPUB to stdout: same as to a file" cmp -s "$OUT/file.epub" "$OUT/pipe.epub"
"$BIFOLIO" "$OUT/doc.md" --booklet -o "$OUT/booklet.pdf"
"$BIFOLIO" "$OUT/doc.md" --booklet -o - > "$OUT/booklet-pipe.pdf"
check "booklet to stdout: same as to a file" cmp -s "$OUT/booklet.pdf" "$OUT/booklet-pipe.pdf"
printf '<p>Hyper <b>text</b> from a pipe</p>\n' | "$BIFOLIO" - --from html -o "$OUT/html.pdf"
check "--from html on stdin" grep -q 'Hyper text from a pipe' <(pdftotext "$OUT/html.pdf" -)
printf '# not a heading\n' | "$BIFOLIO" - --from txt -o "$OUT/txt.pdf"
check "--from txt keeps the #" grep -q '# not a heading' <(pdftotext "$OUT/txt.pdf" -)
printf 'bad \xc3\x28 byte\n' | "$BIFOLIO" - -o "$OUT/bad.pdf" 2> "$OUT/err"
check "bad stdin: exit 1, named stdin with line and column" \
  test $? -eq 1 -a -n "$(grep '^bifolio: stdin:1:5: invalid UTF-8' "$OUT/err")"
usage "^bifolio: standard input needs -o" -
usage "^bifolio: --stats prints to standard output" "$OUT/doc.md" --stats -o -
finish
