#!/usr/bin/env python3
"""Reads the gaps of a right-to-left PDF page from MuPDF's structured text:
between words (at each space) and inside words (two letters drawn apart,
which is an elongated join), and checks where the elongations fall.

Usage: kashida-gaps.py PDF
Prints, as key=value lines: the mean and the mean widest inter-word gap
of the justified lines (every line but a paragraph's last, i.e. those that
reach the left margin), the number of elongated joins, and each elongation
that follows a ZWNJ or a ZWJ or parts a lam from its alef (forbidden=...)."""
import subprocess
import sys
import xml.etree.ElementTree as ET

ALEFS = set('\u0627\u0622\u0623\u0625\u0671')
LAMS = set('\u0644')
ELONGATED = 1.0  # points: letters of one word drawn this far apart


def chars_of(line):
    out = []
    for ch in line.iter('char'):
        quad = [float(v) for v in ch.get('quad').split()]
        xs = quad[0::2]
        out.append((ch.get('c'), min(xs), max(xs)))
    return out


def main():
    stext = subprocess.run(['mutool', 'draw', '-F', 'stext', '-o', '-', sys.argv[1]],
                           capture_output=True, text=True, check=True).stdout
    root = ET.fromstring(stext)
    lines = [chars_of(l) for l in root.iter('line')]
    lines = [l for l in lines if l]
    left = min(min(c[1] for c in l) for l in lines)
    gaps, widest, elongations, forbidden = [], [], 0, []
    for chars in lines:
        justified = min(c[1] for c in chars) < left + 1
        line_gaps = []
        for i in range(1, len(chars) - 1):
            c, x0, x1 = chars[i]
            if c == ' ':
                # right to left: the character before the space is to its right
                line_gaps.append(chars[i - 1][1] - chars[i + 1][2])
        for i in range(1, len(chars)):
            a, b = chars[i - 1], chars[i]
            if a[0] == ' ' or b[0] == ' ':
                continue
            if a[1] - b[2] > ELONGATED:
                elongations += 1
                if a[0] in '\u200c\u200d' or b[0] in '\u200c\u200d' or (a[0] in LAMS and b[0] in ALEFS):
                    forbidden.append(a[0] + b[0])
        # a ZWNJ's elongation shows as a gap around the ZWNJ's empty glyph
        for i in range(1, len(chars) - 1):
            if chars[i][0] == '\u200c' and chars[i - 1][1] - chars[i + 1][2] > ELONGATED:
                forbidden.append(chars[i - 1][0] + '\u200c' + chars[i + 1][0])
        if justified and line_gaps:
            gaps += line_gaps
            widest.append(max(line_gaps))
    print('lines=%d' % len(widest))
    print('mean_gap=%.3f' % (sum(gaps) / len(gaps)))
    print('mean_widest_gap=%.3f' % (sum(widest) / len(widest)))
    print('elongations=%d' % elongations)
    print('forbidden=%s' % ' '.join(forbidden))


if __name__ == '__main__':
    main()
