"""Place names on the map: candidate positions around each place, kept apart and inside.

Each name is tried at a few positions around its place (right, left, above, below…),
and the first whose estimated text box overlaps no name already placed and stays
inside the map is taken.
"""

from __future__ import annotations

from explainer.charts import typeset
from explainer.charts._geo import COUNTRIES
from explainer.charts.projection import Box, Projector, WorldProjector
from explainer.facts.story import Place

_POSITIONS = {
    "middle center": (0, 0),
    "top center": (0, -1),
    "bottom center": (0, 1),
    "middle right": (1, 0),
    "middle left": (-1, 0),
}


def _candidates(
    place: Place,
    box: Box,
    project: Projector | WorldProjector,
    w: float,
    h: float,
) -> list[tuple[float, float, str]]:
    """Label spots to try, best first: inside the place when it holds the name, then
    just above, below, right or left of it."""
    codes = [c for c in place.countries if c in COUNTRIES]
    if not codes:
        return [((box[0] + box[2]) / 2, (box[1] + box[3]) / 2, "middle center")]
    rows = [COUNTRIES[c] for c in codes]
    clip = [
        (max(r[3], box[0]), max(r[4], box[1]), min(r[5], box[2]), min(r[6], box[3])) for r in rows
    ]
    x0 = min(c[0] for c in clip)
    y0 = min(c[1] for c in clip)
    x1 = max(c[2] for c in clip)
    y1 = max(c[3] for c in clip)
    if len(rows) == 1:
        lon, lat = rows[0][1], rows[0][2]
    else:  # a region: the middle of its countries in the frame
        points = [(r[1], r[2]) for r in rows]
        inside = [(x, y) for x, y in points if box[0] <= x <= box[2] and box[1] <= y <= box[3]]
        use = inside or points
        lon = sorted(x for x, _ in use)[len(use) // 2]
        lat = sorted(y for _, y in use)[len(use) // 2]
    left, top = project(x0, y1)
    right, bottom = project(x1, y0)
    spots = [(lon, lat, "middle center")]
    fits = (right - left) >= 0.9 * w and (bottom - top) >= 1.6 * h
    if not fits and len(rows) == 1:
        spots = []
    spots += [
        (lon, y1, "top center"),
        (lon, y0, "bottom center"),
        (x1, lat, "middle right"),
        (x0, lat, "middle left"),
    ]
    if not fits and len(rows) > 1:
        spots.append((lon, lat, "middle center"))
    return spots


def _label_box(
    spot: tuple[float, float, str], project: Projector | WorldProjector, w: float, h: float
) -> tuple[float, float, float, float]:
    px, py = project(spot[0], spot[1])
    dx, dy = _POSITIONS[spot[2]]
    cx = px + dx * (w / 2 + 3)
    cy = py + dy * (h / 2 + 3)
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


def place_labels(
    places: list[Place],
    names: list[str],
    box: Box,
    width: float,
    height: float,
    size: float = 16,
    scope: str = "europe",
) -> list[tuple[float, float, str]]:
    """(lon, lat, textposition) for each place's name, keeping names off each other."""
    project = (WorldProjector if scope == "world" else Projector)(box, width, height)
    left, top, right, bottom = getattr(project, "extent", (0, 0, width, height))
    taken: list[tuple[float, float, float, float]] = []
    out = []
    for place, name in zip(places, names, strict=True):
        w = typeset.text_width(name, size, bold=True)
        h = typeset.line_height(size)
        spots = _candidates(place, box, project, w, h)

        def free(b: tuple[float, float, float, float]) -> bool:
            inside = b[0] >= left and b[2] <= right and b[1] >= top and b[3] <= bottom
            apart = all(
                b[2] + 4 < t[0] or t[2] + 4 < b[0] or b[3] + 2 < t[1] or t[3] + 2 < b[1]
                for t in taken
            )
            return inside and apart

        chosen = next((s for s in spots if free(_label_box(s, project, w, h))), spots[0])
        taken.append(_label_box(chosen, project, w, h))
        out.append(chosen)
    return out
