#!/usr/bin/python3
"""Builds resources/fonts/ — the fonts the UI falls back to for rare characters — from Debian's
packages, reproducibly. Run once when the fonts change, not at build time; the results are
committed. Needs: apt-get install fonts-hanazono fonts-babelstone-han python3-fonttools

Why these (see resources/fonts/README.md): no font the UI names (Microsoft YaHei, Noto Sans CJK,
PingFang …) has all of CJK Extensions B–H, so a name like 王𡒄 (U+21484) showed as an empty box.

  HanaMinB.ttf             HanaMinB as shipped (GlyphWiki, 2017-09-04): Ext. B, C, D, E, F
                           (plane 2) all but a few dozen. Unmodified.
  CounterHanExtA.ttf       HanaMinA cut to Ext. A (U+3400–4DBF) and the Compatibility
                           Ideographs Supplement (U+2F800–2FA1F): for PCs whose UI font lacks them.
                           Renamed "Counter Han ExtA" (HanaMinA is a Reserved Font Name).
  BabelStoneHan-ExtGH.ttf  BabelStone Han 15.0.5 cut to Ext. G and H (U+30000–323AF), which no
                           Hanazono release covers.

Subsetting keeps every glyph of the ranges and drops the rest (and the hinting, which the UI
does not use at these sizes). The fonts' licences allow it (Hanazono Font Licence: "with or
without modification"; Arphic Public License §2, notice below written into the file).
"""
import datetime
import os
import shutil
import sys

from fontTools import subset
from fontTools.ttLib import TTFont

HANAZONO = '/usr/share/fonts/truetype/hanazono'
BABELSTONE = '/usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf'
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'resources', 'fonts')

NOTICE = (
    'Modified for the counter-window client on {date}: subset of {source} to the characters '
    '{ranges}, made with fontTools.subset (scripts/make-rare-fonts.py). No glyph was changed.'
)


def rename(font: TTFont, family: str) -> None:
    """A new family name for a cut font: HanaMinA is a Reserved Font Name under the OFL side of
    Hanazono's dual licence, so its modified version does not carry it (the Hanazono Font Licence
    would allow it; renaming satisfies both)."""
    postscript = family.replace(' ', '')
    for record in list(font['name'].names):
        if record.nameID in (1, 16):
            record.string = family
        elif record.nameID in (2, 17):
            record.string = 'Regular'
        elif record.nameID in (3, 4):
            record.string = family if record.nameID == 4 else f'{postscript};{datetime.date.today().isoformat()}'
        elif record.nameID == 6:
            record.string = postscript


def cut(source: str, target: str, unicodes: list[tuple[int, int]], label: str, family: str | None = None) -> None:
    options = subset.Options()
    options.name_IDs = ['*']
    options.name_languages = ['*']
    options.layout_features = ['*']
    options.hinting = False
    options.notdef_outline = True
    font = TTFont(source)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[c for lo, hi in unicodes for c in range(lo, hi + 1)])
    subsetter.subset(font)
    ranges = ', '.join(f'U+{lo:04X}-{hi:04X}' for lo, hi in unicodes)
    notice = NOTICE.format(date=datetime.date.today().isoformat(), source=label, ranges=ranges)
    # Name ID 10 (description): the Arphic Public License asks for a notice of how and when the
    # file was changed inside the file itself.
    font['name'].setName(notice, 10, 3, 1, 0x409)
    font['name'].setName(notice, 10, 1, 0, 0)
    if family is not None:
        rename(font, family)
    font.save(target)


def main() -> int:
    os.makedirs(OUT, exist_ok=True)
    shutil.copyfile(os.path.join(HANAZONO, 'HanaMinB.ttf'), os.path.join(OUT, 'HanaMinB.ttf'))
    cut(os.path.join(HANAZONO, 'HanaMinA.ttf'), os.path.join(OUT, 'CounterHanExtA.ttf'),
        [(0x3400, 0x4DBF), (0x2F800, 0x2FA1F)], 'HanaMinA 2017-09-04 (Debian fonts-hanazono)', 'Counter Han ExtA')
    cut(BABELSTONE, os.path.join(OUT, 'BabelStoneHan-ExtGH.ttf'),
        [(0x30000, 0x323AF)], 'BabelStone Han 15.0.5 (Debian fonts-babelstone-han)')
    for name in sorted(os.listdir(OUT)):
        print(f'{name}\t{os.path.getsize(os.path.join(OUT, name))}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
