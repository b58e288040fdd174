#!/usr/bin/env python3
"""page-boxes.py: where the characters of a PDF are drawn (MuPDF's structured
text and poppler's word boxes), for the overflow tests.

  page-boxes.py offpage PDF            characters drawn, even partly, outside their page
  page-boxes.py measure PDF WORD       "LEFT RIGHT": the extent of the lines that hold
                                       WORD (a justified paragraph: the measure)
  page-boxes.py outside PDF LEFT RIGHT characters left of LEFT or right of RIGHT (0.5 pt
                                       of slack), listed on stderr
  page-boxes.py xs PDF WORD            the left edge of each occurrence of WORD
  page-boxes.py starts PDF PREFIX      the left edge of each word that starts with PREFIX
  page-boxes.py arabic-left PDF WORD   the left edge of the Arabic-script characters
                                       on the lines that hold WORD
  page-boxes.py arabic-extent PDF WORD "LEFT RIGHT" of the Arabic-script characters level
                                       with the lines that hold WORD
  page-boxes.py text PDF               the text (pdftotext), white space and the
                                       continuation arrows removed
"""
import re
import subprocess
import sys
import xml.etree.ElementTree as ET


def chars(pdf):
    """(page width, page height, line number, char, x0, x1, y0, y1) of every character."""
    stext = subprocess.run(["mutool", "draw", "-q", "-F", "stext", "-o", "-", pdf],
                           capture_output=True, check=True).stdout
    line_no = 0
    for page in ET.fromstring(stext).iter("page"):
        w, h = float(page.get("width")), float(page.get("height"))
        for line in page.iter("line"):
            line_no += 1
            for ch in line.iter("char"):
                q = [float(v) for v in ch.get("quad").split()]
                yield w, h, line_no, ch.get("c", " "), min(q[0::2]), max(q[0::2]), min(q[1::2]), max(q[1::2])


def main():
    what, pdf = sys.argv[1], sys.argv[2]
    if what == "offpage":
        print(sum(1 for w, h, _, c, x0, x1, y0, y1 in chars(pdf)
                  if not c.isspace() and (x0 < -0.5 or x1 > w + 0.5 or y0 < -0.5 or y1 > h + 0.5)))
    elif what == "measure":
        all_chars = list(chars(pdf))
        lines = {}
        for ch in all_chars:
            lines.setdefault(ch[2], []).append(ch)
        text = {n: "".join(c[3] for c in cs) for n, cs in lines.items()}
        held = [cs for n, cs in lines.items() if sys.argv[3] in text[n]]
        if not held:
            sys.exit(f"no line holds {sys.argv[3]!r}")
        inked = [c for cs in held for c in cs if not c[3].isspace()]
        print(f"{min(c[4] for c in inked):.2f} {max(c[5] for c in inked):.2f}")
    elif what == "outside":
        left, right = float(sys.argv[3]), float(sys.argv[4])
        out = [c for c in chars(pdf) if not c[3].isspace() and (c[4] < left - 0.5 or c[5] > right + 0.5)]
        for c in out[:10]:
            print(f"outside: {c[3]!r} at x {c[4]:.1f}–{c[5]:.1f}", file=sys.stderr)
        print(len(out))
    elif what in ("arabic-left", "arabic-extent"):
        all_chars = list(chars(pdf))
        lines = {}
        for ch in all_chars:
            lines.setdefault(ch[2], []).append(ch)
        arabic = lambda c: "\u0600" <= c[3] <= "\u06ff" or "\ufb50" <= c[3] <= "\ufeff"
        held = [cs for cs in lines.values() if sys.argv[3] in "".join(c[3] for c in cs)]
        if what == "arabic-extent":
            # Every Arabic-script character level with those lines (a table's
            # row is one line for the eye, several for MuPDF).
            bands = [((cs[0][6] + cs[0][7]) / 2) for cs in held]
            found = [c for c in all_chars if arabic(c)
                     and any(c[6] <= y <= c[7] for y in bands)]
        else:
            found = [c for cs in held for c in cs if arabic(c)]
        if not found:
            sys.exit(f"no Arabic-script character on a line with {sys.argv[3]!r}")
        if what == "arabic-left":
            print(f"{min(c[4] for c in found):.2f}")
        else:
            print(f"{min(c[4] for c in found):.2f} {max(c[5] for c in found):.2f}")
    elif what in ("xs", "starts"):
        xml = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True,
                             check=True).stdout
        for m in re.finditer(r'<word xMin="([\d.-]+)"[^>]*>(.*?)</word>', xml):
            if m.group(2) == sys.argv[3] or (what == "starts" and m.group(2).startswith(sys.argv[3])):
                print(f"{float(m.group(1)):.1f}")
    elif what == "text":
        text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True).stdout
        print(re.sub(r"[\s\u2192\u2190]", "", text))
    else:
        sys.exit(__doc__)


main()
