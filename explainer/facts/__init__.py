"""Stage 2, the resolved story: facts with their values, and how each language says them.

Takes nothing from disk; gives the `Story` dataclasses every later stage reads, number
formatting per locale (Babel), `{fact}` references in prose, and the tool's own words.
"""
