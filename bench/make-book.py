#!/usr/bin/env python3
"""Builds the benchmark book: 40 chapters, each the whole letter sample (the
Persian letter in its right-to-left block, the English translation, every
reader comment), headings moved one level down under a chapter heading.

With a fourth argument, a picture file, each chapter opens with that
picture (the same file forty times: a PDF should embed it once).

Usage: make-book.py samples/letter.md OUT.md [CHAPTERS [PICTURE]]"""
import re
import sys

source, out = sys.argv[1], sys.argv[2]
chapters = int(sys.argv[3]) if len(sys.argv) > 3 else 40
picture = sys.argv[4] if len(sys.argv) > 4 else None
text = open(source, encoding='utf-8').read()
body = re.sub(r'\A---\n.*?\n---\n', '', text, flags=re.S)
body = re.sub(r'(?m)^(#+) ', r'#\1 ', body)
with open(out, 'w', encoding='utf-8') as f:
    f.write('---\ntitle: The Letter, Forty Times\nauthor: bifolio benchmark\nlang: en\n---\n\n')
    for i in range(1, chapters + 1):
        opening = f'![Chapter {i}]({picture})\n\n' if picture else ''
        f.write(f'# Chapter {i}\n\n{opening}{body}\n')
