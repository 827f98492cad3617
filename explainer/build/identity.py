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
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def digest(obj: Any) -> str:
    return sha256(json.dumps(obj, sort_keys=True, ensure_ascii=False, default=str).encode())


def _version(pkg: str) -> str:
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


def _code_hash() -> str:
    """A hash of the package's own source, templates and assets (a code change re-renders)."""
    root = Path(__file__).resolve().parents[1]  # the explainer package
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if (
            path.is_file()
            and path.suffix in (".py", ".html", ".css", ".js", ".json")
            and "__pycache__" not in path.parts
        ):
            h.update(path.relative_to(root).as_posix().encode())
            h.update(path.read_bytes())
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
