"""Addresses on the pages: relative links between output files, absolute URLs under the
story's `base_url`, a page's public path, and the http(s) guard for source links.

Links between our own files are always relative (`it/index.html` → `charts/a.svg`);
absolute URLs exist only when the story has a `base_url`, and only where they must.
"""

from __future__ import annotations

import posixpath
import re

from explainer.facts.story import Story
from explainer.site import layout


def rel(from_file: str, to_file: str) -> str:
    """Shortest relative link between two output files (`it/index.html` → `charts/a.svg`)."""
    start = posixpath.dirname(from_file) or "."
    return posixpath.relpath(to_file, start)


def absolute(story: Story, path: str) -> str | None:
    """`path` under the story's base_url, or None when the story has none."""
    if not story.base_url:
        return None
    return story.base_url.rstrip("/") + "/" + path


def page_url_path(locale: str) -> str:
    """The public address of a locale page, relative to base_url (`it/`)."""
    return posixpath.dirname(layout.page(locale)) + "/"


def safe_url(url: str | None) -> str | None:
    """Only http(s) addresses become links (validation checks it too; this is a guard)."""
    if url and re.match(r"^https?://", url.strip(), re.IGNORECASE):
        return url.strip()
    return None
