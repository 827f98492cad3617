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


def strings_section(locale: str) -> str:
    """A `strings:` section with every interface message for `locale`, to translate and
    paste into a content file (`explainer strings sw`). Texts are filled in from the
    shipped catalog of the locale's language when there is one, and left empty ("")
    otherwise, so that validation points at each one still to translate."""
    from explainer.facts.catalogs import catalog_language
    from explainer.facts.i18n import count_categories, template
    from explainer.facts.messages import MESSAGES

    shipped = catalog_language(locale) is not None
    q = json.dumps
    lines = [
        f"# explainer's interface words in '{locale}'"
        + (" (from the shipped catalog)" if shipped else ": translate each empty text"),
        "strings:",
    ]
    for key, msg in MESSAGES.items():
        lines.append(f"  # {msg.english}" + (f" | {msg.plural}" if msg.plural else ""))
        if msg.plural:
            order = ["zero", "one", "two", "few", "many", "other"]
            forms = [c for c in order if c in count_categories(locale)]
            samples = {c: _sample(c, locale) for c in forms}
            texts = {c: template(key, locale, count=samples[c]) if shipped else "" for c in forms}
            inner = ", ".join(f"{c}: {q(t, ensure_ascii=False)}" for c, t in texts.items())
            lines.append(f"  {key}: {{{locale}: {{{inner}}}}}")
        else:
            text = template(key, locale) if shipped else ""
            lines.append(f"  {key}: {{{locale}: {q(text, ensure_ascii=False)}}}")
    return "\n".join(lines) + "\n"


def _sample(category: str, locale: str) -> int:
    """A whole number of `category` in `locale` (`few` in Polish: 2)."""
    from explainer.facts.i18n import COUNTS_UP_TO, plural_category

    return next((n for n in range(COUNTS_UP_TO + 1) if plural_category(n, locale) == category), 1)
