#!/bin/sh
# Make explainer/assets/inter-latin.woff2: Inter (the font the chart images use),
# subset to Latin, so the inline SVG charts in the page look like the PNGs without
# loading a web font from anywhere else. Run after upgrading fontpkg-inter.
set -e
font=$(.venv/bin/python -c "import fontpkg_inter; print(fontpkg_inter.ROOT / 'files' / 'Inter[opsz,wght].ttf')")
.venv/bin/pyftsubset "$font" \
  --unicodes="U+0020-007E,U+00A0-017F,U+2013-2014,U+2018-201E,U+2022,U+2026,U+2039-203A,U+20AC,U+2192,U+2212,U+25A0" \
  --layout-features='kern,liga,tnum,calt' --flavor=woff2 \
  --output-file=explainer/assets/inter-latin.woff2
