#!/usr/bin/python3
"""make-colour-font.py — test faces in colour, as emoji fonts are.

Cairo 1.16 cannot put the glyphs of a colour font into a PDF with their
text: pictures (CBDT, sbix: Noto Color Emoji, Apple's emoji) are drawn at
their size in the font, over the text around them, and layers (COLR) in
colour, but neither leaves any text in the text layer.  bifolio never uses
such a face; these let the tests hand it one, through @font-face or among
the system's fonts.

Drawn here from nothing: the letters A to Z, a to z and the Cherokee
syllables U+13A0 to U+13F4 (which no bundled face has), each a square
    layers    in two COLR layers of two CPAL colours ("Bifolio Layers Test"),
    pictures  as a 70-pixel PNG picture in an sbix strike of 100 pixels
              per em ("Bifolio Pictures Test").

Usage: make-colour-font.py layers|pictures OUT.ttf  (Debian's python3-fonttools)
"""
import struct
import sys
import zlib

from fontTools.colorLib.builder import buildCOLR, buildCPAL
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import newTable
from fontTools.ttLib.tables.sbixGlyph import Glyph
from fontTools.ttLib.tables.sbixStrike import Strike

UPEM = 1000
ADVANCE = 700
CHARACTERS = list(range(ord("A"), ord("Z") + 1)) + list(range(ord("a"), ord("z") + 1)) \
    + list(range(0x13A0, 0x13F5))


def square(x0, y0, x1, y1):
    pen = TTGlyphPen(None)
    pen.moveTo((x0, y0))
    pen.lineTo((x0, y1))
    pen.lineTo((x1, y1))
    pen.lineTo((x1, y0))
    pen.closePath()
    return pen.glyph()


def png(size, rgba):
    """A PNG picture of @size pixels square, all of colour @rgba."""
    rows = b"".join(b"\0" + bytes(rgba) * size for _ in range(size))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data \
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return b"\x89PNG\r\n\x1a\n" \
        + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)) \
        + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def main(kind, out):
    letters = ["u%04X" % c for c in CHARACTERS]
    names = [".notdef", "space", "inner"] + letters
    glyphs = {name: square(50, 0, 650, 700) for name in names}
    glyphs["space"] = TTGlyphPen(None).glyph()
    glyphs["inner"] = square(200, 150, 500, 550)
    family = "Bifolio Layers Test" if kind == "layers" else "Bifolio Pictures Test"

    fb = FontBuilder(UPEM, isTTF=True)
    fb.setupGlyphOrder(names)
    cmap = {c: "u%04X" % c for c in CHARACTERS}
    cmap[0x20] = "space"
    fb.setupCharacterMap(cmap)
    fb.setupGlyf(glyphs)
    fb.setupHorizontalMetrics({n: (300 if n == "space" else ADVANCE, 50) for n in names})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": family, "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=800, sTypoDescender=-200, usWinAscent=800, usWinDescent=200)
    fb.setupPost()
    if kind == "layers":
        fb.font["CPAL"] = buildCPAL([[(0.8, 0.1, 0.1, 1.0), (0.1, 0.1, 0.8, 1.0)]])
        fb.font["COLR"] = buildCOLR({name: [(name, 0), ("inner", 1)] for name in letters})
    else:
        sbix = newTable("sbix")
        sbix.version, sbix.flags = 1, 1
        strike = Strike(ppem=100, resolution=72)
        picture = png(70, (200, 30, 30, 255))
        for name in letters:
            strike.glyphs[name] = Glyph(glyphName=name, graphicType="png ",
                                        imageData=picture, originOffsetX=5, originOffsetY=0)
        sbix.strikes = {100: strike}
        fb.font["sbix"] = sbix
    fb.save(out)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("layers", "pictures"):
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
