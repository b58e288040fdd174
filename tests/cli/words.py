#!/usr/bin/env python3
"""words.py PDF PAGE [Y0 Y1]: the words of one page (from pdftotext -bbox),
one per line as "XMIN XMAX YMIN YMAX WORD", top to bottom, left to right,
only those whose top lies between Y0 and Y1 points when given."""
import re
import subprocess
import sys

pdf, page = sys.argv[1], int(sys.argv[2])
y0, y1 = (float(sys.argv[3]), float(sys.argv[4])) if len(sys.argv) > 4 else (-1e9, 1e9)
xml = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", pdf, "-"],
                     capture_output=True, text=True, check=True).stdout
words = []
for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', xml):
    x0, top, x1, bottom = (float(m.group(i)) for i in (1, 2, 3, 4))
    if y0 <= top <= y1:
        words.append((round(top), x0, x1, top, bottom, m.group(5)))
for _, x0, x1, top, bottom, word in sorted(words):
    print(f"{x0:.1f} {x1:.1f} {top:.1f} {bottom:.1f} {word}")
