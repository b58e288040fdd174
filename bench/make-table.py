#!/usr/bin/env python3
"""make-table.py OUT ROWS: a Markdown document of one table with ROWS rows
under a header: a word, a right-aligned number and a sentence per row, the
benchmark of table layout (columns sized by content, header repeated on
every page)."""
import sys

out, rows = sys.argv[1], int(sys.argv[2])
lines = ["# A long table", "", "| Name | Value | Note |", "|---|---:|---|"]
lines += [f"| item {i} | {i * 3.5:.2f} | a note about row {i}, with a few words more |"
          for i in range(rows)]
with open(out, "w", encoding="utf-8") as f:
    f.write("\n".join(lines) + "\n")
