#!/usr/bin/env python3
"""Where a colour is in a binary PPM picture (pdftoppm's output with -aa no
-aaVector no, so that flat colours stay exact): prints how many pixels are
exactly that colour, the picture's width, and the leftmost and rightmost
columns holding it (-1 when none).  Reads the PPM with no library.
Usage: ppm-colour.py PICTURE.ppm RRGGBB"""
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
want = bytes.fromhex(sys.argv[2])
columns = [i // 3 % width for i in range(0, len(pixels), 3) if pixels[i:i + 3] == want]
print(len(columns), width, min(columns) if columns else -1, max(columns) if columns else -1)
