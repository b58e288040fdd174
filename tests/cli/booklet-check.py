#!/usr/bin/env python3
"""Checks an imposed booklet against the plain PDF of the same document.

Finds each page number (the footer) on each side of each sheet with
`pdftotext -bbox`, and checks it against the saddle-stitch order worked out
here from the page's position: for a book of N pages (padded to a multiple
of 4), position p sits on sheet (p-1)//2 if p <= N/2 else (N-p)//2; bound on
the left, low odd positions go front right, low even back left, high even
front left, high odd back right; bound on the right, left and right swap.
On long-edge duplex every back side is turned 180 degrees: its numbers are
at the top and its halves swapped.  Also checks the sheet count and that
each bookmark lands on the side holding its page.

Usage: booklet-check.py PLAIN.pdf BOOKLET.pdf BINDING(left|right)
       DUPLEX(short|long) SIGNATURE KEEP_BACK_COVER(0|1)
"""
import re
import subprocess
import sys


def pages_of(pdf):
    """The page count and the page height of a PDF."""
    out = subprocess.run(['pdfinfo', pdf], capture_output=True, text=True).stdout
    size = re.search(r'^Page size:\s+([\d.]+) x ([\d.]+)', out, re.M)
    return int(re.search(r'^Pages:\s+(\d+)', out, re.M).group(1)), float(size.group(2))


def expected_sides(n, binding, signature, keep_back):
    """{side index: {(page number, 'left'|'right')}} for the booklet."""
    padded = (max(n, 1) + 3) // 4 * 4
    size = signature or padded

    def page_at(pos):  # book position (1-based) -> page number or None
        if keep_back and n > 1:
            if pos == padded:
                return n
            return pos if pos < n else None
        return pos if pos <= n else None

    sides = {}
    sheet_base = 0
    for first in range(0, padded, size):
        m = min(size, padded - first)
        for p in range(1, m + 1):
            low = p <= m // 2
            sheet = (p - 1) // 2 if low else (m - p) // 2
            if low:
                side, half = ('front', 'right') if p % 2 else ('back', 'left')
            else:
                side, half = ('back', 'right') if p % 2 else ('front', 'left')
            if binding == 'right':
                half = 'left' if half == 'right' else 'right'
            index = 2 * (sheet_base + sheet) + (1 if side == 'back' else 0)
            page = page_at(first + p)
            sides.setdefault(index, set())
            if page is not None:
                sides[index].add((page, half))
        sheet_base += m // 4
    return sides


def observed_sides(pdf, duplex, page_height):
    xml = subprocess.run(['pdftotext', '-bbox', pdf, '-'], capture_output=True, text=True).stdout
    sides = {}
    for index, page in enumerate(re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>',
                                            xml, re.S)):
        width, height, body = float(page[0]), float(page[1]), page[2]
        back_turned = duplex == 'long' and index % 2 == 1
        # The pages are centred on the sheet's height; page numbers sit in
        # the bottom tenth of a page (the top tenth of a turned one).
        top = (height - page_height) / 2
        foot = (top + 0.9 * page_height, top + page_height)
        head = (height - foot[1], height - foot[0])
        found = set()
        for x0, y0, x1, y1, word in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(\d+)</word>', body):
            x0, y0, x1, y1 = map(float, (x0, y0, x1, y1))
            band = head if back_turned else foot
            in_footer = band[0] - 1 <= y0 and y1 <= band[1] + 1
            if not in_footer:
                continue
            half = 'left' if (x0 + x1) / 2 < width / 2 else 'right'
            if back_turned:  # turned over, the halves swap
                half = 'left' if half == 'right' else 'right'
            found.add((int(word), half))
        sides[index] = found
    return sides


def outline(pdf):
    out = subprocess.run(['mutool', 'show', pdf, 'outline'], capture_output=True, text=True).stdout
    return [(m.group(1), int(m.group(2))) for m in re.finditer(r'"(.*)"\t#page=(\d+)', out)]


def main():
    plain, booklet, binding, duplex, signature, keep_back = sys.argv[1:7]
    n, page_height = pages_of(plain)
    expected = expected_sides(n, binding, int(signature), keep_back == '1')
    observed = observed_sides(booklet, duplex, page_height)
    errors = []
    if len(observed) != len(expected):
        errors.append(f'{len(observed)} sides, expected {len(expected)} ({n} pages)')
    for index in sorted(expected):
        if observed.get(index) != expected[index]:
            errors.append(f'side {index + 1}: found {sorted(observed.get(index, []))}, '
                          f'expected {sorted(expected[index])}')
    # Each bookmark lands on the side that holds its page.
    side_of = {page: index + 1 for index, pages in expected.items() for page, _ in pages}
    plain_outline, booklet_outline = outline(plain), outline(booklet)
    if len(plain_outline) != len(booklet_outline):
        errors.append(f'{len(booklet_outline)} bookmarks, expected {len(plain_outline)}')
    for (title, page), (title2, side) in zip(plain_outline, booklet_outline):
        if title != title2 or side_of.get(page) != side:
            errors.append(f'bookmark {title!r}: side {side}, expected {side_of.get(page)}')
    for e in errors[:20]:
        print('  ' + e)
    print(f'{n} pages, {len(observed)} sides: {"ok" if not errors else f"{len(errors)} errors"}')
    sys.exit(1 if errors else 0)


if __name__ == '__main__':
    main()
