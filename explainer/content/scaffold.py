"""`explainer new DIR`: a small story that validates and builds, to start from."""

from __future__ import annotations

import json
from pathlib import Path

from explainer.errors import ExplainerError

_HERE = Path(__file__).with_name("example")
_FILES = ("content.yaml", "sources/report.txt")


def scaffold(directory: Path) -> list[Path]:
    """Write the example story into `directory`; refuses to overwrite anything."""
    targets = [directory / rel for rel in _FILES]
    existing = [t for t in targets if t.exists()]
    if existing:
        raise ExplainerError(f"{existing[0]} already exists; choose an empty folder")
    for rel, target in zip(_FILES, targets, strict=True):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((_HERE / rel).read_bytes())
    from explainer.content.model import Content

    schema = directory / "explainer.schema.json"
    if not schema.exists():
        schema.write_text(
            json.dumps(Content.model_json_schema(), indent=2, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
        targets.append(schema)
    return targets
