"""Checks of what the browser returns, before anything is written.

`check_png` walks a PNG's chunks (CRCs), its size in pixels and its pixel data's length;
`check_svg` parses an SVG and wants an `<svg>` root with a viewBox. Both raise ValueError
saying what is wrong.
"""

from __future__ import annotations

import struct
import zlib
from xml.etree import ElementTree

__all__ = ["check_png", "check_svg"]

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_SVG_NS = "http://www.w3.org/2000/svg"


def check_png(data: bytes, width: int, height: int) -> None:
    """Raise ValueError unless `data` is a whole PNG of `width` x `height` pixels.

    Walks every chunk (CRC), and inflates the image data to check its length.
    """
    if not data.startswith(_PNG_SIGNATURE):
        raise ValueError("not a PNG (bad signature)")
    pos, idat, ihdr, seen_end = 8, [], None, False
    while pos < len(data):
        if pos + 12 > len(data):
            raise ValueError("truncated PNG chunk")
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        ctype = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length] or b"\0\0\0\0")
        if len(body) != length or zlib.crc32(ctype + body) != crc:
            raise ValueError(f"corrupt PNG chunk {ctype!r}")
        if ihdr is None and ctype != b"IHDR":
            raise ValueError("PNG does not start with IHDR")
        if ctype == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif ctype == b"IDAT":
            idat.append(body)
        elif ctype == b"IEND":
            seen_end = True
            break
        pos += 12 + length
    if ihdr is None or not seen_end or not idat:
        raise ValueError("incomplete PNG (missing IHDR, IDAT or IEND)")
    w, h, depth, colour, _, _, interlace = ihdr
    if (w, h) != (width, height):
        raise ValueError(f"PNG is {w}x{h} px, expected {width}x{height}")
    raw = zlib.decompress(b"".join(idat))
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}.get(colour)
    if channels is None:
        raise ValueError(f"PNG has unknown colour type {colour}")
    if not interlace and len(raw) != h * (1 + (w * channels * depth + 7) // 8):
        raise ValueError("PNG pixel data has the wrong length")


def check_svg(data: bytes) -> ElementTree.Element:
    """Raise ValueError unless `data` parses as XML with an <svg> root and a viewBox."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as e:
        raise ValueError(f"SVG does not parse: {e}") from None
    if root.tag != f"{{{_SVG_NS}}}svg":
        raise ValueError(f"root element is {root.tag}, not <svg>")
    if not root.get("viewBox"):
        raise ValueError("SVG has no viewBox")
    return root
