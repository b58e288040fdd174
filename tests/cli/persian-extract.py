#!/usr/bin/env python3
"""Counts the Persian paragraphs of a Markdown file that come back from a PDF
exactly as typed (whitespace aside) through mutool and through pdftotext.

Usage: persian-extract.py LETTER.md LETTER.pdf [--require-mutool N] [--require-poppler N]
Prints the counts and the paragraphs that failed; exits 1 when a count is
below what is required."""
import re
import subprocess
import sys

ARABIC = re.compile(r'[\u0600-\u06FF]')
LATIN = re.compile(r'[A-Za-z]')
BIDI_CONTROLS = re.compile('[\u200e\u200f\u202a-\u202e\u2066-\u2069\\s]')


def persian_paragraphs(md):
    text = re.sub(r'<[^>]+>', '\n\n', open(md, encoding='utf-8').read())
    paras = [p.strip() for p in re.split(r'\n\s*\n', text)]
    return [p for p in paras if ARABIC.search(p) and not LATIN.search(p)]


def squeeze(text):
    # Page numbers (lines holding only a number) fall between the lines of a
    # paragraph that crosses a page; they are not part of its text.
    text = re.sub(r'(?m)^\s*\d+\s*$', '', text)
    return BIDI_CONTROLS.sub('', text.replace('\\', ''))


def main():
    md, pdf = sys.argv[1], sys.argv[2]
    required = {'mutool': 0, 'poppler': 0}
    args = sys.argv[3:]
    for i in range(0, len(args), 2):
        required[args[i].replace('--require-', '')] = int(args[i + 1])
    extracted = {
        'mutool': subprocess.run(['mutool', 'draw', '-F', 'txt', '-o', '-', pdf],
                                 capture_output=True, text=True).stdout,
        'poppler': subprocess.run(['pdftotext', '-enc', 'UTF-8', pdf, '-'],
                                  capture_output=True, text=True).stdout,
    }
    paras = persian_paragraphs(md)
    ok = True
    for tool, text in extracted.items():
        flat = squeeze(text)
        good = [p for p in paras if squeeze(p) in flat]
        print(f'{tool}: {len(good)}/{len(paras)}')
        for p in paras:
            if p not in good:
                print(f'  missing: {p[:60]}')
        if len(good) < required[tool]:
            ok = False
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
