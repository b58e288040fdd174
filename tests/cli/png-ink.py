#!/usr/bin/env python3
"""Compares where two PNG pictures of a page hold ink: a preview bifolio drew
and the same page of its PDF rendered by poppler (pdftoppm).  Counts the
dark pixels of each band of 4 rows and of 4 columns (renderers round half a
pixel differently) and prints the lesser correlation of the two pictures'
profiles and the ratio of
their dark pixels; exits 1 when the correlation is below MIN (0.95; the same
page gives about 0.98, the next page of a book 0.65) or the dark pixels
differ by more than 10%.  Reads 8-bit PNGs with no library beyond zlib.
Usage: png-ink.py A.png B.png [MIN]"""
import struct
import sys
import zlib


def read_png(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and interlace == 0, (path, depth, interlace)
            channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride = zlib.decompress(idat), width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b, c = prev[x], prev[x - channels] if x >= channels else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return width, height, channels, rows


def dark_profiles(path):
    """Dark pixels per row and per column."""
    width, height, channels, rows = read_png(path)
    per_row, per_column = [], [0] * width
    for row in rows:
        dark = [x for x in range(width) if row[x * channels] < 128]
        per_row.append(len(dark))
        for x in dark:
            per_column[x] += 1
    return per_row, per_column

def bands(rows, k=4):
    return [sum(rows[i:i + k]) for i in range(0, len(rows), k)]


def correlation(x, y):
    n = min(len(x), len(y))
    x, y = x[:n], y[:n]
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((p - mx) * (q - my) for p, q in zip(x, y))
    sx = sum((p - mx) ** 2 for p in x) ** 0.5
    sy = sum((q - my) ** 2 for q in y) ** 0.5
    return sxy / (sx * sy) if sx and sy else 0.0


(a, a_columns), (b, b_columns) = dark_profiles(sys.argv[1]), dark_profiles(sys.argv[2])
minimum = float(sys.argv[3]) if len(sys.argv) > 3 else 0.95
r = min(correlation(bands(a), bands(b)), correlation(bands(a_columns), bands(b_columns)))
ratio = sum(a) / max(sum(b), 1)
print(f"{sys.argv[1]} ~ {sys.argv[2]}: correlation {r:.3f} (the lesser of rows and columns), "
      f"dark pixels {sum(a)} / {sum(b)} = {ratio:.3f}")
sys.exit(0 if r >= minimum and 0.9 <= ratio <= 1.1 else 1)
