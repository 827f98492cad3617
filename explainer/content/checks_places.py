"""Checks of the places: ISO country codes or named regions, their sources and quotes.

A mixin of `validate._Checker`: it uses the checker's `add`, `_ref` and `locales` (a
country's name is taken from Babel in each of the story's locales).
"""

from __future__ import annotations

from typing import Any

from explainer.content import model as m
from explainer.content.hints import Suggester
from explainer.content.sourcemap import Path_
from explainer.facts.story import Place


class PlaceChecks:
    """A country (ISO 3166-1 code) or a region of countries; a quote needs its source."""

    add: Any
    _ref: Any
    locales: list[str]

    def _check_places(
        self, places: list[tuple[int, m.PlaceSpec]], ids: dict[str, set[str]]
    ) -> dict[str, Place]:
        from babel import Locale

        territories = Locale.parse("en").territories
        known = [c for c in territories if isinstance(c, str) and len(c) == 2 and c.isalpha()]
        suggest = Suggester(known)  # one for all places: bounded work for many bad codes
        out = {}
        for i, p in places:
            at = ("places", i)
            if (p.country is None) == (p.region is None):
                self.add(
                    at,
                    "a place needs either country or region",
                    'country: "NL" or region: {it: …, en: …}',
                )
                continue
            codes = []
            if p.country is not None:
                if p.countries is not None:
                    self.add(
                        (*at, "countries"),
                        "countries is for regions",
                        "remove it, or use region instead of country",
                    )
                codes = [p.country]
                paths: list[Path_] = [(*at, "country")]
            else:
                codes = list(p.countries or [])
                paths = [(*at, "countries", k) for k in range(len(codes))]
            ok = True
            for code, path in zip(codes, paths, strict=True):
                if not (
                    len(code) == 2 and code.isupper() and code.isalpha() and code in territories
                ):
                    ok = False
                    self.add(
                        path,
                        f"'{code}' is not an ISO 3166-1 country code",
                        suggest(code)
                        or suggest(code.upper())
                        or 'use two capital letters, quoted: "NL"',
                    )
            if p.quote is not None and p.source is None:
                self.add(at, "a quote needs its source", "add source: …")
            self._ref((*at, "source"), p.source, ids["sources"], "source")
            if not ok or not self.locales:
                continue
            if p.region is not None:
                name = p.region
            else:
                name = {
                    loc: Locale.parse(loc).territories.get(p.country, p.country)
                    for loc in self.locales
                }
            out[p.id] = Place(
                id=p.id,
                name=name,
                role=p.role,
                group=p.group,
                countries=tuple(codes),
                is_region=p.region is not None,
                source=p.source,
                quote=p.quote,
            )
        return out
