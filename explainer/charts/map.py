"""Map: the story's places, countries filled by group colour, regions lighter.

Each place's countries are filled with its group's colour (groups in order of first
appearance take the palette's colours); a region (several countries) takes a lighter
tint of it, so one country named in the story stands out from a broad area. The place's
localized name is written on the map; under the map a key gives each place's name and
role, with a swatch of its fill.

The frame fits the places: a conic projection zoomed on Europe when they are all
European, otherwise the Natural Earth projection, zoomed to the countries' main polygons.
Outlines come from the local topojson the exporter points plotly at (world_110m.json,
so the geo scope is always "world", narrowed by lon/lat ranges); the figure holds no
URL.

On a phone (the narrow drawing) the frame is taller than its places need, north and
south, so the map fills a squarer area and its names have room, and names are set a
little smaller. Names are kept apart (and inside the map) by estimating where plotly
draws each place: a flat approximation for Europe's conic map, the Natural Earth
formulas for a world map, where a flat one is far off.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go

from explainer.charts import framing, theme, typeset, words
from explainer.charts._geo import COUNTRIES
from explainer.facts.story import Chart, Place, Story

SIZE = (theme.WIDTH, 640)

#: lon/lat box counted as Europe (the europe scope's useful part).
EUROPE = (-25.0, 34.0, 45.0, 72.0)
#: Countries mostly outside Europe whose European part is the one a story means.
TRANSCONTINENTAL = {"RU", "TR", "KZ"}
REGION_TINT = 0.5
MAP_MIN_H, MAP_MAX_H = 220.0, 520.0
MAP_MIN_H_NARROW = 150.0
#: The narrow drawing's map is at least this tall for its width (height / width).
NARROW_MIN_RATIO = 0.8
KEY_GAP = 16
SWATCH = 14
NAME_SIZE = 16
NAME_SIZE_NARROW = 14


def groups(places: list[Place]) -> dict[str, str]:
    """group -> colour, in order of first appearance."""
    out: dict[str, str] = {}
    for p in places:
        if p.group not in out:
            out[p.group] = theme.PALETTE[len(out) % len(theme.PALETTE)]
    return out


def fill(place: Place, colours: dict[str, str]) -> str:
    colour = colours[place.group]
    return theme.tint(colour, REGION_TINT) if place.is_region else colour


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
        if _aspect((x0, y0, x1, y1)) <= aspect * 1.01:
            break
        mid = math.radians((y0 + y1) / 2)
        want = (x1 - x0) * max(0.3, math.cos(mid)) / aspect
        grow = (want - (y1 - y0)) / 2
        y0, y1 = max(-85.0, y0 - grow), min(85.0, y1 + grow)
    return x0, y0, x1, y1


def _aspect(box: tuple[float, float, float, float]) -> float:
    """Width / height of the box on the map, roughly (equirectangular at its mid latitude)."""
    x0, y0, x1, y1 = box
    mid = math.radians((y0 + y1) / 2)
    return max(0.2, (x1 - x0) * max(0.3, math.cos(mid)) / max(1.0, y1 - y0))


class _Projector:
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


class _WorldProjector:
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
    project: _Projector | _WorldProjector,
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
    spot: tuple[float, float, str], project: _Projector | _WorldProjector, w: float, h: float
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
    size: float = NAME_SIZE,
    scope: str = "europe",
) -> list[tuple[float, float, str]]:
    """(lon, lat, textposition) for each place's name, keeping names off each other."""
    project = (_WorldProjector if scope == "world" else _Projector)(box, width, height)
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


def _key(
    places: list[Place], locale: str, width: float, size: float = theme.LABEL
) -> list[tuple[Place, list[str]]]:
    out = []
    for p in places:
        text = f"{p.name[locale]} — {p.role[locale]}"
        out.append((p, typeset.wrap(text, size, width - SWATCH - 10)))
    return out


def figure(chart: Chart, story: Story, locale: str, width: int = theme.WIDTH) -> go.Figure:
    cw = words.chart_words(chart, story, locale)
    sizes = theme.sizes(width)
    name_size = NAME_SIZE_NARROW if sizes.narrow else NAME_SIZE
    places = [story.places[p] for p in chart.places]
    colours = groups(places)
    codes = [c for p in places for c in p.countries]
    scope, box = frame_box(codes)
    body_w = width - 2 * sizes.pad
    if sizes.narrow:
        box = taller(box, 1 / NARROW_MIN_RATIO)
        # a world map's true shape (Natural Earth is not flat), so no band is left empty
        aspect = _WorldProjector(box, 1, 1).aspect if scope == "world" else _aspect(box)
        map_h = min(MAP_MAX_H, max(MAP_MIN_H_NARROW, body_w / aspect))
    else:
        map_h = min(MAP_MAX_H, max(MAP_MIN_H, body_w / _aspect(box)))
    key = _key(places, locale, body_w, sizes.label)
    key_h = sum(typeset.block_height(len(lines), sizes.label) + 8 for _, lines in key)
    body_h = map_h + KEY_GAP + key_h
    frame = framing.plan(cw, body_height=body_h, width=width)
    fig = framing.new_figure(frame)
    framing.px_axes(fig, frame)

    # countries: one choropleth per fill colour, countries named twice keep the first fill
    seen: set[str] = set()
    by_fill: dict[str, list[str]] = {}
    for p in places:
        for c in p.countries:
            if c in COUNTRIES and c not in seen:
                seen.add(c)
                by_fill.setdefault(fill(p, colours), []).append(COUNTRIES[c][0])
    for colour, iso3 in by_fill.items():
        fig.add_trace(
            go.Choropleth(
                locations=iso3,
                z=[1] * len(iso3),
                locationmode="ISO-3",
                colorscale=[[0, colour], [1, colour]],
                showscale=False,
                marker=dict(line=dict(color=theme.BORDER, width=0.8)),
                hoverinfo="skip",
                geo="geo",
                name=colour,
            )
        )

    plain = [p.name[locale] for p in places]
    spots = place_labels(places, plain, box, body_w, map_h, name_size, scope)
    lons = [s[0] for s in spots]
    lats = [s[1] for s in spots]
    positions = [s[2] for s in spots]
    names = [f"<b>{typeset.esc(n)}</b>" for n in plain]
    fig.add_trace(
        go.Scattergeo(
            lon=lons,
            lat=lats,
            mode="text",
            text=names,
            textposition=positions,
            geo="geo",
            textfont=dict(
                size=name_size,
                color=theme.INK,
                shadow="1px 1px 2px #ffffff, "
                "-1px -1px 2px #ffffff, 1px -1px 2px #ffffff, -1px 1px 2px #ffffff",
            ),
            hoverinfo="skip",
            showlegend=False,
            name="names",
        )
    )

    map_top = 1 - map_h / body_h
    projection = (
        dict(type="conic conformal", parallels=[40, 60], rotation=dict(lon=(box[0] + box[2]) / 2))
        if scope == "europe"
        else dict(type="natural earth")
    )
    fig.update_layout(
        geo=dict(
            # only world_110m.json ships: regions are the world, zoomed by the axis ranges
            scope="world",
            projection=projection,
            resolution=110,
            domain=dict(x=[0, 1], y=[map_top, 1]),
            lonaxis=dict(range=[box[0], box[2]]),
            lataxis=dict(range=[box[1], box[3]]),
            fitbounds=False,
            visible=True,
            showland=True,
            landcolor=theme.LAND,
            showcountries=True,
            countrycolor=theme.BORDER,
            countrywidth=0.8,
            showcoastlines=False,
            showocean=False,
            showlakes=False,
            showrivers=False,
            showframe=False,
            showsubunits=False,
            bgcolor=theme.BACKGROUND,
        )
    )

    y = map_h + KEY_GAP
    for p, lines in key:
        fig.add_shape(
            type="rect",
            xref="x",
            yref="y",
            x0=0,
            x1=SWATCH,
            y0=y + 4,
            y1=y + 4 + SWATCH,
            fillcolor=fill(p, colours),
            line=dict(width=0),
        )
        name, _, rest = typeset.html_lines(lines).partition(" — ")
        fig.add_annotation(
            framing.label(
                f"<b>{name}</b> — {rest}",
                SWATCH + 10,
                y,
                size=sizes.label,
                colour=theme.INK,
                name=f"place:{p.id}",
            )
        )
        y += typeset.block_height(len(lines), sizes.label) + 8
    return framing.dress(fig, frame)
