"""Corrections: what changed in the facts, told to readers as honest publications do.

Every build records each fact's value in `output/manifest.json`. The next build
compares: a fact whose value (or text, unit or approximation) changed becomes a
correction — date, fact, old value → new value, and the editor's note from the
content's `corrections:` section if there is one. Corrections accumulate in
`<content>.corrections.json` beside the content file, which the newsroom commits.

The date of a correction is the story's `updated` date when set, else
SOURCE_DATE_EPOCH, else today's date (UTC): recorded once, then read back, so
rebuilding the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from explainer.facts.numbers import format_fact
from explainer.facts.story import Correction, Fact, Story


def fact_record(fact: Fact, story: Story) -> dict[str, Any]:
    """What the manifest keeps of a fact: enough to detect and describe a change."""
    return {
        "value": fact.value,
        "unit": fact.unit.expr if fact.unit else None,
        "approx": fact.approx,
        "kind": fact.kind,
        "text": dict(fact.text) if fact.text else None,
        "label": dict(fact.label),
        "shown": {loc: format_fact(fact, story, loc) for loc in story.locales},
        "formula": fact.formula,
    }


def _same(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    return all(a.get(k) == b.get(k) for k in ("value", "unit", "approx", "text"))


@dataclass(frozen=True)
class FactChange:
    fact: str
    old: Mapping[str, Any] | None
    new: Mapping[str, Any] | None

    def describe(self, locale: str = "en") -> str:
        if self.old is None:
            assert self.new is not None
            return f"+ {self.fact}: {self._shown(self.new, locale)} (new)"
        if self.new is None:
            return f"- {self.fact}: {self._shown(self.old, locale)} (removed)"
        return f"~ {self.fact}: {self._shown(self.old, locale)} → {self._shown(self.new, locale)}"

    @staticmethod
    def _shown(record: Mapping[str, Any], locale: str) -> str:
        shown = record.get("shown") or {}
        return shown.get(locale) or next(iter(shown.values()), str(record.get("value")))


def compare(
    old: Mapping[str, Mapping[str, Any]], new: Mapping[str, Mapping[str, Any]]
) -> list[FactChange]:
    """Fact-level changes between two sets of fact records, in a stable order."""
    changes = []
    for fid in [*old, *[f for f in new if f not in old]]:
        a, b = old.get(fid), new.get(fid)
        if a is None or b is None or not _same(a, b):
            changes.append(FactChange(fid, a, b))
    return changes


def fact_changes(old: Story, new: Story) -> list[FactChange]:
    """`explainer diff OLD NEW`."""
    return compare(
        {f.id: fact_record(f, old) for f in old.facts.values()},
        {f.id: fact_record(f, new) for f in new.facts.values()},
    )


def correction_date(story: Story) -> str:
    if story.updated:
        return story.updated
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date().isoformat()
    return dt.datetime.now(dt.UTC).date().isoformat()


def corrections_file(content: Path) -> Path:
    return content.with_name(f"{content.stem}.corrections.json")


def load_corrections(path: Path) -> list[Correction]:
    if not path.is_file():
        return []
    from explainer.errors import ExplainerError

    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return [Correction(**item) for item in raw["corrections"]]
    except (ValueError, KeyError, TypeError) as e:
        raise ExplainerError(
            f"{path} is not a corrections file explainer can read ({e}); "
            "fix it from version control, or delete it to start afresh"
        ) from None


def dump_corrections(corrections: Sequence[Correction]) -> str:
    items = [{k: v for k, v in asdict(c).items()} for c in corrections]
    return json.dumps({"corrections": items}, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def new_corrections(changes: Sequence[FactChange], story: Story) -> list[Correction]:
    """Corrections for changed facts (not for facts added or removed)."""
    notes = story_notes(story)
    date = correction_date(story)
    out = []
    for ch in changes:
        if ch.old is None or ch.new is None:
            continue
        fact = story.facts[ch.fact]
        if fact.kind == "derived":
            continue  # it follows its inputs, whose own correction explains it
        out.append(
            Correction(
                date=date,
                fact=ch.fact,
                label=dict(fact.label),
                old={loc: FactChange._shown(ch.old, loc) for loc in story.locales},
                new={loc: FactChange._shown(ch.new, loc) for loc in story.locales},
                note=notes.get(ch.fact),
            )
        )
    return out


def story_notes(story: Story) -> dict[str, Mapping[str, str]]:
    return dict(story.correction_notes)


def newest_first(corrections: Sequence[Correction]) -> list[Correction]:
    indexed = list(enumerate(corrections))
    indexed.sort(key=lambda pair: (pair[1].date, pair[0]), reverse=True)
    return [c for _, c in indexed]
