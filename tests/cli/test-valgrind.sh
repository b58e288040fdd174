#!/usr/bin/env bash
# valgrind on the letter to PDF, booklet and EPUB: no memory error and no
# leak, with suppressions only for what Pango and fontconfig keep on
# purpose (tests/valgrind.supp, each commented).
. "$(dirname "$0")/lib.sh"
LETTER=$SRC/samples/letter.md
run () { # run NAME ARGS...
  local name=$1; shift
  # (the command allocates through mimalloc: valgrind follows its malloc)
  valgrind --quiet --soname-synonyms=somalloc=libmimalloc.so* --num-callers=50 --leak-check=full --errors-for-leak-kinds=definite,indirect,possible \
    --show-leak-kinds=definite,indirect,possible --error-exitcode=1 \
    --suppressions="$SRC/tests/valgrind.supp" "$BIFOLIO" "$@" 2>"$OUT/$name.log"
  check "$name: no error, no leak under valgrind" test $? -eq 0
  [ -s "$OUT/$name.log" ] && head -40 "$OUT/$name.log"
}
run pdf "$LETTER" -o "$OUT/letter.pdf"
run booklet "$LETTER" --booklet -o "$OUT/booklet.pdf"
run epub "$LETTER" -o "$OUT/letter.epub"
run persian "$SRC/samples/letter-fa.md" -o "$OUT/persian.pdf"
finish
