"""The typeface every image is drawn in, and a private fontconfig that finds it.

Chromium on Linux finds fonts through fontconfig. A machine with only DejaVu and
Liberation would draw our charts in Liberation Sans; another machine in something else.
To get the same PNG everywhere we ship Inter (PyPI `fontpkg-inter`, SIL OFL 1.1) and give
Chromium a `fonts.conf` of our own that includes the system configuration (so fallback
fonts for other scripts still work) and adds Inter's folder.

`@font-face` in Kaleido's page does not reach the rendered PNG, so this is the way in.
The configuration is handed to the browser process only (see `session.py`); use
`private_fontconfig()` when something else (a Playwright test, `fc-match`) must see it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

import fontpkg_inter
import fontpkg_noto_sans_arabic

from explainer.charts.theme import FONT

#: The CSS font-family for every chart and page; the theme uses this.
FONT_FAMILY = FONT
#: The family name fontconfig and CSS know the shipped font by.
FONT_NAME: str = fontpkg_inter.FAMILY
#: Folder holding the shipped font files (`Inter[opsz,wght].ttf`, italic too).
FONT_DIR: Path = fontpkg_inter.ROOT / "files"
#: The licence text shipped with the font.
FONT_LICENSE: Path = fontpkg_inter.ROOT / "LICENSE"
#: Inter has no Arabic letters: Noto Sans Arabic (PyPI `fontpkg-noto-sans-arabic`, SIL
#: OFL 1.1) draws them, named after Inter in the charts' font stack (`theme.FONT`), so
#: Arabic text never depends on what the machine happens to have.
ARABIC_FONT_NAME: str = fontpkg_noto_sans_arabic.FAMILY
ARABIC_FONT_DIR: Path = fontpkg_noto_sans_arabic.ROOT / "files"
#: Every folder of shipped fonts the private fontconfig adds.
FONT_DIRS: tuple[Path, ...] = (FONT_DIR, ARABIC_FONT_DIR)

SYSTEM_FONTCONFIG = Path("/etc/fonts/fonts.conf")


def base_fontconfig() -> Path | None:
    """The configuration ours builds on: the caller's FONTCONFIG_FILE, else the system's."""
    current = os.environ.get("FONTCONFIG_FILE")
    if current and Path(current).is_file():
        return Path(current)
    if SYSTEM_FONTCONFIG.is_file():
        return SYSTEM_FONTCONFIG
    return None


def fontconfig_xml(
    font_dirs: Sequence[Path] = FONT_DIRS,
    base: Path | None = None,
) -> str:
    """A fonts.conf that includes `base` (if any) and adds `font_dirs`.

    Text is antialiased in grey (no sub-pixel colour fringes in a PNG that will be
    scaled) with slight hinting, for our font whatever the system's defaults say.
    """
    lines = [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
        "<!-- Written by explainer: the system configuration plus the shipped fonts. -->",
        "<fontconfig>",
    ]
    if base is not None:
        lines.append(f'  <include ignore_missing="yes">{escape(str(base))}</include>')
    for d in font_dirs:
        lines.append(f"  <dir>{escape(str(Path(d).resolve()))}</dir>")
    lines += [
        '  <match target="font">',
        f'    <test name="family"><string>{escape(FONT_NAME)}</string></test>',
        '    <edit name="antialias" mode="assign"><bool>true</bool></edit>',
        '    <edit name="hinting" mode="assign"><bool>true</bool></edit>',
        '    <edit name="hintstyle" mode="assign"><const>hintslight</const></edit>',
        '    <edit name="rgba" mode="assign"><const>none</const></edit>',
        "  </match>",
        "</fontconfig>",
        "",
    ]
    return "\n".join(lines)


def write_fontconfig(directory: Path, font_dirs: Sequence[Path] = FONT_DIRS) -> Path:
    """Write `fonts.conf` into `directory` and return its path."""
    if not any(Path(d).is_dir() for d in font_dirs):
        raise FileNotFoundError(
            f"font folder {font_dirs[0]} is missing; reinstall fontpkg-inter "
            "(pip install fontpkg-inter)"
        )
    directory.mkdir(parents=True, exist_ok=True)
    conf = directory / "fonts.conf"
    conf.write_text(fontconfig_xml(font_dirs, base_fontconfig()), encoding="utf-8")
    return conf


@contextlib.contextmanager
def fontconfig_file(font_files: Sequence[Path] = ()) -> Iterator[Path]:
    """A private fonts.conf in a temporary folder, removed on exit.

    `font_files` (a brand's) are copied into a folder of their own in it, which the
    configuration adds before the shipped fonts: Chromium then finds exactly those files
    (not whatever else lies beside them), by the family names they carry."""
    with tempfile.TemporaryDirectory(prefix="explainer-fonts-") as tmp:
        dirs: tuple[Path, ...] = FONT_DIRS
        if font_files:
            extra = Path(tmp) / "brand"
            extra.mkdir()
            for i, f in enumerate(font_files):
                shutil.copyfile(f, extra / f"{i:02d}-{Path(f).name}")
            dirs = (extra, *FONT_DIRS)
        yield write_fontconfig(Path(tmp), dirs)


@contextlib.contextmanager
def private_fontconfig(font_files: Sequence[Path] = ()) -> Iterator[Path]:
    """Set FONTCONFIG_FILE in os.environ to our fonts.conf; restore it on exit.

    For processes started inside the block (Playwright's Chromium, fc-match). It
    changes the environment of the whole process, so do not use it from threads that
    start other programs at the same time. `export_images` does not need it.
    """
    old = os.environ.get("FONTCONFIG_FILE")
    with fontconfig_file(font_files) as conf:
        os.environ["FONTCONFIG_FILE"] = str(conf)
        try:
            yield conf
        finally:
            if old is None:
                os.environ.pop("FONTCONFIG_FILE", None)
            else:
                os.environ["FONTCONFIG_FILE"] = old
