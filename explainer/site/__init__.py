"""Stage 6, the pages: the story, its rendered charts and corrections → HTML files.

Takes a `Story`, the rendered charts (SVG, alt text, file names) and the corrections;
gives every page, embed page and asset as bytes, keyed by its path in `output/`
(`layout` says where each file goes). Pure: writes nothing itself.
"""
