#!/usr/bin/env python3
"""Where a colour is in a binary PPM picture (pdftoppm's output with -aa no
-aaVector no, so that flat colours stay exact): prints how many pixels are
exactly that colour, the picture's width, and the leftmost and rightmost
columns holding it (-1 when none).  With "runs", prints instead the most
separate stretches of the colour in any one row, and in any one column (a
dashed line's dashes).  Reads the PPM with no library.
Usage: ppm-colour.py PICTURE.ppm RRGGBB [runs]"""
import sys

data = open(sys.argv[1], "rb").read()
fields, pos = [], 0
while len(fields) < 4:  # P6, width, height, maximum
    while data[pos:pos + 1].isspace():
        pos += 1
    end = pos
    while not data[end:end + 1].isspace():
        end += 1
    fields.append(data[pos:end])
    pos = end
width, pixels = int(fields[1]), data[pos + 1:]
height = len(pixels) // 3 // width
want = bytes.fromhex(sys.argv[2])
if len(sys.argv) > 3 and sys.argv[3] == "runs":
    def is_want(x, y):
        i = 3 * (y * width + x)
        return pixels[i:i + 3] == want

    def runs(cells):
        count, inside = 0, False
        for hit in cells:
            count += hit and not inside
            inside = hit
        return count
    rows = max(runs(is_want(x, y) for x in range(width)) for y in range(height))
    cols = max(runs(is_want(x, y) for y in range(height)) for x in range(width))
    print(rows, cols)
    sys.exit(0)
columns = [i // 3 % width for i in range(0, len(pixels), 3) if pixels[i:i + 3] == want]
print(len(columns), width, min(columns) if columns else -1, max(columns) if columns else -1)
