"""Where a place is on the map: the frame that fits the places, and the projections.

`frame_box()` picks the scope (Europe's conic map when every place is European, else
the world's Natural Earth projection) and the lon/lat box that fits the countries'
main polygons and the small places' points; `taller()` grows it for a phone.
`projector()` gives where plotly draws a lon/lat point in the body, and back: d3's own
formulas (plotly draws with d3-geo), fitted to the box as plotly fits it, so labels can
be placed in px and kept apart and inside the map.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from explainer.charts._geo import COUNTRIES
from explainer.charts._points import POINTS

EUROPE = (-25.0, 34.0, 45.0, 72.0)
#: Countries mostly outside Europe whose European part is the one a story means.
TRANSCONTINENTAL = {"RU", "TR", "KZ"}


def _box_of(code: str) -> tuple[float, float, float, float]:
    """The country's main polygon's box, or a small place's point as a box."""
    if code in COUNTRIES:
        return COUNTRIES[code][3:7]
    lon, lat = POINTS[code]
    return lon, lat, lon, lat


def _in_europe(code: str) -> bool:
    if code not in COUNTRIES:
        lon, lat = POINTS[code]
        return EUROPE[0] <= lon <= EUROPE[2] and EUROPE[1] <= lat <= EUROPE[3]
    _, lon, lat, x0, y0, x1, y1, _ = COUNTRIES[code]
    lo_lon, lo_lat, hi_lon, hi_lat = EUROPE
    if code in TRANSCONTINENTAL:
        return x0 < hi_lon and y1 > lo_lat
    return lo_lon <= lon <= hi_lon and lo_lat <= lat <= hi_lat


def frame_box(codes: list[str]) -> tuple[str, tuple[float, float, float, float]]:
    """('europe' | 'world', (min lon, min lat, max lon, max lat)) framing the countries.

    Transcontinental countries (Russia) only frame the map when nothing else does:
    otherwise a story about Eastern Europe would frame Siberia.
    """
    known = [c for c in codes if c in COUNTRIES or c in POINTS]
    if not known:
        return "world", (-170.0, -58.0, 190.0, 84.0)
    scope = "europe" if all(_in_europe(c) for c in known) else "world"
    framing = [c for c in known if c not in TRANSCONTINENTAL] or known
    boxes = [_box_of(c) for c in framing]
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


def wider(scope: str, box: Box, aspect: float) -> Box:
    """`box` grown east and west (to 360° at most) until the map drawn of it is at least
    `aspect` (width / height), so a tall frame fills a wide drawing."""
    x0, y0, x1, y1 = box
    for _ in range(6):
        have = projector(scope, (x0, y0, x1, y1), 1, 1).aspect
        if have >= aspect * 0.98 or x1 - x0 >= 359:
            break
        grow = min(360 - (x1 - x0), (x1 - x0) * (aspect / have - 1)) / 2
        x0, x1 = x0 - grow, x1 + grow
    return x0, y0, x1, y1


def box_aspect(box: tuple[float, float, float, float]) -> float:
    """Width / height of the box on the map, roughly (equirectangular at its mid latitude)."""
    x0, y0, x1, y1 = box
    mid = math.radians((y0 + y1) / 2)
    return max(0.2, (x1 - x0) * max(0.3, math.cos(mid)) / max(1.0, y1 - y0))


RawProjection = Callable[[float, float], tuple[float, float]]


def natural_earth(lam: float, phi: float) -> tuple[float, float]:
    """d3's Natural Earth 1 (plotly's "natural earth"), radians in, x east and y north."""
    p2 = phi * phi
    p4 = p2 * p2
    x = lam * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4)))
    y = phi * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)))
    return x, y


def conic_conformal(phi0: float, phi1: float) -> RawProjection:
    """d3's conic conformal (Lambert) with standard parallels phi0, phi1 (radians)."""

    def tany(y: float) -> float:
        return math.tan((math.pi / 2 + y) / 2)

    cy0 = math.cos(phi0)
    n = math.log(cy0 / math.cos(phi1)) / math.log(tany(phi1) / tany(phi0))
    f = cy0 * tany(phi0) ** n / n

    def raw(lam: float, phi: float) -> tuple[float, float]:
        phi = max(phi, -math.pi / 2 + 1e-6)
        r = f / tany(phi) ** n
        return r * math.sin(n * lam), f - r * math.cos(n * lam)

    return raw


#: plotly's conic conformal map of Europe: its standard parallels (degrees).
PARALLELS = (40.0, 60.0)


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


class GeoProjector:
    """Lon/lat to px on the map of `box`, as plotly fits it: the box's outline (corners
    and quarter points, joined by great circles) projected, scaled into width x height
    and centred; the projection is rotated to the box's middle longitude. `invert()`
    goes back from px to lon/lat (Newton's method on the same formulas)."""

    def __init__(self, box: Box, width: float, height: float, raw: RawProjection) -> None:
        x0, y0, x1, y1 = box
        self.raw = raw
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
        xy = [self._raw(lon, lat) for lon, lat in points]
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
        # plotly then draws the point (middle lon, middle lat) at the middle of that box,
        # which moves the map up or down (its clip box stays)
        mid = (y0 + y1) / 2
        self.dy += (self.extent[1] + self.extent[3]) / 2 - self(self.centre, mid)[1]
        #: px per degree of latitude at the box's middle, roughly
        self.px_per_degree = abs(self(self.centre, mid + 0.5)[1] - self(self.centre, mid - 0.5)[1])

    def _raw(self, lon: float, lat: float) -> tuple[float, float]:
        lam = math.radians((lon - self.centre + 180) % 360 - 180)
        return self.raw(lam, math.radians(lat))

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = self._raw(lon, lat)
        return self.dx + self.k * x, self.dy - self.k * y

    def invert(self, px: float, py: float) -> tuple[float, float]:
        """The lon/lat plotly draws at (px, py)."""
        lon, lat = self.centre, 0.0
        for _ in range(30):
            x, y = self(lon, lat)
            ex, ey = px - x, py - y
            if abs(ex) + abs(ey) < 1e-6:
                break
            h = 1e-4
            xa, ya = self(lon + h, lat)
            xb, yb = self(lon, lat + h)
            a, b, c, d = (xa - x) / h, (xb - x) / h, (ya - y) / h, (yb - y) / h
            det = a * d - b * c or 1e-12
            lon += (d * ex - b * ey) / det
            lat = max(-89.0, min(89.0, lat + (a * ey - c * ex) / det))
        return lon, lat


def projector(scope: str, box: Box, width: float, height: float) -> GeoProjector:
    """The projection plotly draws the map with: Natural Earth for the world, conic
    conformal for Europe."""
    if scope == "world":
        return GeoProjector(box, width, height, natural_earth)
    return GeoProjector(box, width, height, conic_conformal(*map(math.radians, PARALLELS)))


class WorldProjector(GeoProjector):
    """The world map's projector (Natural Earth)."""

    def __init__(self, box: Box, width: float, height: float) -> None:
        super().__init__(box, width, height, natural_earth)
