"""What an output depends on, as hashes: the tool, the content and its sources.

`tool_identity()` names the versions and a hash of explainer's own code (a code change
rebuilds everything); `input_files()` hashes the content file and the source files it
references; `digest()` is the stable hash of any JSON-able object (an image's key).
The browser is not part of any of them: a build whose images are all cached must work
on a machine with no Chromium.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib.util import find_spec
from pathlib import Path
from typing import Any


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def digest(obj: Any) -> str:
    return sha256(json.dumps(obj, sort_keys=True, ensure_ascii=False, default=str).encode())


def _version(pkg: str) -> str:
    """The installed version of `pkg`, read from the name of its `.dist-info` folder
    beside it (`plotly-7.1.0.dist-info`), as installers write it; `importlib.metadata`
    only where that is not the layout. (Importing `importlib.metadata` costs about a
    third of a no-change rebuild, most of it the `email` package.)"""
    spec = find_spec(pkg)
    if spec is None or not spec.origin:
        return "?"
    beside = Path(spec.origin).parent.parent
    found = [p.name for p in beside.glob(f"{pkg}-*.dist-info")]
    if len(found) == 1:
        return found[0][len(pkg) + 1 : -len(".dist-info")]
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(pkg)
    except PackageNotFoundError:
        return "?"


def tool_identity() -> dict[str, str]:
    """What, besides the content, the output depends on. Cheap: no browser is started."""
    from explainer import __version__

    # The browser is not part of it: a build whose images are all in the cache must work
    # on a machine with no Chromium. A new Chromium alone re-renders nothing; after a
    # browser upgrade, `explainer build --no-cache` draws everything again.
    return {
        "explainer": __version__,
        "plotly": _version("plotly"),
        "kaleido": _version("kaleido"),
        "code": _code_hash(),
    }


#: The explainer package's folder.
PACKAGE = Path(__file__).resolve().parents[1]


def _code_hash(root: Path = PACKAGE) -> str:
    """A hash of every file of the package: code, templates, assets, catalogs, map data
    (a change to any of them re-renders). Compiled bytecode is not part of it."""
    files = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [d for d in subfolders if d != "__pycache__"]
        files += [os.path.join(folder, n) for n in names if not n.endswith((".pyc", ".pyo"))]
    h = hashlib.sha256()
    for path in sorted(files):
        h.update(Path(path).relative_to(root).as_posix().encode())
        with open(path, "rb") as f:
            h.update(f.read())
    return h.hexdigest()[:16]


def input_files(content: Path, story_sources: list[str] | None = None) -> dict[str, str]:
    """Hashes of the content file and the source files it references."""
    files = {content.name: sha256(content.read_bytes())}
    for rel in story_sources or []:
        p = content.parent / rel
        if p.is_file():
            files[rel] = sha256(p.read_bytes())
    return files


def font_hash() -> str:
    try:
        import fontpkg_inter

        root = Path(fontpkg_inter.ROOT) / "files"
        h = hashlib.sha256()
        for p in sorted(root.glob("*")):
            h.update(p.name.encode())
            h.update(str(p.stat().st_size).encode())
        return h.hexdigest()[:16]
    except Exception:  # noqa: BLE001 - no font package: the key says so
        return "none"


def export_hash() -> str:
    """The exporter's own code, fonts setup and map data: a change there re-renders images."""
    package = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    images = sorted((package / "images").glob("*.py"))
    for path in [*images, *sorted((package / "charts" / "data").rglob("*.json"))]:
        if path.is_file():
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]
