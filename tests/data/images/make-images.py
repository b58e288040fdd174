#!/usr/bin/python3
"""Writes the test pictures of tests/unit/test-image.c, whose expected sizes
and colours are the numbers chosen here.  PNG and GIF are written byte by
byte (zlib, a plain LZW stream); JPEG and WebP are encoded by gdk-pixbuf
(python3-gi), then the JPEG headers are set by hand: a JFIF density, an EXIF
orientation.  Run from anywhere: python3 make-images.py"""
import os
import struct
import zlib

import gi
gi.require_version("GdkPixbuf", "2.0")
from gi.repository import GdkPixbuf, GLib  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
RED, BLUE, GREEN, MAGENTA = (255, 0, 0), (0, 0, 255), (0, 160, 0), (255, 0, 255)


def out(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def png_chunk(kind, body):
    return (struct.pack(">I", len(body)) + kind + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xffffffff))


def png(width, height, pixel, alpha, ppm=None):
    """pixel(x, y) -> (r, g, b[, a]); ppm: pixels per metre for pHYs."""
    rows = b""
    for y in range(height):
        rows += b"\0" + b"".join(bytes(pixel(x, y)) for x in range(width))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6 if alpha else 2, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr)
    if ppm:
        data += png_chunk(b"pHYs", struct.pack(">IIB", ppm, ppm, 1))
    return data + png_chunk(b"IDAT", zlib.compress(rows)) + png_chunk(b"IEND", b"")


def gif_frame(width, height, index):
    """An image block filled with palette entry @index: 2-bit codes written
    at 3 bits, with a clear code every two pixels so the code size never
    grows (GIF89a appendix F)."""
    clear, end = 4, 5
    codes = []
    for i in range(width * height):
        if i % 2 == 0:
            codes.append(clear)
        codes.append(index)
    codes.append(end)
    bits, nbits, packed = 0, 0, bytearray()
    for c in codes:
        bits |= c << nbits
        nbits += 3
        while nbits >= 8:
            packed.append(bits & 0xff)
            bits >>= 8
            nbits -= 8
    if nbits:
        packed.append(bits & 0xff)
    blocks = b"".join(bytes([len(packed[i:i + 255])]) + bytes(packed[i:i + 255])
                      for i in range(0, len(packed), 255))
    descriptor = b"," + struct.pack("<HHHHB", 0, 0, width, height, 0)
    return descriptor + b"\x02" + blocks + b"\0"


def gif(width, height):
    """Two frames: green, then magenta (only the first is drawn)."""
    palette = bytes(GREEN + MAGENTA + (255, 255, 255) + (0, 0, 0))
    head = b"GIF89a" + struct.pack("<HHBBB", width, height, 0xf1, 0, 0) + palette
    loop = b"!\xff\x0bNETSCAPE2.0\x03\x01\0\0\0"
    delay = b"!\xf9\x04\x00\x32\x00\x00\x00"  # 0.5 s
    return head + loop + delay + gif_frame(width, height, 0) + delay + gif_frame(width, height, 1) + b";"


def pixbuf(width, height, pixel):
    rows = b"".join(bytes(pixel(x, y)) for y in range(height) for x in range(width))
    return GdkPixbuf.Pixbuf.new_from_bytes(GLib.Bytes.new(rows), GdkPixbuf.Colorspace.RGB,
                                           False, 8, width, height, width * 3)


def jpeg(width, height, pixel, dpi=None, orientation=None):
    ok, data = pixbuf(width, height, pixel).save_to_bufferv("jpeg", ["quality"], ["95"])
    data = bytes(data)
    # gdk-pixbuf (libjpeg) writes SOI then a JFIF APP0 of 16 bytes.
    assert data[2:4] == b"\xff\xe0" and data[6:11] == b"JFIF\0"
    units, density = (1, dpi) if dpi else (0, 1)
    app0 = data[2:13] + struct.pack(">BHH", units, density, density) + data[18:20]
    exif = b""
    if orientation:
        # A big-endian TIFF header, IFD0 at 8 with one entry: Orientation.
        tiff = b"MM\0*" + struct.pack(">I", 8) + struct.pack(">H", 1)
        tiff += struct.pack(">HHIHH", 0x0112, 3, 1, orientation, 0) + struct.pack(">I", 0)
        body = b"Exif\0\0" + tiff
        exif = b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body
    return data[:2] + app0 + exif + data[20:]


def top_red_bottom_blue(x, y):
    return RED if y < 24 else BLUE


out("alpha.png", png(40, 30, lambda x, y: (255, 0, 0, 255) if x < 20 else (0, 0, 255, 0), True))
out("hidpi.png", png(40, 30, lambda x, y: BLUE, False, ppm=7559))  # 7559 px/m = 192.0 dpi
out("lowdpi.png", png(16, 16, lambda x, y: BLUE, False, ppm=111))  # 111 px/m = 2.8 dpi
out("photo.jpg", jpeg(64, 48, top_red_bottom_blue, dpi=192))
out("rotated.jpg", jpeg(64, 48, top_red_bottom_blue, orientation=6))
out("frames.gif", gif(16, 8))
ok, webp = pixbuf(20, 10, lambda x, y: GREEN).save_to_bufferv("webp", ["lossless"], ["true"])
out("tiny.webp", bytes(webp))
