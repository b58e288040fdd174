#!/usr/bin/python3
"""make-jalt-font.py — a test face with justification alternates (jalt).

No bundled face has the OpenType feature `jalt`, so text-justify: kashida's
first device (wider alternates of final letters) could not be shown or
tested.  This script makes one from the bundled Noto Naskh Arabic (SIL Open
Font Licence 1.1, fonts/noto/): for the final forms of beh, teh, noon,
seen, sheen, sad, kaf, keheh, yeh and Farsi yeh it adds an alternate drawn
1.6 times as wide (the outline stretched from the glyph's origin, so that
the stroke still joins the letter before it at the advance's far edge) and
one alternate-substitution lookup (GSUB type 3, as the OpenType registry
recommends for jalt) under a `jalt` feature for every script and language
of the face.  It is renamed "Bifolio Jalt Test Naskh", as the licence asks
of a modified version.

Usage: make-jalt-font.py IN.ttf OUT.ttf  (Debian's python3-fonttools)
"""
import sys

from fontTools.pens.transformPen import TransformPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables import otTables

WIDER = 1.6
LETTERS = [0x0628, 0x062A, 0x0646, 0x0633, 0x0634, 0x0635, 0x0643, 0x06A9,
           0x064A, 0x06CC]
FAMILY = "Bifolio Jalt Test Naskh"


def final_forms(font):
    """The glyph each base glyph becomes under the face's `fina` feature."""
    gsub = font["GSUB"].table
    forms = {}
    for record in gsub.FeatureList.FeatureRecord:
        if record.FeatureTag != "fina":
            continue
        for index in record.Feature.LookupListIndex:
            lookup = gsub.LookupList.Lookup[index]
            for sub in lookup.SubTable:
                if lookup.LookupType == 7:
                    sub = sub.ExtSubTable
                if hasattr(sub, "mapping"):
                    forms.update(sub.mapping)
    return forms


def add_wide_glyph(font, name, new_name):
    glyph_set = font.getGlyphSet()
    pen = TTGlyphPen(glyph_set)
    glyph_set[name].draw(TransformPen(pen, (WIDER, 0, 0, 1, 0, 0)))
    font["glyf"][new_name] = pen.glyph()
    advance, lsb = font["hmtx"][name]
    font["hmtx"][new_name] = (round(advance * WIDER), round(lsb * WIDER))


def add_jalt_feature(font, alternates):
    gsub = font["GSUB"].table
    sub = otTables.AlternateSubst()
    sub.Format = 1
    sub.alternates = alternates
    lookup = otTables.Lookup()
    lookup.LookupType = 3
    lookup.LookupFlag = 0
    lookup.SubTable = [sub]
    lookup.SubTableCount = 1
    gsub.LookupList.Lookup.append(lookup)
    gsub.LookupList.LookupCount = len(gsub.LookupList.Lookup)

    feature = otTables.Feature()
    feature.FeatureParams = None
    feature.LookupListIndex = [len(gsub.LookupList.Lookup) - 1]
    feature.LookupCount = 1
    record = otTables.FeatureRecord()
    record.FeatureTag = "jalt"
    record.Feature = feature
    # Feature records sorted by tag, as the specification asks; every
    # language system's indices renumbered to match.
    records = gsub.FeatureList.FeatureRecord
    old = list(records)
    records.append(record)
    records.sort(key=lambda r: r.FeatureTag)
    new_index = {id(r): i for i, r in enumerate(records)}
    remap = [new_index[id(r)] for r in old]
    jalt_index = new_index[id(record)]
    gsub.FeatureList.FeatureCount = len(records)
    for script in gsub.ScriptList.ScriptRecord:
        systems = [script.Script.DefaultLangSys] + [
            r.LangSys for r in script.Script.LangSysRecord]
        for system in systems:
            if system is None:
                continue
            indices = [remap[i] for i in system.FeatureIndex] + [jalt_index]
            system.FeatureIndex = sorted(indices)
            system.FeatureCount = len(indices)


def rename(font):
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 16):
            names.setName(FAMILY, record.nameID, record.platformID,
                          record.platEncID, record.langID)
        elif record.nameID == 4:
            names.setName(FAMILY + " Regular", 4, record.platformID,
                          record.platEncID, record.langID)
        elif record.nameID == 6:
            names.setName(FAMILY.replace(" ", "") + "-Regular", 6,
                          record.platformID, record.platEncID, record.langID)


def main():
    source, target = sys.argv[1:3]
    font = TTFont(source)
    cmap = font.getBestCmap()
    forms = final_forms(font)
    order = font.getGlyphOrder()
    alternates = {}
    for letter in LETTERS:
        final = forms.get(cmap.get(letter))
        if final is None or final in alternates:
            continue
        wide = final + ".jalt"
        order.append(wide)
        alternates[final] = [wide]
    font.setGlyphOrder(order)
    for final, (wide,) in alternates.items():
        add_wide_glyph(font, final, wide)
    add_jalt_feature(font, alternates)
    rename(font)
    font.save(target)
    print(f"{target}: {len(alternates)} final forms with a jalt alternate")


if __name__ == "__main__":
    main()
