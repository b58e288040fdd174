#!/usr/bin/env python3
"""line-ink.py NORMAL.pdf NORMAL.trace TALL.pdf TALL.trace FONT: whether the
ink of consecutive lines set in FONT touches.

The same document is typeset twice on the same measure: as it is, and with
lines so far apart (a line height of several ems) that no line's ink can
reach another's.  Both have the same lines (the line height does not change
where lines break); each line's ink is cut out of the tall rendering at
150 dpi around its baseline, and every two consecutive lines of the normal
rendering are laid over each other at their real distance: the dark pixels
both would cover are counted.  Prints, for each pair that touches, its
pixels and the lines' text, then the total; exits 1 when any pair touches."""
import re
import subprocess
import sys

DPI = 150
SCALE = DPI / 72
DARK = 160


def lines_of(trace, font):
    """(page, baseline, text, [(x0, x1)...]) of each line holding runs in FONT, in order."""
    lines, page = [], 0
    for row in open(trace, encoding="utf-8"):
        m = re.match(r"page (\d+)", row)
        if m:
            page = int(m.group(1))
            continue
        m = re.match(r'\s+glyphs x=([\d.]+) y=([\d.]+) w=([\d.]+) .*font="([^"]+)" \S+ "(.*)"$', row)
        if not m or m.group(4) != font:
            continue
        x, y, w = (float(m.group(i)) for i in (1, 2, 3))
        if lines and lines[-1][0] == page and abs(lines[-1][1] - y) < 0.05:
            lines[-1][2].append(m.group(5))
            lines[-1][3].append((x, x + w))
        else:
            lines.append((page, y, [m.group(5)], [(x, x + w)]))
    # Page numbers differ between the two; they are not lines of text.
    return [(p, y, "".join(sorted(t)), spans) for p, y, t, spans in lines
            if not "".join(t).strip().isdigit()]


def page_pixels(pdf, page, cache):
    if (pdf, page) not in cache:
        pgm = subprocess.run(["pdftoppm", "-f", str(page), "-l", str(page), "-r", str(DPI),
                              "-gray", pdf], capture_output=True, check=True).stdout
        magic, size, _, data = pgm.split(b"\n", 3)
        width, height = map(int, size.split())
        cache[(pdf, page)] = (width, height, data)
    return cache[(pdf, page)]


def dark_rows(pdf, page, baseline, spans, above, below, cache):
    """The rows from @above px above @baseline to @below px below it, as
    sets of dark columns under the line's glyph runs (@spans, in points):
    rules beside them (a quotation's bar) are no part of its ink."""
    width, height, data = page_pixels(pdf, page, cache)
    columns = set()
    for x0, x1 in spans:
        columns.update(range(max(0, int(x0 * SCALE) - 2), min(width, int(x1 * SCALE) + 3)))
    y0 = round(baseline * SCALE)
    rows = []
    for y in range(y0 - above, y0 + below + 1):
        if 0 <= y < height:
            row = data[y * width:(y + 1) * width]
            rows.append({x for x in columns if row[x] < DARK})
        else:
            rows.append(set())
    return rows


def main():
    normal_pdf, normal_trace, tall_pdf, tall_trace, font = sys.argv[1:6]
    normal, tall = lines_of(normal_trace, font), lines_of(tall_trace, font)
    if [line[2] for line in normal] != [line[2] for line in tall]:
        print("the two renderings do not have the same lines")
        sys.exit(2)
    cache = {}
    reach = round(3 * 72 * SCALE / 6)  # 3 em of 12 pt either side, in pixels
    ink = [dark_rows(tall_pdf, p, y, spans, reach, reach, cache) for p, y, _, spans in tall]
    total, pairs = 0, 0
    for k in range(len(normal) - 1):
        (p0, y0, t0, _), (p1, y1, t1, _) = normal[k], normal[k + 1]
        if p0 != p1:
            continue
        pairs += 1
        shift = round((y1 - y0) * SCALE)
        touching = 0
        for r in range(len(ink[k])):
            r1 = r - shift  # the same page row in the next line's window
            if 0 <= r1 < len(ink[k + 1]):
                touching += len(ink[k][r] & ink[k + 1][r1])
        if touching:
            print(f"page {p0}: {touching} px between «{t0[:40]}» and «{t1[:40]}»")
        total += touching
    print(f"{pairs} pairs of lines, {total} px where two lines' ink meets")
    sys.exit(1 if total else 0)


if __name__ == "__main__":
    main()
