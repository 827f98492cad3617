"""Where a place is on the map: the frame that fits the places, and the projections.

`frame_box()` picks the scope (Europe's conic map when every place is European, else
the world's Natural Earth projection) and the lon/lat box that fits the countries'
main polygons; `taller()` grows it for a phone. The projectors estimate where plotly
draws a lon/lat point in the body, so labels can be kept apart and inside the map.
"""

from __future__ import annotations

import math

from explainer.charts._geo import COUNTRIES

EUROPE = (-25.0, 34.0, 45.0, 72.0)
#: Countries mostly outside Europe whose European part is the one a story means.
TRANSCONTINENTAL = {"RU", "TR", "KZ"}


def _in_europe(code: str) -> bool:
    _, lon, lat, x0, y0, x1, y1 = COUNTRIES[code]
    lo_lon, lo_lat, hi_lon, hi_lat = EUROPE
    if code in TRANSCONTINENTAL:
        return x0 < hi_lon and y1 > lo_lat
    return lo_lon <= lon <= hi_lon and lo_lat <= lat <= hi_lat


def frame_box(codes: list[str]) -> tuple[str, tuple[float, float, float, float]]:
    """('europe' | 'world', (min lon, min lat, max lon, max lat)) framing the countries.

    Transcontinental countries (Russia) only frame the map when nothing else does:
    otherwise a story about Eastern Europe would frame Siberia.
    """
    known = [c for c in codes if c in COUNTRIES]
    if not known:
        return "world", (-170.0, -58.0, 190.0, 84.0)
    scope = "europe" if all(_in_europe(c) for c in known) else "world"
    framing = [c for c in known if c not in TRANSCONTINENTAL] or known
    boxes = [COUNTRIES[c][3:] for c in framing]
    x0 = min(b[0] for b in boxes)
    y0 = min(b[1] for b in boxes)
    x1 = max(b[2] for b in boxes)
    y1 = max(b[3] for b in boxes)
    if scope == "europe":
        x0, y0 = max(x0, EUROPE[0]), max(y0, EUROPE[1])
        x1, y1 = min(x1, EUROPE[2]), min(y1, EUROPE[3])
    # breathing room, and never zoomed in to a single small country
    w, h = x1 - x0, y1 - y0
    pad_x, pad_y = max(4.0, 0.12 * w, (16 - w) / 2), max(3.0, 0.12 * h, (10 - h) / 2)
    return scope, (x0 - pad_x, max(-85.0, y0 - pad_y), x1 + pad_x, min(85.0, y1 + pad_y))


Box = tuple[float, float, float, float]


def taller(box: Box, aspect: float) -> Box:
    """`box` grown north and south (within ±85°) until its width / height is `aspect`."""
    x0, y0, x1, y1 = box
    for _ in range(8):  # the aspect depends on the mid latitude: settle it in a few steps
        if box_aspect((x0, y0, x1, y1)) <= aspect * 1.01:
            break
        mid = math.radians((y0 + y1) / 2)
        want = (x1 - x0) * max(0.3, math.cos(mid)) / aspect
        grow = (want - (y1 - y0)) / 2
        y0, y1 = max(-85.0, y0 - grow), min(85.0, y1 + grow)
    return x0, y0, x1, y1


def box_aspect(box: tuple[float, float, float, float]) -> float:
    """Width / height of the box on the map, roughly (equirectangular at its mid latitude)."""
    x0, y0, x1, y1 = box
    mid = math.radians((y0 + y1) / 2)
    return max(0.2, (x1 - x0) * max(0.3, math.cos(mid)) / max(1.0, y1 - y0))


class Projector:
    """Lon/lat to approximate px on the drawn map (enough to keep labels apart)."""

    def __init__(self, box: Box, width: float, height: float) -> None:
        self.x0, self.y0, self.x1, self.y1 = box
        self.cos = max(0.3, math.cos(math.radians((self.y0 + self.y1) / 2)))
        self.k = min(
            width / max(1e-6, (self.x1 - self.x0) * self.cos), height / max(1e-6, self.y1 - self.y0)
        )
        self.width, self.height = width, height

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.x0) * self.cos * self.k, (self.y1 - lat) * self.k


def _natural_earth(lon: float, lat: float) -> tuple[float, float]:
    """d3's Natural Earth 1 (the projection plotly draws), x east and y north, radians."""
    lam, phi = math.radians(lon), math.radians(lat)
    p2 = phi * phi
    p4 = p2 * p2
    x = lam * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4)))
    y = phi * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)))
    return x, y


def _great_circle(
    a: tuple[float, float],
    b: tuple[float, float],
    steps: int = 12,
) -> list[tuple[float, float]]:
    """Points from a to b (lon, lat in degrees) along the great circle, as d3 draws edges."""

    def vec(p: tuple[float, float]) -> tuple[float, float, float]:
        lo, la = math.radians(p[0]), math.radians(p[1])
        return math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la)

    va, vb = vec(a), vec(b)
    angle = math.acos(max(-1.0, min(1.0, sum(x * y for x, y in zip(va, vb, strict=True)))))
    if angle < 1e-9:
        return [a]
    out = []
    for i in range(steps + 1):
        t = i / steps
        wa, wb = math.sin((1 - t) * angle), math.sin(t * angle)
        v = [(wa * x + wb * y) / math.sin(angle) for x, y in zip(va, vb, strict=True)]
        lon = math.degrees(math.atan2(v[1], v[0]))
        # keep the longitude continuous with the start (the box may pass 180°)
        lon += 360 * round((a[0] + t * (b[0] - a[0]) - lon) / 360)
        out.append((lon, math.degrees(math.asin(max(-1.0, min(1.0, v[2]))))))
    return out


class WorldProjector:
    """Lon/lat to px on a Natural Earth map of `box`, as plotly fits it: the box's outline
    (corners and quarter points, joined by great circles) scaled into width x height and
    centred. Exact enough to keep names apart on a world map, where a flat projection
    is not."""

    def __init__(self, box: Box, width: float, height: float) -> None:
        x0, y0, x1, y1 = box
        self.centre = (x0 + x1) / 2
        q = (x1 - x0) / 4
        ring = [
            (x0, y0),
            (x0, y1),
            *[(x0 + i * q, y1) for i in (1, 2, 3)],
            (x1, y1),
            (x1, y0),
            *[(x1 - i * q, y0) for i in (1, 2, 3)],
            (x0, y0),
        ]
        points = [p for a, b in zip(ring, ring[1:], strict=False) for p in _great_circle(a, b)]
        xy = [_natural_earth(lon - self.centre, lat) for lon, lat in points]
        bx0, bx1 = min(x for x, _ in xy), max(x for x, _ in xy)
        by0, by1 = min(y for _, y in xy), max(y for _, y in xy)
        #: width / height of the drawn map
        self.aspect = (bx1 - bx0) / max(1e-9, by1 - by0)
        self.k = min(width / max(1e-9, bx1 - bx0), height / max(1e-9, by1 - by0))
        # centred in the extent, y down
        self.dx = (width - self.k * (bx1 - bx0)) / 2 - self.k * bx0
        self.dy = (height - self.k * (by1 - by0)) / 2 + self.k * by1
        #: the drawn map's px box (plotly clips the map, names included, to it)
        self.extent = (
            self.dx + self.k * bx0,
            self.dy - self.k * by1,
            self.dx + self.k * bx1,
            self.dy - self.k * by0,
        )

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = _natural_earth(lon - self.centre, lat)
        return self.dx + self.k * x, self.dy - self.k * y


#: Where plotly puts text relative to its point, as (dx, dy) of the box's centre in
#: units of the box's half width / half height, plus a small gap in px.
