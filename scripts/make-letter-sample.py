#!/usr/bin/env python3
"""Make samples/letter.md from the seed text amir-entezam-letter.txt (kept outside the repository).

The seed is the text of a web page: a letter in Persian, its English
translation and the reader comments under it.  This script only arranges
it: headings, `lang="fa"` blocks, signature blocks kept together, comment
titles and author lines.  The words stay as written.

Usage: scripts/make-letter-sample.py SEED.txt > samples/letter.md
       scripts/make-letter-sample.py --persian SEED.txt > samples/letter-fa.md
(the second: the Persian letter alone, a right-to-left document)
"""
import re
import sys

ARABIC = re.compile(r'[\u0600-\u06FF]')
BY_LINE = re.compile(r'^by .+ on$')


def escape(text):
    """Escape what Markdown would otherwise read as markup."""
    text = re.sub(r'([\\`*_\[\]<>])', r'\\\1', text)
    text = re.sub(r'^([#>+-])', r'\\\1', text)
    text = re.sub(r'^(\d+)([.)])', r'\1\\\2', text)
    return text


def paragraphs(lines):
    """Group lines into paragraphs split by blank lines (stripped)."""
    out, cur = [], []
    for line in lines:
        line = line.strip()
        if line:
            cur.append(line)
        elif cur:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def para(lines, cls=None, in_persian=False):
    text = '\n'.join(escape(l) for l in lines)
    if in_persian and not cls:
        return text
    if any(ARABIC.search(l) for l in lines) and not in_persian:
        attrs = ' lang="fa" dir="rtl"'
        if cls:
            attrs += f' class="{cls}"'
        # A raw HTML paragraph: its content is not Markdown.
        body = '\n'.join(l.replace('&', '&amp;').replace('<', '&lt;') for l in lines)
        return f'<p{attrs}>{body}</p>'
    if cls:
        body = '\n'.join(l.replace('&', '&amp;').replace('<', '&lt;') for l in lines)
        return f'<p class="{cls}">{body}</p>'
    return text


def persian_only(seed):
    out = ['---', 'lang: fa', 'dir: rtl', '---', '']
    for p in paragraphs(seed[7:42]):
        out += [escape('\n'.join(p)), '']
    out += ['<div class="signature">', '']
    for p in paragraphs(seed[43:50]):
        out += [escape('\n'.join(p)), '']
    out += ['</div>']
    return '\n'.join(out) + '\n'


def main():
    if sys.argv[1] == '--persian':
        seed = open(sys.argv[2], encoding='utf-8').read().split('\n')
        sys.stdout.write(persian_only(seed))
        return
    seed = open(sys.argv[1], encoding='utf-8').read().split('\n')
    line = lambda n: seed[n - 1]          # 1-based, as in the seed
    rng = lambda a, b: seed[a - 1:b]

    out = []
    w = out.append
    w('---')
    w('title: Amir-Entezam Letter to UN Secretary-General')
    w('author: Masoud Kazemzadeh')
    w('date: 2008-07-18')
    w('lang: en')
    w('---')
    w('')
    w('# The Letter')
    w('')
    w('<div lang="fa" dir="rtl">')
    w('')
    for p in paragraphs(rng(8, 42)):
        w(para(p, in_persian=True))
        w('')
    w('<div class="signature">')
    w('')
    for p in paragraphs(rng(44, 50)):
        w(para(p, in_persian=True))
        w('')
    w('</div>')
    w('')
    w('</div>')
    w('')
    w('# English Translation')
    w('')
    w(para([line(52)], 'date'))
    w('')
    for p in paragraphs(rng(56, 101)):
        w(para(p))
        w('')
    w('<div class="signature">')
    w('')
    for p in paragraphs(rng(103, 111)):
        w(para(p))
        w('')
    w('</div>')
    w('')
    w('# Reader Comments')
    w('')
    # Comments: an optional title one blank line above "by NAME on",
    # then the body up to the next comment.
    body = rng(116, len(seed))
    starts = []
    for i, l in enumerate(body):
        if BY_LINE.match(l.strip()):
            has_title = i >= 2 and body[i - 1].strip() == '' and body[i - 2].strip() != ''
            starts.append((i - 2 if has_title else i, i))
    for k, (first, by) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(body)
        w('<div class="comment">')
        w('')
        if first != by:
            w('## ' + escape(body[first].strip()))
            w('')
        w(para([body[by].strip()], 'byline'))
        w('')
        for p in paragraphs(body[by + 1:end]):
            w(para(p))
            w('')
        w('</div>')
        w('')
    sys.stdout.write('\n'.join(out).rstrip('\n') + '\n')


if __name__ == '__main__':
    main()
