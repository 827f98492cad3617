"""The manifest a build leaves in output/: what it was made from and what it holds.

It records the tool's identity, the hashes of the inputs, every fact (value and how each
language shows it), every artifact (hash, size, key) and, since version 2, the ledger of
every number the build printed (`numbers`, see `ledger.py`; read by `explainer audit`).
The next build reads it to decide whether anything changed (`is_fresh`), and to record
corrections: a version-1 manifest still serves for those (its facts are the same), so
the first build after an upgrade loses no correction, and it is never fresh.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from explainer.build.identity import input_files
from explainer.site import layout

MANIFEST_VERSION = 2
#: Versions whose facts and artifacts a build can compare with (1 had no `numbers`).
READABLE_VERSIONS = (1, 2)


def read_manifest(out: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((out / layout.MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("version") in READABLE_VERSIONS else None


def is_fresh(
    content: Path, out: Path, manifest: Mapping[str, Any] | None, tool: dict[str, str]
) -> bool:
    if not manifest or manifest.get("version") != MANIFEST_VERSION or manifest.get("tool") != tool:
        return False
    recorded = manifest.get("inputs", {})
    if input_files(content, [k for k in recorded if k != content.name]) != recorded:
        return False
    for rel, meta in manifest.get("artifacts", {}).items():
        p = out / rel
        if not p.is_file() or p.stat().st_size != meta["bytes"]:
            return False
    return True
