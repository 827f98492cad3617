"""Type metrics for charts: how wide a text is in Inter, line breaks, Plotly's HTML subset.

Plotly wraps no text and knows no text widths, so `text_width()` estimates them from
Inter's advance widths and Noto Sans Arabic's (measured from the shipped fonts, a little
generous so a fallback font still fits) and `wrap()` breaks lines. `esc()` makes plain
text safe for Plotly's small HTML subset; text from the content is never trusted as
markup. A chart drawn in a brand's font is measured in that font's widths
(`measured_in`, read from the font file by `brand/fonts.py`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

#: Plotly's line height for multi-line text.
LINE = 1.3

# Inter's advance widths (em) at the default instance, measured from the shipped font.
_W = {
    " ": 0.281,
    "!": 0.288,
    '"': 0.466,
    "#": 0.633,
    "$": 0.642,
    "%": 0.982,
    "&": 0.644,
    "'": 0.3,
    "(": 0.365,
    ")": 0.365,
    "*": 0.501,
    "+": 0.662,
    ",": 0.288,
    "-": 0.46,
    ".": 0.288,
    "/": 0.36,
    "0": 0.631,
    "1": 0.407,
    "2": 0.61,
    "3": 0.618,
    "4": 0.646,
    "5": 0.593,
    "6": 0.62,
    "7": 0.566,
    "8": 0.619,
    "9": 0.62,
    ":": 0.288,
    ";": 0.302,
    "<": 0.662,
    "=": 0.662,
    ">": 0.662,
    "?": 0.511,
    "@": 0.966,
    "A": 0.69,
    "B": 0.654,
    "C": 0.73,
    "D": 0.722,
    "E": 0.601,
    "F": 0.59,
    "G": 0.746,
    "H": 0.743,
    "I": 0.269,
    "J": 0.571,
    "K": 0.672,
    "L": 0.565,
    "M": 0.903,
    "N": 0.753,
    "O": 0.765,
    "P": 0.639,
    "Q": 0.765,
    "R": 0.644,
    "S": 0.642,
    "T": 0.646,
    "U": 0.744,
    "V": 0.69,
    "W": 0.985,
    "X": 0.682,
    "Y": 0.679,
    "Z": 0.629,
    "[": 0.365,
    "\\": 0.36,
    "]": 0.365,
    "^": 0.471,
    "_": 0.456,
    "`": 0.323,
    "a": 0.562,
    "b": 0.612,
    "c": 0.571,
    "d": 0.612,
    "e": 0.583,
    "f": 0.37,
    "g": 0.613,
    "h": 0.591,
    "i": 0.242,
    "j": 0.242,
    "k": 0.549,
    "l": 0.242,
    "m": 0.876,
    "n": 0.591,
    "o": 0.6,
    "p": 0.612,
    "q": 0.612,
    "r": 0.376,
    "s": 0.528,
    "t": 0.327,
    "u": 0.591,
    "v": 0.562,
    "w": 0.818,
    "x": 0.546,
    "y": 0.562,
    "z": 0.552,
    "{": 0.426,
    "|": 0.333,
    "}": 0.426,
    "~": 0.662,
    "ß": 0.616,
    "œ": 1.0,
    "’": 0.261,
    "‘": 0.261,
    "“": 0.44,
    "”": 0.44,
    "«": 0.583,
    "»": 0.583,
    "–": 0.5,
    "—": 1.0,
    "…": 0.864,
    "×": 0.662,
    "÷": 0.662,
    "€": 0.667,
    "£": 0.611,
    "·": 0.288,
    "•": 0.562,
    "→": 0.954,
    "←": 0.954,
    "↑": 0.834,
    "↓": 0.834,
    "\u00a0": 0.281,
    "\u202f": 0.2,
}
# Noto Sans Arabic's advance widths (em, by code point), measured from the shipped font:
# each letter's medial form where it has one (most letters of a word join on both
# sides; the final and initial forms are no wider), 0 for the combining marks.
# fmt: off
_W_ARABIC = {
    0x060C: 0.328, 0x060D: 0.365, 0x060E: 0.904, 0x060F: 0.521, 0x0610: 0.0, 0x0611: 0.0,
    0x0612: 0.0, 0x0613: 0.0, 0x0614: 0.0, 0x0615: 0.0, 0x0616: 0.0, 0x0617: 0.0,
    0x0618: 0.0, 0x0619: 0.0, 0x061A: 0.0, 0x061B: 0.344, 0x061C: 0.6, 0x061D: 0.604,
    0x061E: 0.289, 0x061F: 0.434, 0x0620: 0.76, 0x0621: 0.411, 0x0622: 0.235,
    0x0623: 0.235, 0x0624: 0.447, 0x0625: 0.238, 0x0626: 0.76, 0x0627: 0.291,
    0x0628: 0.993, 0x0629: 0.405, 0x062A: 0.993, 0x062B: 0.993, 0x062C: 0.639,
    0x062D: 0.637, 0x062E: 0.639, 0x062F: 0.532, 0x0630: 0.477, 0x0631: 0.396,
    0x0632: 0.367, 0x0633: 0.85, 0x0634: 1.209, 0x0635: 0.949, 0x0636: 1.306, 0x0637: 0.71,
    0x0638: 0.788, 0x0639: 0.521, 0x063A: 0.507, 0x063B: 0.877, 0x063C: 0.877,
    0x063D: 0.76, 0x063E: 0.76, 0x063F: 0.76, 0x0640: 0.47, 0x0641: 0.983, 0x0642: 0.774,
    0x0643: 0.508, 0x0644: 0.3, 0x0645: 0.578, 0x0646: 0.685, 0x0647: 0.507, 0x0648: 0.472,
    0x0649: 0.736, 0x064A: 0.76, 0x064B: 0.0, 0x064C: 0.0, 0x064D: 0.0, 0x064E: 0.0,
    0x064F: 0.0, 0x0650: 0.0, 0x0651: 0.0, 0x0652: 0.0, 0x0653: 0.0, 0x0654: 0.0,
    0x0655: 0.0, 0x0656: 0.0, 0x0657: 0.0, 0x0658: 0.0, 0x0659: 0.0, 0x065A: 0.0,
    0x065B: 0.0, 0x065C: 0.0, 0x065D: 0.0, 0x065E: 0.0, 0x065F: 0.0, 0x0660: 0.572,
    0x0661: 0.572, 0x0662: 0.572, 0x0663: 0.572, 0x0664: 0.572, 0x0665: 0.572,
    0x0666: 0.572, 0x0667: 0.572, 0x0668: 0.572, 0x0669: 0.572, 0x066A: 0.473,
    0x066B: 0.245, 0x066C: 0.245, 0x066D: 0.498, 0x066E: 0.343, 0x066F: 0.808,
    0x0671: 0.235, 0x067E: 0.993, 0x0686: 0.659, 0x0698: 0.367, 0x06A9: 0.975,
    0x06AF: 0.877, 0x06CC: 0.76,

}
# fmt: on
_BOLD = 1.07  # bold is a little wider
_SLACK = 1.04  # a fallback font, hinting, rounding


@dataclass(frozen=True)
class Advances:
    """A font's advance widths (em) by character, regular and bold (None: the regular
    ones made bolder as Inter's are): the widths a brand's font sets text in."""

    regular: Mapping[str, float]
    bold: Mapping[str, float] | None = None


_ADVANCES: ContextVar[Advances | None] = ContextVar("advances", default=None)


@contextmanager
def measured_in(advances: Advances | None) -> Iterator[None]:
    """Text measured in this font's widths inside the block (None: in Inter's), so a
    chart drawn in a brand's font wraps and fits its labels for that font."""
    token = _ADVANCES.set(advances)
    try:
        yield
    finally:
        _ADVANCES.reset(token)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Estimated width in px of one line of plain text at `size` px: in Inter, or in
    the font of `measured_in` (its characters; Inter's widths for any it lacks)."""
    import unicodedata

    bolder = _BOLD if bold else 1.0
    advances = _ADVANCES.get()
    table: Mapping[str, float] = {}
    own = bolder
    if advances is not None:
        table = advances.regular
        if bold and advances.bold is not None:
            table, own = advances.bold, 1.0
    em = em_own = 0.0  # Inter's widths, and the font's own
    for ch in text:
        w = table.get(ch)
        if w is not None:
            em_own += w
            continue
        w = _W.get(ch)
        if w is None:
            w = _W_ARABIC.get(ord(ch))
        if w is None:
            base = unicodedata.normalize("NFD", ch)[0]
            w = _W.get(base)
        if w is None and unicodedata.category(ch) == "Cf":
            continue  # invisible: a direction mark, an isolate, a zero-width joiner
        if w is None:
            w = 1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.62
        em += w
    return em * size * bolder * _SLACK + em_own * size * own * _SLACK


def wrap(text: str, size: float, width: float, bold: bool = False) -> list[str]:
    """Greedy word wrap of plain text into lines no wider than `width` px (when possible)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for token in paragraph.split(" "):
            candidate = f"{line} {token}" if line else token
            if line and text_width(candidate, size, bold) > width:
                lines.append(line)
                line = token
            else:
                line = candidate
        lines.append(line)
    return lines


def esc(text: str) -> str:
    """Plain text made safe for Plotly's small HTML subset (&, <, >)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def html_lines(lines: Iterable[str]) -> str:
    return "<br>".join(esc(line) for line in lines)


def line_height(size: float) -> float:
    return size * LINE


def block_height(lines: int, size: float) -> float:
    return lines * line_height(size) if lines else 0.0
