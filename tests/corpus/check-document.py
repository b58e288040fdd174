#!/usr/bin/env python3
"""check-document.py: typeset documents with bifolio and check what came out.

usage: check-document.py [--bin BIFOLIO] [--keep DIR] [--jobs N] DOC [DOC...]

For each document (Markdown .md or HTML .html/.htm/.xhtml) it runs
`bifolio DOC -o X.pdf` and `bifolio DOC -o X.epub`, reads both back and checks:

  exit      both runs exit 0
  pdf%      at least 99.5% of the document's words are found in the PDF's text
  epub%     the same for the text of the EPUB's spine documents
  offpage   no character is drawn, even partly, outside its page
  epubcheck the EPUB has no error and no warning

and reports, without failing on them, the warnings bifolio printed, the pages,
and the raster images drawn in the PDF against the local raster images the
document uses (SVG pictures apart).  It prints one row per document, then the
missing words in source order (a word found n times is listed at the line of
its occurrence n+1), the first characters off the page and the first epubcheck
messages, and exits 1 when any document fails a check (2 when a tool it needs
is missing or bifolio cannot be run).

Words.  Text is NFKC-normalised (Arabic presentation forms count as their
letters) and format characters (ZWNJ, bidi marks, soft hyphens) are dropped.
A word is a run of letters, marks and digits; where a right-to-left script
meets another inside such a run the run counts as two words, since the order
of runs of different directions is the extractor's business, not a sign of
loss.  Words are counted with their repetitions.  A document's words come from
cmark-gfm's XML tree for Markdown (text, code, image descriptions, and the text
of raw HTML less its tags, comments, scripts and styles; YAML front matter and
the attributes pandoc's syntax may end a heading with, "{#id .class}", are
not counted) and from the body of an HTML file less scripts, styles and
comments.  In the PDF a hyphen at a line's end between two letters counts both
ways (joined, and as two words), and so do the last word of a line and the
first of the next (a word wider than a narrow table cell is broken, with a
warning).

Needs the Debian packages mupdf-tools, poppler-utils, cmark-gfm,
default-jre-headless and epubcheck.
"""
import argparse
import bisect
import collections
import concurrent.futures
import html.parser
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
import zipfile

EPUBCHECK_JAR = '/usr/share/java/epubcheck.jar'
# a short-lived JVM: the quick compiler alone and one garbage-collector thread
# halve epubcheck's CPU time
EPUBCHECK = ['java', '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-jar', EPUBCHECK_JAR]
TOOLS = {'mutool': 'mupdf-tools', 'pdfimages': 'poppler-utils',
         'cmark-gfm': 'cmark-gfm', 'java': 'default-jre-headless'}
RASTER_SUFFIXES = ('.png', '.jpg', '.jpeg', '.gif', '.webp', '.bmp', '.tif', '.tiff')
MIN_WORDS_KEPT = 99.5           # per cent, in the PDF and in the EPUB
OFF_PAGE_TOLERANCE = 0.5        # points a glyph's box may pass the page edge
SHOWN = 10                      # missing words and characters off the page listed
MESSAGES_SHOWN = 5              # epubcheck messages listed

# ---------------------------------------------------------------- words

RTL_CHARS = '\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe'
WORD = re.compile(f'[{RTL_CHARS}]+|[^\\W_{RTL_CHARS}]+')
LINE_END_HYPHEN = re.compile(r'([^\W\d_]+)[-\u2010\u00ad]\n([^\W\d_]+)')


def normalise(text):
    """NFKC, without format characters (category Cf)."""
    return without_format_characters(unicodedata.normalize('NFKC', text))


def without_format_characters(text):
    return ''.join(c for c in text if unicodedata.category(c) != 'Cf')


def word_list(text):
    """The words of a normalised text, in order."""
    return WORD.findall(text)


class TextOfHtml(html.parser.HTMLParser):
    """The text of HTML markup, less scripts, styles and comments, with the line
    of each piece; image descriptions (alt) count as text.  Block-level tags
    separate words, inline ones do not."""
    SKIPPED = {'script', 'style', 'template', 'head', 'noscript'}
    INLINE = {'a', 'abbr', 'b', 'bdi', 'bdo', 'big', 'cite', 'code', 'del', 'dfn', 'em',
              'font', 'i', 'ins', 'kbd', 'mark', 'q', 's', 'samp', 'small', 'span',
              'strike', 'strong', 'sub', 'sup', 'time', 'tt', 'u', 'var', 'wbr'}

    def __init__(self, first_line=1):
        super().__init__(convert_charrefs=True)
        self.pieces = []            # (text, source line)
        self.images = []            # src of every <img>
        self.skipping = 0
        self.first_line = first_line

    def line(self):
        return self.first_line + self.getpos()[0] - 1

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self.skipping += 1
        if tag == 'img':
            attributes = dict(attrs)
            if attributes.get('src'):
                self.images.append(attributes['src'])
            if attributes.get('alt') and not self.skipping:
                self.pieces.append((' ' + attributes['alt'] + ' ', self.line()))
        if tag not in self.INLINE:
            self.pieces.append(('\n', self.line()))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in self.SKIPPED and self.skipping:
            self.skipping -= 1

    def handle_endtag(self, tag):
        if tag in self.SKIPPED and self.skipping:
            self.skipping -= 1
        if tag not in self.INLINE:
            self.pieces.append(('\n', self.line()))

    def handle_data(self, data):
        if not self.skipping:
            self.pieces.append((data, self.line()))


class SourceText:
    """A document's text as one string, with the source line of every offset."""

    def __init__(self):
        self.parts, self.lines = [], []

    def add(self, text, line):
        if text:
            self.parts.append(text)
            self.lines.append(line)

    def words(self):
        """Counter of words, and the source lines of each word's occurrences."""
        counts, lines = collections.Counter(), collections.defaultdict(list)
        # normalise piece by piece, so that each offset keeps its line, then join:
        # a word may span pieces (`**a**b` is one word)
        normalised = [normalise(part) for part in self.parts]
        starts, position = [], 0
        for part in normalised:
            starts.append(position)
            position += len(part)
        text = ''.join(normalised)
        for match in WORD.finditer(text):
            word = match.group()
            counts[word] += 1
            index = bisect.bisect_right(starts, match.start()) - 1
            lines[word].append(self.lines[index])
        return counts, lines


def strip_front_matter(source):
    """The Markdown source with its YAML front matter blanked (lines kept)."""
    match = re.match(r'---[ \t]*\r?\n.*?\n(?:---|\.\.\.)[ \t]*\r?\n', source, re.S)
    if not match:
        return source
    return '\n' * match.group().count('\n') + source[match.end():]


# A heading's attributes as pandoc's header_attributes extension (and
# kramdown's "{: …}") write them: braces at its end holding only #id,
# .class and key=value words.  cmark-gfm keeps them as text; they are not.
HEADING_ATTRIBUTES = re.compile(
    r'\s*\{:?(?:\s*(?:#[^\s{}]+|\.[^\s{}]+|[^\s{}=]+=[^\s{}]*))+\s*\}\s*$')


def strip_heading_attributes(root):
    for heading in root.iter():
        if heading.tag.split('}')[-1] == 'heading' and len(heading):
            last = heading[-1]
            if last.tag.split('}')[-1] == 'text' and last.text:
                last.text = HEADING_ATTRIBUTES.sub('', last.text)


INLINE_NODES = {'text', 'code', 'html_inline', 'emph', 'strong', 'link', 'image',
                'strikethrough', 'softbreak', 'linebreak', 'unknown'}


def markdown_text(path):
    """(SourceText, image references) of a Markdown file, from cmark-gfm's tree."""
    with open(path, encoding='utf-8', errors='replace') as f:
        source = strip_front_matter(f.read())
    source_lines = source.splitlines()
    xml = subprocess.run(['cmark-gfm', '--sourcepos', '-t', 'xml', '-e', 'table',
                          '-e', 'strikethrough', '-e', 'autolink', '-e', 'footnotes'],
                         input=source.encode(), capture_output=True, check=True).stdout
    # cmark-gfm 0.29 writes extension nodes it has no XML name for as <<unknown>
    xml = re.sub(rb'<!DOCTYPE[^>]*>', b'', xml)
    xml = xml.replace(b'<<unknown>', b'<unknown').replace(b'</<unknown>>', b'</unknown>')
    text, images = SourceText(), []
    root = ET.fromstring(xml)
    strip_heading_attributes(root)
    for node in root.iter():
        tag = node.tag.split('}')[-1]
        position = node.get('sourcepos', '1:1')
        line = int(position.split(':')[0])
        if tag not in INLINE_NODES:
            text.add('\n', line)                # a block starts: so does a word
        if tag == 'code_block' and node.text:
            fence = source_lines[line - 1].lstrip() if line <= len(source_lines) else ''
            first = line + (1 if fence.startswith(('```', '~~~')) else 0)
            for number, code_line in enumerate(node.text.split('\n')):
                text.add(code_line + '\n', first + number)
        elif tag in ('text', 'code') and node.text:
            text.add(node.text, line)
        elif tag in ('html_block', 'html_inline') and node.text:
            # a comment cmark ended with its block ends there too
            markup = re.sub(r'<!--.*?(?:-->|\Z)', ' ', node.text, flags=re.S)
            parser = TextOfHtml(line)
            parser.feed(markup)
            parser.close()
            for piece, piece_line in parser.pieces:
                text.add(piece, piece_line)
            images += parser.images
        elif tag == 'image' and node.get('destination'):
            images.append(node.get('destination'))
        elif tag in ('softbreak', 'linebreak'):
            text.add(' ', line)
    return text, images


def html_text(path):
    """(SourceText, image references) of an HTML file's body."""
    parser = TextOfHtml()
    with open(path, encoding='utf-8', errors='replace') as f:
        parser.feed(f.read())
    parser.close()
    text = SourceText()
    for piece, line in parser.pieces:
        text.add(piece, line)
    return text, parser.images


def is_html(path):
    return path.lower().endswith(('.html', '.htm', '.xhtml'))


def local_images(document, references):
    """(raster, svg): how many image references resolve to files beside the document."""
    folder = os.path.dirname(os.path.abspath(document))
    raster = svg = 0
    for reference in references:
        if re.match(r'[a-z][a-z0-9+.-]*:', reference, re.I):   # http:, data:, …
            continue
        path = reference.split('#')[0].split('?')[0]
        path = os.path.normpath(os.path.join(folder, path))
        if not os.path.isfile(path):
            continue
        if path.lower().endswith('.svg'):
            svg += 1
        elif path.lower().endswith(RASTER_SUFFIXES):
            raster += 1
    return raster, svg


def words_kept(reference, lines, found):
    """Per cent of the reference's words (with repetitions) found, and the missing
    ones as (source line, word): a word found n times is taken to miss from its
    (n+1)th occurrence on, so the line is the first occurrence not found."""
    total = sum(reference.values())
    kept = sum(min(count, found[word]) for word, count in reference.items())
    missing = sorted((lines[word][found[word]], word) for word, count in reference.items()
                     if found[word] < count)
    return (100.0 * kept / total if total else 100.0), missing


# ---------------------------------------------------------------- PDF

class PdfFacts:
    def __init__(self):
        self.pages = 0
        self.words = collections.Counter()
        self.off_page = 0
        self.off_page_examples = []     # (page, character, x0, y0, x1, y1)
        self.images_drawn = 0


def lines_below(boxes):
    """Pairs of lines (page, x0, y0, words, y1, x1) where the second is the
    nearest one under the first that overlaps it across, with no gap larger
    than half a line: a paragraph's consecutive lines, a table cell's too."""
    by_page = collections.defaultdict(list)
    for box in boxes:
        by_page[box[0]].append(box)
    for page in by_page.values():
        for this in page:
            under = [b for b in page if b[1] < this[5] and this[1] < b[5]
                     and 0 <= b[2] - this[4] <= (this[4] - this[2]) / 2]
            if under:
                yield this, min(under, key=lambda b: b[2])


def read_pdf(pdf):
    """Text, pages and characters off the page from MuPDF's structured text; images
    drawn from pdfimages."""
    facts = PdfFacts()
    stext = subprocess.run(['mutool', 'draw', '-q', '-F', 'stext', '-o', '-', pdf],
                           capture_output=True, check=True).stdout
    lines = []
    boxes = []      # (page, x0, y0, words, y1, x1) of each line
    for number, page in enumerate(ET.fromstring(stext).iter('page'), 1):
        facts.pages += 1
        width, height = float(page.get('width')), float(page.get('height'))
        for line in page.iter('line'):
            characters = []
            for char in line.iter('char'):
                c = char.get('c', '')
                characters.append(c)
                if not c or c.isspace():
                    continue
                quad = [float(v) for v in char.get('quad').split()]
                x0, x1 = min(quad[0::2]), max(quad[0::2])
                y0, y1 = min(quad[1::2]), max(quad[1::2])
                t = OFF_PAGE_TOLERANCE
                if x0 < -t or y0 < -t or x1 > width + t or y1 > height + t:
                    facts.off_page += 1
                    if len(facts.off_page_examples) < SHOWN:
                        facts.off_page_examples.append((number, c, x0, y0, x1, y1))
            lines.append(''.join(characters))
            x0, y0, x1, y1 = (float(v) for v in line.get('bbox').split())
            words = word_list(without_format_characters(unicodedata.normalize('NFKC', lines[-1])))
            boxes.append((number, x0, y0, words, y1, x1))
        lines.append('')
    text = unicodedata.normalize('NFKC', '\n'.join(lines))
    facts.words = collections.Counter(word_list(without_format_characters(text)))
    # a word hyphenated at a line's end (hyphen or soft hyphen) also counts joined
    for match in LINE_END_HYPHEN.finditer(text):
        facts.words[without_format_characters(match.group(1) + match.group(2))] += 1
    # so does a word broken with no hyphen, where it is wider than its line (a
    # narrow table cell; bifolio warns of each): the last word of a line and
    # the first of the line right under it, joined
    for this, under in lines_below(boxes):
        if this[3] and under[3]:
            facts.words[this[3][-1] + under[3][0]] += 1
    listing = subprocess.run(['pdfimages', '-list', pdf], capture_output=True,
                             text=True, check=True).stdout.splitlines()[2:]
    facts.images_drawn = sum(1 for row in listing if row.split()[2:3] == ['image'])
    return facts


# ---------------------------------------------------------------- EPUB

def read_epub_words(epub):
    """Words of the EPUB's spine documents in reading order, the navigation
    document left out (it repeats the headings)."""
    found = collections.Counter()
    with zipfile.ZipFile(epub) as book:
        container = ET.fromstring(book.read('META-INF/container.xml'))
        rootfile = next(e for e in container.iter() if e.tag.endswith('rootfile'))
        opf_path = rootfile.get('full-path')
        package = ET.fromstring(book.read(opf_path))
        folder = os.path.dirname(opf_path)
        manifest = {item.get('id'): item for item in package.iter()
                    if item.tag.endswith('}item')}
        for itemref in package.iter():
            if not itemref.tag.endswith('}itemref'):
                continue
            item = manifest.get(itemref.get('idref'))
            if item is None or 'nav' in (item.get('properties') or '').split():
                continue
            name = os.path.normpath(os.path.join(folder, item.get('href'))).replace(os.sep, '/')
            parser = TextOfHtml()
            parser.feed(book.read(name).decode('utf-8', 'replace'))
            parser.close()
            found += collections.Counter(word_list(normalise(''.join(p for p, _ in parser.pieces))))
    return found


def shorten(message, length=200):
    return message if len(message) <= length else message[:length - 1] + '…'


EPUBCHECK_SUMMARY = re.compile(r'Messages: (\d+) fatals? / (\d+) errors? / (\d+) warnings?')


def run_epubcheck(epub, timeout):
    """(errors and fatals, warnings, first messages); (-1, -1, [why]) when it did not run.
    epubcheck 4.2 checks one book per run, so each book gets its own."""
    try:
        run = subprocess.run(EPUBCHECK + [epub], capture_output=True, text=True,
                             timeout=timeout)
    except subprocess.TimeoutExpired:
        return -1, -1, [f'epubcheck took more than {timeout} s']
    output = run.stdout + run.stderr
    summary = EPUBCHECK_SUMMARY.search(output)
    if not summary:
        return -1, -1, output.strip().splitlines()[-3:]
    # shortened: the book's folder left out, and the long lists of allowed attributes
    book_folder = re.compile(r'(?<=: )\S*?(?=' + re.escape(os.path.basename(epub)) + ')')
    messages = [shorten(book_folder.sub('', line, count=1))
                for line in output.splitlines() if line.startswith(('FATAL', 'ERROR', 'WARNING'))]
    errors = int(summary.group(1)) + int(summary.group(2))
    return errors, int(summary.group(3)), messages[:MESSAGES_SHOWN]


# ---------------------------------------------------------------- one document

class Result:
    def __init__(self, document, name):
        self.document, self.name = document, name
        self.exits = []
        self.warnings = 0
        self.pdf = PdfFacts()
        self.pdf_kept = self.epub_kept = 0.0
        self.pdf_missing, self.epub_missing = [], []
        self.raster_used = self.svg_used = 0
        self.epub_errors = self.epub_warnings = -1
        self.epub_messages = []
        self.problems = []

    def failed(self):
        return bool(self.problems)


def run_bifolio(binary, document, output, log, timeout):
    """bifolio's exit status (-1 on timeout); its stderr goes to LOG."""
    with open(log, 'w') as err:
        try:
            return subprocess.run([binary, document, '-o', output], stdout=subprocess.DEVNULL,
                                  stderr=err, timeout=timeout).returncode
        except subprocess.TimeoutExpired:
            err.write(f'check-document: killed after {timeout} s\n')
            return -1


def check_document(document, name, binary, folder, timeout):
    result = Result(document, name)
    source, references = (html_text if is_html(document) else markdown_text)(document)
    reference_words, lines = source.words()
    result.raster_used, result.svg_used = local_images(document, references)
    stem = os.path.join(folder, re.sub(r'[^\w.-]+', '-', name))
    pdf, epub = stem + '.pdf', stem + '.epub'
    for output in (pdf, epub):
        if os.path.exists(output):
            os.remove(output)
        log = output + '.log'
        result.exits.append(run_bifolio(binary, document, output, log, timeout))
        with open(log, encoding='utf-8', errors='replace') as f:
            result.warnings += sum(1 for _ in f)
    if any(result.exits):
        result.problems.append('exit ' + '/'.join(map(str, result.exits)))
    unreadable = (subprocess.CalledProcessError, ET.ParseError, zipfile.BadZipFile,
                  KeyError, StopIteration, ValueError)
    try:
        if os.path.exists(pdf):
            result.pdf = read_pdf(pdf)
    except unreadable as error:
        result.problems.append(f'PDF unreadable: {error!r}')
    result.pdf_kept, result.pdf_missing = words_kept(reference_words, lines, result.pdf.words)
    epub_words = collections.Counter()
    try:
        if os.path.exists(epub):
            epub_words = read_epub_words(epub)
    except unreadable as error:
        result.problems.append(f'EPUB unreadable: {error!r}')
    result.epub_kept, result.epub_missing = words_kept(reference_words, lines, epub_words)
    if result.pdf_kept < MIN_WORDS_KEPT:
        result.problems.append(f'PDF keeps {result.pdf_kept:.2f}% of the words')
    if result.epub_kept < MIN_WORDS_KEPT:
        result.problems.append(f'EPUB keeps {result.epub_kept:.2f}% of the words')
    if result.pdf.off_page:
        result.problems.append(f'{result.pdf.off_page} characters off the page')
    if os.path.exists(epub):
        result.epub_errors, result.epub_warnings, result.epub_messages = \
            run_epubcheck(epub, timeout)
    if result.epub_errors != 0 or result.epub_warnings != 0:
        result.problems.append('epubcheck: %d errors, %d warnings'
                               % (result.epub_errors, result.epub_warnings))
    return result


# ---------------------------------------------------------------- report

def print_report(results):
    header = (f"{'document':42} {'exit':>5} {'warn':>4} {'pages':>5} {'pdf%':>6} {'epub%':>6} "
              f"{'offpage':>7} {'images':>9} {'epubcheck':>9}  result")
    print(header)
    print('-' * len(header))
    for r in results:
        exits = '/'.join(map(str, r.exits))
        images = f'{r.pdf.images_drawn}/{r.raster_used}' + (f'+{r.svg_used}svg' if r.svg_used else '')
        check = f'{r.epub_errors}/{r.epub_warnings}'
        print(f'{r.name[-42:]:42} {exits:>5} {r.warnings:4} {r.pdf.pages:5} {r.pdf_kept:6.2f} '
              f'{r.epub_kept:6.2f} {r.pdf.off_page:7} {images:>9} {check:>9}  '
              + ('FAIL' if r.failed() else 'ok'))
    print()
    print('exit: PDF run/EPUB run; warn: lines on stderr; images: raster images drawn in the PDF /'
          ' local raster images the document uses; epubcheck: errors/warnings')
    for r in results:
        if not r.failed():
            continue
        print(f'\n{r.name}: ' + '; '.join(r.problems))
        for label, missing in (('PDF', r.pdf_missing), ('EPUB', r.epub_missing)):
            if missing:
                shown = ' '.join(f'{word}({line})' for line, word in missing[:SHOWN])
                print(f'  missing from the {label} ({len(missing)} distinct, source line): {shown}')
        for page, c, x0, y0, x1, y1 in r.pdf.off_page_examples:
            print(f'  off page {page}: {c!r} at x {x0:.1f}–{x1:.1f}, y {y0:.1f}–{y1:.1f} pt')
        for message in r.epub_messages:
            print('  ' + message)


def display_name(document):
    folder = os.path.basename(os.path.dirname(os.path.abspath(document)))
    return f'{folder}/{os.path.basename(document)}'


def missing_tools():
    missing = sorted({package for tool, package in TOOLS.items() if not shutil.which(tool)})
    if not os.path.exists(EPUBCHECK_JAR):
        missing.append('epubcheck')
    return missing


def main():
    parser = argparse.ArgumentParser(
        description='Typeset documents with bifolio to PDF and EPUB and check that nothing is '
                    'lost, nothing is drawn off the page and the EPUB is valid.')
    parser.add_argument('documents', nargs='+', metavar='DOC')
    parser.add_argument('--bin', default='bifolio', help='the bifolio binary (default: bifolio)')
    parser.add_argument('--keep', metavar='DIR', help='write the PDFs, EPUBs and stderr logs '
                        'here and keep them (default: a temporary folder, removed)')
    parser.add_argument('--jobs', type=int, default=2, help='documents at a time (default: 2)')
    parser.add_argument('--timeout', type=int, default=600,
                        help='seconds allowed to each bifolio and epubcheck run (default: 600)')
    args = parser.parse_args()
    missing = missing_tools()
    if missing:
        print('check-document: missing tools; install the Debian packages: '
              + ' '.join(missing), file=sys.stderr)
        return 2
    for document in args.documents:
        if not os.path.isfile(document):
            print(f'check-document: no such document: {document}', file=sys.stderr)
            return 2
    folder = args.keep or tempfile.mkdtemp(prefix='check-document-')
    os.makedirs(folder, exist_ok=True)
    binary = os.path.abspath(args.bin) if os.sep in args.bin else shutil.which(args.bin)
    if not binary or not os.access(binary, os.X_OK):
        print(f'check-document: cannot run bifolio as {args.bin}', file=sys.stderr)
        return 2
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            jobs = [pool.submit(check_document, document, display_name(document), binary,
                                folder, args.timeout) for document in args.documents]
            results = [job.result() for job in jobs]
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    print_report(results)
    failed = sum(r.failed() for r in results)
    print(f'\n{len(results) - failed} of {len(results)} documents pass')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
