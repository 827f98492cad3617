"""Checks of the narrative: the charts each section places, the facts its text names.

A mixin of `validate._Checker`: it uses the checker's `add`, `_ref`, `_suggest`,
`_reported`, the source map (a reference's position inside its text) and the facts.
"""

from __future__ import annotations

from typing import Any

from explainer.content import model as m
from explainer.content.sourcemap import Path_, shown_path
from explainer.errors import Problem
from explainer.facts.references import REF_STYLES, Ref, find
from explainer.facts.story import Fact, Section


class NarrativeChecks:
    """Each chart placed once; every `{fact}` reference known, with a known style."""

    add: Any
    _ref: Any
    _suggest: Any
    _reported: Any
    smap: Any
    data: Any
    problems: Any

    def _check_narrative(
        self,
        sections: list[tuple[int, m.SectionSpec]],
        ids: dict[str, set[str]],
        facts: dict[str, Fact],
    ) -> tuple[Section, ...]:
        placed: dict[str, str] = {}
        out = []
        for i, s in sections:
            at = ("narrative", i)
            for k, chart in enumerate(s.charts):
                if self._ref((*at, "charts", k), chart, ids["charts"], "chart"):
                    if chart in placed:
                        self.add(
                            (*at, "charts", k),
                            f"chart '{chart}' is already placed in section '{placed[chart]}'",
                            "place each chart once",
                        )
                    placed[chart] = s.id
            for loc, text in s.body.items():
                self._refs((*at, "body", loc), text, ids["facts"], facts)
            out.append(Section(id=s.id, heading=s.heading, body=s.body, charts=tuple(s.charts)))
        return tuple(out)

    def _refs(self, path: Path_, text: str, fact_ids: set[str], facts: dict[str, Fact]) -> None:
        if self._reported(path):
            return
        for piece in find(text):
            if not isinstance(piece, Ref):
                continue
            found = self._wrong_ref(piece, fact_ids, facts)
            if found is not None:
                line, col = self.smap.inside(path, piece.start)
                where = shown_path(path, self.data)
                self.problems.add(Problem(self.smap.file, line, col, where, *found))

    def _wrong_ref(
        self, piece: Ref, fact_ids: set[str], facts: dict[str, Fact]
    ) -> tuple[str, str] | None:
        """What is wrong with a `{fact}` reference (message, hint), or None."""
        if not piece.fact or not piece.fact.replace("_", "a").isalnum():
            return (
                f"'{{{piece.raw}}}' is not a fact reference",
                "write {fact_id} or {fact_id:full}; {{ and }} for literal braces",
            )
        if piece.fact not in fact_ids:
            return (
                f"unknown fact '{piece.fact}'",
                self._suggest(piece.fact, fact_ids) or "use the id of a fact",
            )
        if not piece.ok:
            return f"unknown style in '{{{piece.raw}}}'", "styles: " + ", ".join(REF_STYLES)
        if piece.fact in facts and facts[piece.fact].text is not None and piece.style != "compact":
            return (
                f"'{piece.fact}' is a text fact; it takes no style",
                "write {" + piece.fact + "}",
            )
        return None
