#!/usr/bin/env python3
"""Counts the paragraphs of a document that come back from its PDF exactly as
typed, word spaces included, through each text extractor a reader meets:
MuPDF (mutool draw -F txt), poppler (pdftotext; pdfinfo -struct-text, the
tag tree's text) and pdf.js (Firefox's viewer, tests/js/pdfjs-text.mjs).

Usage: text-layer.py SOURCE.md|SOURCE.html DOC.pdf [--require NAME=N]...
         [--require-spaceless NAME=N]... [--show NAME] [--save DIR]
The paragraphs come from the source, not from bifolio: Markdown through
cmark-gfm, then every paragraph, heading (less the attributes pandoc's
syntax may end it with: "{#id .class}"), list item and table cell of the
HTML (code blocks aside), its text with runs of white space made one space.
A paragraph comes back when it occurs in the extracted text with runs of
white space made one space, bidi controls taken out (poppler marks
right-to-left lines with them), lines holding only a page number taken out
and a word hyphenated at a line's end joined again.
NAME is mupdf, poppler, struct or pdfjs.  Prints "NAME: K/N" per
extractor, and how many come back with every white space taken out of
both (their letters in order, word spaces aside); --show prints the paragraphs that did not come back; --save
keeps each extractor's text in DIR.  Exits 1 when a count is below what is
required, 2 when an extractor cannot be run."""
import html.parser
import os
import re
import subprocess
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
PDFJS = os.path.join(HERE, '..', 'js', 'pdfjs-text.mjs')
BIDI_CONTROLS = re.compile('[\u200e\u200f\u202a-\u202e\u2066-\u2069\u00ad]')
PAGE_NUMBER_LINE = re.compile(r'(?m)^[\s\u200e\u200f\u202a-\u202e]*[0-9\u0660-\u0669\u06f0-\u06f9]+'
                              r'[\s\u200e\u200f\u202a-\u202e]*$')
PARAGRAPH_TAGS = {'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'td', 'th', 'dt', 'dd',
                  'figcaption', 'caption'}
SKIPPED_TAGS = {'pre', 'script', 'style', 'head', 'title'}
# The blocks whose start ends the paragraph around them (a list in a list
# item: the item's own text stops there).
BLOCK_TAGS = PARAGRAPH_TAGS | {'ul', 'ol', 'dl', 'table', 'tr', 'blockquote', 'div', 'pre',
                               'figure', 'section', 'article', 'hr', 'br'}


def squeeze(text):
    return re.sub(r'\s+', ' ', unicodedata.normalize('NFC', text)).strip()


# A heading's attributes as pandoc's header_attributes extension (and
# kramdown's "{: …}") write them: braces at its end holding only #id,
# .class and key=value words.  cmark-gfm keeps them as text; they are not.
HEADING_ATTRIBUTES = re.compile(
    r'\s*\{:?(?:\s*(?:#[^\s{}]+|\.[^\s{}]+|[^\s{}=]+=[^\s{}]*))+\s*\}$')


class Paragraphs(html.parser.HTMLParser):
    """The text of every paragraph-like element, in document order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self.open = []       # [tag, text pieces] of the paragraphs being read
        self.skipping = 0

    def close_paragraph(self):
        tag, pieces = self.open.pop()
        text = squeeze(''.join(pieces))
        if re.fullmatch(r'h[1-6]', tag):
            text = HEADING_ATTRIBUTES.sub('', text)
        if text:
            self.found.append(text)

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_TAGS:
            self.skipping += 1
        if tag == 'br':
            self.handle_data(' ')
            return
        if tag in BLOCK_TAGS and self.open:
            # A block inside a paragraph: what came before is one paragraph.
            self.close_paragraph()
            self.open.append(['(rest)', []])
        if tag in PARAGRAPH_TAGS:
            self.open.append([tag, []])

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        if tag in PARAGRAPH_TAGS or tag in BLOCK_TAGS:
            while self.open and self.open[-1][0] == '(rest)':
                self.close_paragraph()
            if tag in PARAGRAPH_TAGS and self.open and self.open[-1][0] == tag:
                self.close_paragraph()

    def handle_data(self, data):
        if self.open and not self.skipping:
            self.open[-1][1].append(data)


def source_paragraphs(path):
    text = open(path, encoding='utf-8').read()
    if path.endswith('.md'):
        front = re.match(r'\A---\n(.*?)\n---\n', text, flags=re.S)
        if front:
            text = text[front.end():]
        text = subprocess.run(['cmark-gfm', '--unsafe', '-e', 'table'], input=text,
                              capture_output=True, text=True, check=True).stdout
    parser = Paragraphs()
    parser.feed(text)
    parser.close()
    while parser.open:
        parser.close_paragraph()
    return parser.found


def run(args):
    try:
        done = subprocess.run(args, capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        sys.exit(f'text-layer.py: cannot run {args[0]}: {e}; '
                 + (e.stderr.decode(errors="replace")[-600:] if hasattr(e, 'stderr') and e.stderr
                    else ''))
    return done.stdout.decode('utf-8', errors='replace')


def struct_text(pdf):
    # pdfinfo -struct-text prints each element's text as a quoted string,
    # indented under its element.  Two strings of one block element are the
    # parts of it on two pages (a line break between them); a string of an
    # inline element in it (a link, a note reference, a span in another
    # language) runs on from its neighbours; blocks are lines.
    lines = run(['pdfinfo', '-struct-text', pdf]).splitlines()
    out, stack, last = [], [], None
    for number, line in enumerate(lines):
        indent = len(line) - len(line.lstrip(' '))
        while stack and stack[-1][0] >= indent:
            stack.pop()
        m = re.match(r'^\s*"(.*)"$', line)
        if not m:
            stack.append((indent, '(block)' in line or not stack, number))
            continue
        owner = stack[-1][2] if stack else None
        block = next((e[2] for e in reversed(stack) if e[1]), None)
        if last and block == last[1]:
            out[-1] += ('\n' if owner == last[0] == block else '') + m.group(1)
        else:
            out.append(m.group(1))
        last = (owner, block)
    return '\n'.join(out)


EXTRACTORS = {
    'mupdf': lambda pdf: run(['mutool', 'draw', '-q', '-F', 'txt', '-o', '-', pdf]),
    'poppler': lambda pdf: run(['pdftotext', '-q', pdf, '-']),
    'struct': struct_text,
    'pdfjs': lambda pdf: run(['node', PDFJS, pdf]),
}


def clean(text):
    text = BIDI_CONTROLS.sub('', unicodedata.normalize('NFC', text)).replace('\f', '\n')
    text = PAGE_NUMBER_LINE.sub('', text)
    joined = re.sub(r'(?<=[a-z])-[ \t]*\n\s*(?=[a-z])', '', text)
    kept = re.sub(r'(?<=[a-z]-)[ \t]*\n\s*(?=[a-z])', '', text)
    return squeeze(joined), squeeze(kept)


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    source, pdf = args[0], args[1]
    required, spaceless_required, show, save = {}, {}, set(), None
    i = 2
    while i < len(args):
        if args[i] == '--require':
            name, n = args[i + 1].split('=')
            required[name] = int(n)
        elif args[i] == '--require-spaceless':
            name, n = args[i + 1].split('=')
            spaceless_required[name] = int(n)
        elif args[i] == '--show':
            show.add(args[i + 1])
        elif args[i] == '--save':
            save = args[i + 1]
        else:
            sys.exit(__doc__)
        i += 2
    paragraphs = source_paragraphs(source)
    ok = True
    for name, extract in EXTRACTORS.items():
        raw = extract(pdf)
        if save:
            os.makedirs(save, exist_ok=True)
            with open(os.path.join(save, name + '.txt'), 'w', encoding='utf-8') as f:
                f.write(raw)
        texts = clean(raw)
        missing = [p for p in paragraphs if not any(p in t for t in texts)]
        found = len(paragraphs) - len(missing)
        unspaced = re.sub(r'\s', '', texts[0]), re.sub(r'\s', '', texts[1])
        spaceless = sum(1 for p in paragraphs if any(re.sub(r'\s', '', p) in t for t in unspaced))
        print(f'{name}: {found}/{len(paragraphs)} (spaces aside: {spaceless})')
        if name in show:
            for p in missing:
                print(f'  not back: {p}')
        if found < required.get(name, 0):
            print(f'{name}: {found} paragraphs back, {required[name]} required', file=sys.stderr)
            ok = False
        if spaceless < spaceless_required.get(name, 0):
            print(f'{name}: {spaceless} paragraphs back spaces aside, '
                  f'{spaceless_required[name]} required', file=sys.stderr)
            ok = False
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
