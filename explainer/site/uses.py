"""Where each fact is used on a page, so a reader can go from a fact to its uses as well
as from a use to its fact: the sections whose text names it, the charts that show it
(in reading order), and the derived facts calculated from it.

Each list is HTML (links, joined as the locale joins a list: "a, b e c"), built here
and escaped piece by piece, like `views.formula_html`.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel.lists import format_list
from markupsafe import Markup, escape

from explainer.facts.i18n import word
from explainer.facts.references import Ref, find
from explainer.facts.story import Story
from explainer.site import narrative


@dataclass(frozen=True)
class Uses:
    #: Links to the sections and charts showing the fact, in the page's order.
    appears: Markup | None
    #: Links to the derived facts calculated from it.
    used_in: Markup | None


def fact_uses(story: Story, locale: str) -> dict[str, Uses]:
    """Every fact's uses on the `locale` page."""
    appears: dict[str, list[tuple[str, str]]] = {fid: [] for fid in story.facts}
    for n, section in enumerate(story.sections, start=1):
        named = {p.fact for p in find(section.body.get(locale, "")) if isinstance(p, Ref)}
        heading = section.heading[locale] if section.heading else None
        label = heading or word("page.section_n", locale, story.strings, n=n)
        for fid in sorted(named & appears.keys(), key=list(story.facts).index):
            appears[fid].append((f"#section-{section.id}", label))
        for chart_id in section.charts:
            chart = story.charts[chart_id]
            shown = [*chart.facts, chart.options.get("highlight")]
            for fid in dict.fromkeys(f for f in shown if isinstance(f, str) and f in appears):
                appears[fid].append((f"#chart-{chart.id}", chart.title[locale]))
    used_in: dict[str, list[tuple[str, str]]] = {fid: [] for fid in story.facts}
    for derived in story.facts.values():
        for fid in derived.inputs:
            if fid in used_in:
                used_in[fid].append(
                    (f"#{narrative.fact_anchor(derived.id)}", derived.label[locale])
                )
    return {
        fid: Uses(_links(appears[fid], locale), _links(used_in[fid], locale)) for fid in story.facts
    }


def _links(links: list[tuple[str, str]], locale: str) -> Markup | None:
    """`links` as the locale lists things, each one an <a>."""
    if not links:
        return None
    marks = [f"\x00{i}\x00" for i in range(len(links))]
    joined = str(escape(format_list(marks, locale=locale)))
    for mark, (href, label) in zip(marks, links, strict=True):
        joined = joined.replace(mark, str(Markup('<a href="{}">{}</a>').format(href, label)), 1)
    return Markup(joined)
