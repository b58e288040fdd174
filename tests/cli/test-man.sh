#!/usr/bin/env bash
# The man page, --help and the README agree: every option --help-all prints
# is a tagged entry of the man page's OPTIONS and is in the README's option
# list, and the reverse; the man page renders without a warning.
. "$(dirname "$0")/lib.sh"
MAN=$SRC/man/bifolio.1

# Long options only, one a line, sorted: the short ones sit on the same lines.
long_options () { grep -oE -- '--[a-z][a-z-]*[a-z]' | sort -u; }

"$BIFOLIO" --help-all > "$OUT/help"
check "--help-all exits 0" test $? -eq 0
grep -oE '^  (-[A-Za-z?], )?--[a-z][a-z-]*' "$OUT/help" | long_options > "$OUT/from-help"
# The man page: the tag line after each .TP in the OPTIONS section.
awk '/^\.SH OPTIONS/ { on = 1; next } /^\.SH/ { on = 0 } on && tag { print; tag = 0 }
     on && /^\.TP/ { tag = 1 }' "$MAN" | sed 's/\\-/-/g' | long_options > "$OUT/from-man"
# The README: the option lines of the block under "## Command line".
awk '/^## Command line/ { on = 1; next } on && /^```/ { n++; if (n == 2) exit; next }
     on && n == 1' "$SRC/README.md" | grep -oE '^  (-[A-Za-z?], )?--[a-z][a-z-]*' \
  | long_options > "$OUT/from-readme"

check "--help-all lists at least the 31 options bifolio has" test "$(wc -l < "$OUT/from-help")" -ge 31
for other in man readme; do
  missing=$(comm -23 "$OUT/from-help" "$OUT/from-$other" | tr '\n' ' ')
  extra=$(comm -13 "$OUT/from-help" "$OUT/from-$other" | tr '\n' ' ')
  check "every option of --help is in the $other: missing ${missing:-none}" test -z "$missing"
  check "every option of the $other is in --help: extra ${extra:-none}" test -z "$extra"
done
# The exit codes and the environment are documented.
for word in 'EXIT STATUS' SOURCE_DATE_EPOCH BIFOLIO_DATA_DIR FILES EXAMPLES; do
  check "man page has $word" grep -q "$word" "$MAN"
done

if command -v groff > /dev/null; then
  groff -man -Tutf8 -ww -z "$MAN" 2> "$OUT/groff.err"
  check "groff renders the man page without a warning" test ! -s "$OUT/groff.err"
  groff -man -Tutf8 "$MAN" 2> /dev/null | col -b > "$OUT/man.txt"
  check "the rendered page shows --booklet-keep-back-cover" grep -q -- '--booklet-keep-back-cover' "$OUT/man.txt"
fi
finish
