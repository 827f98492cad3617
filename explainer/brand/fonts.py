"""The brand's font files: what each is (family, weight, style), and its subset for the
page.

The images get the files themselves (the private fontconfig, `images/fonts.py`); the
page gets each one subset with fontTools to the Latin set the shipped Inter covers
(`LATIN`), as WOFF2, so a page loads tens of KB, not the whole font, and every story of
a site shares the same files. Text outside the set falls back to the next font of the
stack (Inter, Noto Sans Arabic, the system's), which `unicode-range` says.

Subsets are deterministic: the same file gives the same bytes (no timestamp is
recalculated; WOFF2's Brotli is deterministic).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from struct import error as struct_error  # fontTools raises it on truncated tables

from fontTools import subset
from fontTools.ttLib import TTFont, TTLibError

from explainer.charts.typeset import Advances

MAX_BYTES = 20_000_000
SUFFIXES = (".ttf", ".otf", ".woff", ".woff2")
#: What the page subsets keep: the ranges of the shipped Inter (scripts/subset-font.sh).
LATIN_RANGES: tuple[tuple[int, int], ...] = (
    (0x20, 0x7E),
    (0xA0, 0x17F),
    (0x2013, 0x2014),
    (0x2018, 0x201E),
    (0x2022, 0x2022),
    (0x2026, 0x2026),
    (0x2039, 0x203A),
    (0x20AC, 0x20AC),
    (0x2192, 0x2192),
    (0x2212, 0x2212),
    (0x25A0, 0x25A0),
)
UNICODE_RANGE = ", ".join(f"U+{a:04X}" if a == b else f"U+{a:04X}-{b:04X}" for a, b in LATIN_RANGES)


@dataclass(frozen=True)
class BrandFont:
    """One font file of the brand, as CSS and fontconfig need it."""

    role: str  # "headings" | "body"
    path: Path
    family: str
    #: CSS font-weight: "400", or "100 900" for a variable font.
    weight: str
    style: str  # "normal" | "italic"
    sha256: str

    @property
    def asset_name(self) -> str:
        """The subset's file name under assets/ (by content: two brands never collide)."""
        return f"brand-font-{self.sha256[:12]}.woff2"


def _name(font: TTFont, *ids: int) -> str | None:
    table = font["name"]
    for ident in ids:
        record = table.getDebugName(ident)
        if record:
            return str(record).strip()
    return None


def read_font(path: Path, role: str) -> BrandFont:
    """What the file is; ValueError with a sentence when it is no usable font."""
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise ValueError(f"the font file is {len(data):,} bytes (limit {MAX_BYTES:,})")
    try:
        font = TTFont(io.BytesIO(data), lazy=True, recalcTimestamp=False)
        family = _name(font, 16, 1)
        cmap = font.getBestCmap() or {}
        if "fvar" in font and any(a.axisTag == "wght" for a in font["fvar"].axes):
            axis = next(a for a in font["fvar"].axes if a.axisTag == "wght")
            weight = f"{round(axis.minValue)} {round(axis.maxValue)}"
        else:
            weight = str(font["OS/2"].usWeightClass) if "OS/2" in font else "400"
        italic = ("OS/2" in font and font["OS/2"].fsSelection & 1) or (font["head"].macStyle & 2)
    except (TTLibError, KeyError, AssertionError, ValueError, struct_error) as e:
        raise ValueError(f"this is not a font file fontTools can read ({e})") from None
    if not family:
        raise ValueError("the font has no family name")
    if not any(ord(c) in cmap for c in "aeoAEO"):
        raise ValueError("the font has no Latin letters")
    return BrandFont(
        role=role,
        path=path,
        family=family,
        weight=weight,
        style="italic" if italic else "normal",
        sha256=hashlib.sha256(data).hexdigest(),
    )


def subset_woff2(font: BrandFont) -> bytes:
    """The font subset to `LATIN_RANGES`, as WOFF2 (same input, same bytes)."""
    return _subset(font.path, font.sha256)


@lru_cache(maxsize=16)
def _subset(path: Path, sha256: str) -> bytes:  # sha256: the cache key of the contents
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    options.drop_tables += ["DSIG"]
    tt = TTFont(io.BytesIO(path.read_bytes()), recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[c for a, b in LATIN_RANGES for c in range(a, b + 1)])
    subsetter.subset(tt)
    tt.flavor = "woff2"
    out = io.BytesIO()
    tt.save(out, reorderTables=True)
    return out.getvalue()


def fonts_hash(fonts: tuple[BrandFont, ...]) -> str:
    """One hash of every font file (for image keys: a changed file redraws)."""
    h = hashlib.sha256()
    for f in fonts:
        h.update(f.role.encode())
        h.update(f.sha256.encode())
    return h.hexdigest()[:16]


def _weight(font: BrandFont) -> int:
    """The weight a file stands for (a variable font: its lightest, as drawn at 400)."""
    return int(font.weight.split()[0])


@lru_cache(maxsize=16)
def _advances(path: Path, sha256: str) -> dict[str, float]:  # sha256: the cache key
    """Advance width in em of every character of the page's Latin set the font has."""
    tt = TTFont(io.BytesIO(path.read_bytes()), lazy=True, recalcTimestamp=False)
    cmap = tt.getBestCmap() or {}
    metrics = tt["hmtx"].metrics
    per_em = float(tt["head"].unitsPerEm)
    return {
        chr(code): metrics[cmap[code]][0] / per_em
        for a, b in LATIN_RANGES
        for code in range(a, b + 1)
        if code in cmap and cmap[code] in metrics
    }


def advances(body: tuple[BrandFont, ...]) -> Advances | None:
    """The widths the charts' text is set in with this body font (None: no font, the
    built-in Inter's): its upright regular file, and its bold one if given. Read from
    the files, so a label measured for a wide serif still fits its place."""
    upright = [f for f in body if f.style == "normal"] or list(body)
    if not upright:
        return None
    regular = min(upright, key=lambda f: abs(_weight(f) - 400))
    bolds = [f for f in upright if _weight(f) >= 600 and " " not in f.weight]
    bold = min(bolds, key=lambda f: abs(_weight(f) - 700)) if bolds else None
    return Advances(
        regular=_advances(regular.path, regular.sha256),
        bold=_advances(bold.path, bold.sha256) if bold else None,
    )
