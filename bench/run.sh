#!/usr/bin/env bash
# The benchmark: typesets the 40-chapter bilingual book (about 1.8 M
# characters) to PDF and to EPUB, a 10,000-row table and the book ten times
# over, three runs each, and reports the median
# wall time, pages per second and peak memory (GNU time's maximum RSS).
# Usage: bench/run.sh [path/to/bifolio] [runs]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bifolio=${1:-$here/../build/bifolio}
runs=${2:-3}
out=$here/out
mkdir -p "$out"
python3 "$here/make-book.py" "$here/../samples/letter.md" "$out/book.md" 40
chars=$(python3 -c "import sys; print(len(open(sys.argv[1], encoding='utf-8').read()))" "$out/book.md")
echo "book: $out/book.md, $chars characters"

median () { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

measure () { # measure FORMAT [booklet|greedy|page-list|sheet|pictures|table|book10|kashida|inter-word]
  local fmt=$1 extra=() times=() rss=() book=$out/book.md
  [ "${2:-}" = booklet ] && extra=(--booklet)
  [ "${2:-}" = sheet ] && extra=(--style "$here/../styles/booklet.css")
  [ "${2:-}" = page-list ] && extra=(--page-list)
  [ "${2:-}" = greedy ] && extra=(--line-break greedy)
  [ "${2:-}" = kashida ] && extra=(--style "$out/kashida.css")
  [ "${2:-}" = inter-word ] && extra=(--style "$out/inter-word.css")
  [ "${2:-}" = pictures ] && book=$out/book-pictures.md
  [ "${2:-}" = table ] && book=$out/table.md
  [ "${2:-}" = book10 ] && book=$out/book10.md
  for i in $(seq "$runs"); do
    /usr/bin/time -f '%e %M' -o "$out/time.$fmt" "$bifolio" "$book" "${extra[@]}" -o "$out/book.$fmt"
    read -r t m < "$out/time.$fmt"
    times+=("$t"); rss+=("$m")
  done
  local t m
  t=$(printf '%s\n' "${times[@]}" | median)
  m=$(printf '%s\n' "${rss[@]}" | median)
  t_last=$t m_last=$m
  if [ "$fmt" = pdf ]; then
    local pages
    pages=$(pdfinfo "$out/book.pdf" | awk '/^Pages:/ {print $2}')
    printf '%-9s %s s median of %s (%s), %s PDF pages, %.0f pages/s, peak %.0f MB\n' \
      "${2:-PDF}:" "$t" "$runs" "${times[*]}" "$pages" "$(echo "$pages / $t" | bc -l)" "$(echo "$m / 1024" | bc -l)"
    if [ "${2:-}" = pictures ]; then
      printf '%-9s the PDF is %s bytes with the picture, %s without (the picture: %s bytes)\n' \
        "" "$(stat -c %s "$out/book.pdf")" "$plain_size" "$(stat -c %s "$out/chapter.jpg")"
    fi
  else
    printf '%-9s %s s median of %s (%s), peak %.0f MB, %s bytes\n' \
      "${2:-EPUB}:" "$t" "$runs" "${times[*]}" "$(echo "$m / 1024" | bc -l)" "$(stat -c %s "$out/book.epub")"
  fi
}
# Style computation with the booklet sheet (running heads, mirrored
# margins, string-set on every chapter): the cascade's own time, from
# --stats, against the whole run's.
styles () {
  local shares=() times=()
  for i in $(seq "$runs"); do
    local start end style
    start=$(date +%s.%N)
    style=$("$bifolio" "$out/book.md" --style "$here/../styles/booklet.css" --stats -o "$out/book-sheet.pdf" \
            | awk '/^time:/ { print $2 }')
    end=$(date +%s.%N)
    times+=("$style")
    shares+=("$(echo "100 * $style / ($end - $start)" | bc -l)")
  done
  printf '%-9s %s s median of %s (%s) computing styles, %.1f %% of the whole run\n' \
    "styles:" "$(printf '%s\n' "${times[@]}" | median)" "$runs" "${times[*]}" \
    "$(printf '%s\n' "${shares[@]}" | median)"
}

measure pdf
plain_size=$(stat -c %s "$out/book.pdf")
book_time=$t_last book_rss=$m_last
# A picture of about 2 MB at every chapter's start (a JPEG made from the
# book's own first page): embedded once, so the PDF grows by its size.
pdftoppm -f 1 -l 1 -r 600 -jpeg -jpegopt quality=98 -singlefile "$out/book.pdf" "$out/chapter"
python3 "$here/make-book.py" "$here/../samples/letter.md" "$out/book-pictures.md" 40 "$out/chapter.jpg"
measure pdf pictures
# One table of 10,000 rows: its columns sized by their content, its header
# on every page.
python3 "$here/make-table.py" "$out/table.md" 10000
measure pdf table
measure pdf sheet
styles
measure pdf greedy
# text-justify: kashida on every justified paragraph (the Persian ones
# take elongated joins) against inter-word, side by side.
printf 'p, li { text-justify: kashida }\n' > "$out/kashida.css"
printf 'p, li { text-justify: inter-word }\n' > "$out/inter-word.css"
measure pdf inter-word
inter_word_time=$t_last
measure pdf kashida
printf '%-9s %.2f times the time of inter-word justification\n' "kashida:" \
  "$(echo "$t_last / $inter_word_time" | bc -l)"
measure pdf booklet
measure epub
measure epub page-list
# Ten times the book (400 chapters, about 12,000 pages): time and memory
# against the 40-chapter book's, which linear costs keep near 10 and 1.
python3 "$here/make-book.py" "$here/../samples/letter.md" "$out/book10.md" 400
measure pdf book10
printf '%-9s %.1f times the time, %.1f times the memory of the 40-chapter book\n' "book10:" \
  "$(echo "$t_last / $book_time" | bc -l)" "$(echo "$m_last / $book_rss" | bc -l)"
