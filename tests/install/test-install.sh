#!/usr/bin/env bash
# The installed tree: `cmake --install` into a temporary prefix, moved
# elsewhere, then the program run from it on a document in another folder
# (PDF and EPUB, fonts embedded), examples/hello.c compiled against it
# through pkg-config and run, and the shared library's exported symbols
# compared with tests/install/abi.txt; and the Debian package cpack makes.
#   $1 the build folder, $2 the source folder, $3 a scratch folder
# HELLO_CFLAGS: extra flags for hello.c (the sanitizers, when the library has them).
set -uo pipefail
rm -rf "$3" && mkdir -p "$3"
BUILD=$(cd "$1" && pwd)
SRC=$(cd "$2" && pwd)
OUT=$(cd "$3" && pwd)
failures=0
checks=0
fail () { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
check () { local what=$1; shift; if "$@"; then checks=$((checks + 1)); else fail "$what"; fi; }
# Every font embedded: pdffonts' "emb" column is "yes" on every line.
all_embedded () { pdffonts "$1" | awk 'NR > 2 { n++; if ($(NF-4) != "yes") bad++ } END { exit !(n > 0 && !bad) }'; }
# The first page's size in points, as pdfinfo prints it.
page_size () { pdfinfo "$1" | sed -n 's/^Page size: *\([0-9.]* x [0-9.]*\) pts.*/\1/p'; }

cmake --install "$BUILD" --prefix "$OUT/prefix" > "$OUT/install.log"
check "cmake --install succeeds" test $? -eq 0
P=$OUT/prefix
for f in bin/bifolio lib/libbifolio.so.0 lib/libbifolio.so include/bifolio/bifolio.h \
         lib/pkgconfig/bifolio.pc share/man/man1/bifolio.1 share/bifolio/styles/default.css \
         share/bifolio/fonts/fallback/DroidSansFallback.ttf; do
  check "installed: $f" test -e "$P/$f"
done
check "libbifolio.so.0 is a link to the versioned file" test -L "$P/lib/libbifolio.so.0"
check "SONAME libbifolio.so.0" grep -q 'SONAME *libbifolio.so.0$' <(objdump -p "$P/lib/libbifolio.so.0")
# Every font, style sheet and licence file of the source tree is installed.
( cd "$SRC" && find fonts styles -type f ) | sort > "$OUT/data-source"
( cd "$P/share/bifolio" && find fonts styles -type f ) | sort > "$OUT/data-installed"
check "every file of fonts/ and styles/ installed" cmp -s "$OUT/data-source" "$OUT/data-installed"
check "the licence files among them" test "$(grep -ciE 'ofl|licen[cs]e|copyright' "$OUT/data-installed")" -ge 4

# Move the tree, and mark its default sheet: 100 mm square pages (283.465 pt)
# show that the program and the library read the moved tree, not the source.
mkdir -p "$OUT/elsewhere" && mv "$P" "$OUT/elsewhere/bifolio" && P=$OUT/elsewhere/bifolio
printf '@page { size: 100mm 100mm }\n' >> "$P/share/bifolio/styles/default.css"
mkdir -p "$OUT/doc" && cp "$SRC/samples/letter.md" "$OUT/doc/"
cd "$OUT/doc"
env -u BIFOLIO_DATA_DIR "$P/bin/bifolio" letter.md -o letter.pdf 2> "$OUT/pdf.err"
check "installed program: PDF made" test $? -eq 0 -a -s letter.pdf
check "installed program: no warnings" test ! -s "$OUT/pdf.err"
check "installed program: data from the moved prefix (100 mm pages)" \
  test "$(page_size letter.pdf)" = "283.465 x 283.465"
check "installed program: every font embedded" all_embedded letter.pdf
check "installed program: qpdf --check" qpdf --check letter.pdf > /dev/null
env -u BIFOLIO_DATA_DIR "$P/bin/bifolio" letter.md -o letter.epub 2> "$OUT/epub.err"
check "installed program: EPUB made" test $? -eq 0 -a -s letter.epub
check "installed program: EPUB holds the bundled fonts" \
  test "$(unzip -l letter.epub | grep -c 'OEBPS/fonts/.*\.ttf')" -ge 2
BIFOLIO_DATA_DIR=$SRC "$P/bin/bifolio" letter.md -o override.pdf
check "BIFOLIO_DATA_DIR still overrides (A5 again)" test "$(page_size override.pdf)" = "419.528 x 595.276"
env -u BIFOLIO_DATA_DIR "$BUILD/bifolio" letter.md -o build-folder.pdf
check "the build folder's program uses the source tree (A5)" \
  test "$(page_size build-folder.pdf)" = "419.528 x 595.276"
check "the installed man page renders" grep -q 'bifolio' <(MANWIDTH=80 man -l "$P/share/man/man1/bifolio.1" 2>&1)

# examples/hello.c against the moved tree, through pkg-config alone.
export PKG_CONFIG_PATH=$P/lib/pkgconfig
check "pkg-config knows bifolio $(pkg-config --modversion bifolio)" pkg-config --exists bifolio
check "pkg-config's include folder is the moved tree's" \
  test "$(cd "$(pkg-config --variable=includedir bifolio)" && pwd -P)" = "$(cd "$P/include" && pwd -P)"
# shellcheck disable=SC2046,SC2086
cc ${HELLO_CFLAGS:-} "$SRC/examples/hello.c" -o "$OUT/hello" $(pkg-config --cflags --libs bifolio) \
  -Wl,-rpath,"$(pkg-config --variable=libdir bifolio)" 2> "$OUT/hello-cc.err"
check "hello.c compiles against the installed tree" test $? -eq 0
linked=$(ldd "$OUT/hello" | awk '$1 == "libbifolio.so.0" { print $3 }')
check "hello links the installed libbifolio.so.0 ($linked)" \
  test "$(readlink -f "$linked")" = "$(readlink -f "$P/lib/libbifolio.so.0")"
env -u BIFOLIO_DATA_DIR "$OUT/hello" "$OUT/hello.pdf" > "$OUT/hello.out"
check "hello runs" test $? -eq 0
check "hello prints its page count" grep -qx '1 page(s), bifolio [0-9.]*' "$OUT/hello.out"
check "hello's PDF: qpdf --check" qpdf --check "$OUT/hello.pdf" > /dev/null
check "hello's PDF: every font embedded" all_embedded "$OUT/hello.pdf"
check "hello's PDF: the Persian and the English text" \
  test "$(pdftotext "$OUT/hello.pdf" - | grep -c 'سلام\|Hello, world')" -ge 1
check "hello's library found the moved tree's data (100 mm pages)" \
  test "$(page_size "$OUT/hello.pdf")" = "283.465 x 283.465"

# ABI: exactly the committed list of symbols is exported, each declared in
# the public header.
nm -D --defined-only "$P/lib/libbifolio.so.0" | awk '{ print $3 }' | sort > "$OUT/abi.txt"
if ! diff -u "$SRC/tests/install/abi.txt" "$OUT/abi.txt" > "$OUT/abi.diff"; then
  cat "$OUT/abi.diff" >&2
  fail "exported symbols differ from tests/install/abi.txt (update it if the change is meant)"
else
  checks=$((checks + 1))
fi
while read -r symbol; do
  check "$symbol is declared in bifolio.h" grep -q "BF_API.*\b$symbol (" "$SRC/include/bifolio.h"
done < "$SRC/tests/install/abi.txt"
check "every BF_API function is in abi.txt" test "$(grep -c '^BF_API' "$SRC/include/bifolio.h")" -eq "$(wc -l < "$SRC/tests/install/abi.txt")"

# The Debian package (cpack -G DEB), where dpkg-shlibdeps is there to find
# its dependencies: unpacked anywhere, its program runs from there too.
if command -v cpack > /dev/null && command -v dpkg-shlibdeps > /dev/null; then
  cpack -G DEB --config "$BUILD/CPackConfig.cmake" -B "$OUT/deb" > "$OUT/cpack.log" 2>&1
  check "cpack -G DEB succeeds" test $? -eq 0
  deb=$(ls "$OUT"/deb/bifolio_*.deb 2> /dev/null | head -1)
  dpkg-deb -f "$deb" Depends > "$OUT/depends"
  check "Depends lists Pango, GLib and libzip" grep -q 'libglib2.0-0.*libpango-1.0-0.*libzip4' "$OUT/depends"
  dpkg-deb -x "$deb" "$OUT/unpacked"
  for f in usr/bin/bifolio usr/lib/libbifolio.so.0 usr/share/man/man1/bifolio.1 \
           usr/share/bifolio/fonts/fallback/LICENSE-Apache-2.0.txt; do
    check "the package holds $f" test -e "$OUT/unpacked/$f"
  done
  printf '@page { size: 100mm 100mm }\n' >> "$OUT/unpacked/usr/share/bifolio/styles/default.css"
  env -u BIFOLIO_DATA_DIR "$OUT/unpacked/usr/bin/bifolio" letter.md -o deb.pdf
  check "the unpacked program reads its own data (100 mm pages)" \
    test "$(page_size deb.pdf)" = "283.465 x 283.465"
fi

echo "$checks passed, $failures failed"
[ "$failures" -eq 0 ]
