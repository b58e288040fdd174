#!/usr/bin/env python3
"""Whether the text of a Markdown file comes back from its PDF, through MuPDF
(mutool draw -F txt) and poppler (pdftotext).

Usage: paragraphs-back.py DOC.md DOC.pdf [--no-mutool] [--poppler-letters-only]
Through MuPDF, each paragraph (a Markdown block or list item less its
markup: front matter, tags, "> ", "- ", hard-break backslashes; the front
matter's title one more) must come back exactly as typed, white space and
list bullets aside, a word hyphenated at a line's end joined again.
Through poppler, the same for the paragraphs of one direction without
Hebrew points (poppler reorders the punctuation around a Latin phrase in a
right-to-left line, and takes a pointed letter's marks, which the PDF draws
at the font's offsets, for characters of another word or line); and the
document's letters and marks as a whole, counted (a multiset), must be
those typed: nothing lost, nothing added, in whatever order.
--no-mutool: MuPDF is not asked.
--poppler-letters-only: poppler is asked for the letters only.
Prints what failed; exits 1 when anything asked for does not come back."""
import collections
import re
import subprocess
import sys
import unicodedata

BIDI_CONTROLS = re.compile('[\u200e\u200f\u202a-\u202e\u2066-\u2069]')
HEBREW_POINTS = re.compile('[\u05b0-\u05bc\u05c1\u05c2\u05c7]')
RIGHT_TO_LEFT = re.compile('[\u0590-\u08ff]')
LATIN = re.compile('[A-Za-z]')
BLOCK_TAGS = re.compile(r'</?(p|div|blockquote|ul|ol|li|h[1-6])\b[^>]*>', re.I)


def paragraphs(md):
    text = open(md, encoding='utf-8').read()
    front = re.match(r'\A---\n(.*?)\n---\n', text, flags=re.S)
    out = []
    if front:
        title = re.search(r'(?m)^title:\s*(.+)$', front.group(1))
        if title:
            out.append(title.group(1).strip())
        text = text[front.end():]
    text = re.sub(r'<[^>]+>', '', BLOCK_TAGS.sub('\n\n', text))
    text = re.sub(r'(?m)^- ', '\n', text)  # each list item a paragraph
    for block in re.split(r'\n\s*\n', text):
        lines = [re.sub(r'^> ', '', line).rstrip('\\') for line in block.split('\n')]
        para = ' '.join(line.strip() for line in lines).strip()
        if para:
            out.append(para)
    return out


def squeeze(text):
    # Page numbers (lines holding only a number) fall between the lines of a
    # paragraph that crosses a page; they are not part of its text.
    text = re.sub(r'(?m)^\s*\d+\s*$', '', text)
    text = re.sub(r'([A-Za-z])-\n', r'\1', text)  # hyphenated at a line's end
    text = text.replace('\u2022', '')  # list bullets
    return re.sub(r'\s', '', BIDI_CONTROLS.sub('', unicodedata.normalize('NFC', text)))


def extract(tool, pdf):
    cmd = (['mutool', 'draw', '-F', 'txt', '-o', '-', pdf] if tool == 'mutool'
           else ['pdftotext', '-enc', 'UTF-8', pdf, '-'])
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def letters(text):
    return collections.Counter(c for c in unicodedata.normalize('NFC', text)
                               if unicodedata.category(c)[0] in 'LM')


def letters_back(md, pdf):
    typed = letters(' '.join(paragraphs(md)))
    got = letters(squeeze(extract('poppler', pdf)))
    lost, added = typed - got, got - typed
    print(f'poppler: {sum(typed.values())} letters typed, {sum(lost.values())} lost, '
          f'{sum(added.values())} added')
    for name, diff in (('lost', lost), ('added', added)):
        if diff:
            print(f'  {name}: ' + ' '.join(f'U+{ord(c):04X}×{n}' for c, n in diff.items()))
    return not lost and not added


def paragraphs_back(tool, md, pdf):
    flat = squeeze(extract(tool, pdf))
    asked = [p for p in paragraphs(md)
             if tool == 'mutool' or not (HEBREW_POINTS.search(p)
                                         or (RIGHT_TO_LEFT.search(p) and LATIN.search(p)))]
    missing = [p for p in asked if squeeze(p) not in flat]
    print(f'{tool}: {len(asked) - len(missing)}/{len(asked)} paragraphs')
    for p in missing:
        print(f'  missing: {p[:70]}')
    return not missing


def main():
    md, pdf = sys.argv[1], sys.argv[2]
    options = sys.argv[3:]
    ok = letters_back(md, pdf)
    if '--no-mutool' not in options:
        ok &= paragraphs_back('mutool', md, pdf)
    if '--poppler-letters-only' not in options:
        ok &= paragraphs_back('poppler', md, pdf)
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
