"""Every published version kept: `versions/<n>/` in the output folder.

    n = latest(out)                        # versions already kept (0: none)
    old = published_pages(out, manifest)   # {"en/index.html": bytes, …} as published
    if changed(old, files):                # a page says something new
        carry_over(out, staging); keep(out, staging, n + 1, old, files)

When a build changes what a page says (any `<locale>/index.html` differs from the one
it replaces), the version it replaces is kept under `versions/<n>/` (n = 1, 2, … in
order), laid out like the output folder itself, so each kept page's relative links
(stylesheet, scripts, font, charts, downloads, the other languages' pages) resolve
inside its own version folder:

    versions/<n>/<locale>/index.html      the page as published (every language)
    versions/<n>/<locale>/charts/…        the files it links to, as they were
    versions/<n>/assets/…                 the stylesheet, scripts and font it used

A kept page's bytes are the published ones, but for one attribute: the link of its own
update box to the version before it (`../versions/<n-1>/…` from `<locale>/`) is
re-pointed to where that version is from its new place (`../../<n-1>/…`). Every other
file is hard-linked, never copied where the system can link: to the new build's file
when the bytes are the same (an unchanged chart costs no space), else to the file the old
output held (a copy only where the file system has no hard links). Nothing else of the
old output is kept (no manifest, no facts.json).

`versions/` survives rebuilds: each build hard-links the previous output's versions into
its staging folder before the swap, and (once there are versions) every file whose bytes
did not change too (`share`), so a kept file and the current one stay one file. A build
whose pages are the same keeps them and adds none. The manifest lists every kept file
among its artifacts (so `is_fresh` sees a missing one); the build's report does not count
them.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from explainer.site.layout import VERSIONS, is_kept

__all__ = [
    "VERSIONS",
    "carry_over",
    "changed",
    "folder",
    "is_kept",
    "keep",
    "kept_files",
    "latest",
    "published_pages",
    "share",
]


#: A locale's page, `<locale>/index.html` (not the root chooser, not an embed).
_PAGE = re.compile(r"^[^/]+/index\.html$")
#: The update box's link to the version before (see templates/page.html).
_PREVIOUS = re.compile(rb'(<li class="previous-version"><a href=")([^"]*)(")')
_ATTR = re.compile(r'\b(?:href|src)="([^"]*)"')
_SRCSET = re.compile(r'\bsrcset="([^"]*)"')
_CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)""")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def folder(n: int) -> str:
    """The output-relative folder of version `n` (`versions/3`)."""
    return f"{VERSIONS}/{n}"


def latest(out: Path) -> int:
    """The number of the newest version kept in `out` (0: none)."""
    try:
        names = [p.name for p in (out / VERSIONS).iterdir() if p.is_dir()]
    except OSError:
        return 0
    return max((int(n) for n in names if n.isdigit() and n == str(int(n))), default=0)


def pages(files: Mapping[str, Any]) -> list[str]:
    """The locale pages among output paths."""
    return sorted(rel for rel in files if _PAGE.match(rel))


def published_pages(out: Path, manifest: Mapping[str, Any] | None) -> dict[str, bytes]:
    """The locale pages the last build left in `out`, as they are on disk."""
    if not manifest:
        return {}
    found = {}
    for rel in pages(manifest.get("artifacts", {})):
        try:
            found[rel] = (out / rel).read_bytes()
        except OSError:
            continue
    return found


def changed(old: Mapping[str, bytes], files: Mapping[str, bytes]) -> bool:
    """Whether the new build's pages say something else than the published ones."""
    return bool(old) and dict(old) != {rel: files[rel] for rel in pages(files)}


def carry_over(out: Path, staging: Path) -> None:
    """Hard-link every kept version of `out` into the staging folder."""
    for rel in _files_under(out, VERSIONS):
        _link(out / rel, staging / rel)


def keep(
    out: Path, staging: Path, n: int, old_pages: Mapping[str, bytes], files: Mapping[str, bytes]
) -> None:
    """Keep the version `old_pages` belong to (the old output `out`) as version `n` in the
    staging folder, beside the new build's `files` (already written there)."""
    base = folder(n)
    for rel, data in sorted(old_pages.items()):
        target = staging / base / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_repoint(data, rel, base))
    for rel in sorted(_used(out, old_pages)):
        if rel in old_pages:
            continue
        source = out / rel
        if files.get(rel) is not None and files[rel] == source.read_bytes():
            source = staging / rel  # the same bytes as the new build's: share them
        _link(source, staging / base / rel)


def share(source: Path, target: Path, data: bytes) -> bool:
    """Hard-link `target` to `source` if it holds exactly `data`; False where it does not
    or cannot (the caller then writes `data`)."""
    try:
        if source.is_symlink() or not source.is_file() or source.stat().st_size != len(data):
            return False
        if source.read_bytes() != data:
            return False
        os.link(source, target)
    except OSError:
        return False
    return True


def kept_files(staging: Path) -> list[str]:
    """Every kept file in the staging folder, as output paths."""
    return sorted(_files_under(staging, VERSIONS))


# -- helpers ----------------------------------------------------------------------------
def _files_under(root: Path, sub: str) -> Iterator[str]:
    top = root / sub
    if not top.is_dir() or top.is_symlink():
        return
    for dirpath, dirnames, filenames in os.walk(top):  # never follows symlinks
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(root).as_posix()


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _repoint(page: bytes, rel: str, base: str) -> bytes:
    """The page with its "previous version" link made relative to its kept place."""

    def new_href(m: re.Match[bytes]) -> bytes:
        target = _resolve(rel, html.unescape(m.group(2).decode()))
        if target is None:
            return m.group(0)
        href = posixpath.relpath(target, posixpath.dirname(f"{base}/{rel}"))
        return m.group(1) + html.escape(href).encode() + m.group(3)

    return _PREVIOUS.sub(new_href, page)


def _resolve(from_file: str, link: str) -> str | None:
    """The output path a relative link in `from_file` names, or None (absolute, data:,
    a fragment alone, or outside the output folder)."""
    link = link.strip()
    if not link or link.startswith(("#", "/")) or _SCHEME.match(link):
        return None
    link = unquote(link.split("#", 1)[0].split("?", 1)[0])
    if not link:
        return None
    path = posixpath.normpath(posixpath.join(posixpath.dirname(from_file), link))
    if path.startswith("../") or path == "..":
        return None
    return path


def _links(rel: str, data: bytes) -> Iterator[str]:
    text = data.decode("utf-8", errors="replace")
    if rel.endswith(".css"):
        found = list(_CSS_URL.findall(text))
    else:
        found = [html.unescape(v) for v in _ATTR.findall(text)]
        for srcset in _SRCSET.findall(text):
            found += [c.strip().split()[0] for c in html.unescape(srcset).split(",") if c.strip()]
    for link in found:
        target = _resolve(rel, link)
        if target is not None:
            yield target


def _used(out: Path, old_pages: Mapping[str, bytes]) -> set[str]:
    """Every file of `out` the pages link to, and the files those pages and stylesheets
    link to in turn; never a kept version's."""
    seen: set[str] = set(old_pages)
    todo = [(rel, data) for rel, data in sorted(old_pages.items())]
    while todo:
        rel, data = todo.pop()
        for target in _links(rel, data):
            if target in seen or is_kept(target) or not (out / target).is_file():
                continue
            seen.add(target)
            if target.endswith((".html", ".css")):
                todo.append((target, (out / target).read_bytes()))
    return seen
