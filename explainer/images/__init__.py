"""Stage 5, export: Plotly figures → checked PNG and SVG files, in one Chromium session.

Takes `ImageJob`s (a figure, a path, a size); gives files on disk, or an `ExportError`
naming every image that failed. Also the shipped font (a private fontconfig) and the
social cards' figures. Knows nothing of stories beyond the cards.
"""
