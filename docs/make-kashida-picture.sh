#!/bin/sh
# Makes docs/kashida.png, the README's picture of text-justify: kashida:
# docs/kashida.html (one Persian paragraph justified by its spaces only and
# with kashida, side by side) typeset by the built bifolio, cropped to its
# text at 150 dpi, in grey.
# Usage: docs/make-kashida-picture.sh [BIFOLIO]   (default: build/bifolio)
set -eu
cd "$(dirname "$0")/.."
BIFOLIO=${1:-build/bifolio}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$BIFOLIO" docs/kashida.html -o "$tmp/kashida.pdf"
"$BIFOLIO" docs/kashida.html --trace > "$tmp/kashida.trace"
# The crop, in pixels: the text's extent (glyph runs' origins and advances,
# 12 pt up for the ascenders, 8 pt down for the descenders), 6 pt of white
# around it.
crop=$(awk -v dpi=150 '
  /^  glyphs/ {
    for (i = 2; i <= 4; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    if (!n++ || v["x"] < x0) x0 = v["x"]
    if (v["x"] + v["w"] > x1) x1 = v["x"] + v["w"]
    if (n == 1 || v["y"] < y0) y0 = v["y"]
    if (v["y"] > y1) y1 = v["y"]
  }
  END {
    s = dpi / 72
    left = (x0 - 6) * s; top = (y0 - 12 - 6) * s
    printf "-x %d -y %d -W %d -H %d", left, top, (x1 + 6) * s - left, (y1 + 8 + 6) * s - top
  }' "$tmp/kashida.trace")
# shellcheck disable=SC2086 # the crop is four options
pdftoppm -r 150 -gray -png -singlefile $crop "$tmp/kashida.pdf" docs/kashida
if command -v optipng > /dev/null; then optipng -quiet -o5 docs/kashida.png; fi
echo "wrote docs/kashida.png ($(wc -c < docs/kashida.png) bytes)"
