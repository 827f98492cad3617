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
"""

from __future__ import annotations

import math

import plotly.graph_objects as go

from explainer import theme
from explainer.charts._geo import COUNTRIES
from explainer.story import Chart, Place, Story

SIZE = (theme.WIDTH, 640)

#: lon/lat box counted as Europe (the europe scope's useful part).
EUROPE = (-25.0, 34.0, 45.0, 72.0)
#: Countries mostly outside Europe whose European part is the one a story means.
TRANSCONTINENTAL = {"RU", "TR", "KZ"}
REGION_TINT = 0.5
MAP_MIN_H, MAP_MAX_H = 220.0, 520.0
KEY_GAP = 16
SWATCH = 14
NAME_SIZE = 16


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


def _aspect(box: tuple[float, float, float, float]) -> float:
    """Width / height of the box on the map, roughly (equirectangular at its mid latitude)."""
    x0, y0, x1, y1 = box
    mid = math.radians((y0 + y1) / 2)
    return max(0.2, (x1 - x0) * max(0.3, math.cos(mid)) / max(1.0, y1 - y0))


Box = tuple[float, float, float, float]


class _Projector:
    """Lon/lat to approximate px on the drawn map (enough to keep labels apart)."""

    def __init__(self, box: Box, width: float, height: float) -> None:
        self.x0, self.y0, self.x1, self.y1 = box
        self.cos = max(0.3, math.cos(math.radians((self.y0 + self.y1) / 2)))
        self.k = min(width / max(1e-6, (self.x1 - self.x0) * self.cos),
                     height / max(1e-6, self.y1 - self.y0))
        self.width, self.height = width, height

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.x0) * self.cos * self.k, (self.y1 - lat) * self.k


#: Where plotly puts text relative to its point, as (dx, dy) of the box's centre in
#: units of the box's half width / half height, plus a small gap in px.
_POSITIONS = {
    "middle center": (0, 0),
    "top center": (0, -1),
    "bottom center": (0, 1),
    "middle right": (1, 0),
    "middle left": (-1, 0),
}


def _candidates(place: Place, box: Box, project: _Projector, w: float, h: float,
                ) -> list[tuple[float, float, str]]:
    """Label spots to try, best first: inside the place when it holds the name, then
    just above, below, right or left of it."""
    codes = [c for c in place.countries if c in COUNTRIES]
    if not codes:
        return [((box[0] + box[2]) / 2, (box[1] + box[3]) / 2, "middle center")]
    rows = [COUNTRIES[c] for c in codes]
    clip = [(max(r[3], box[0]), max(r[4], box[1]), min(r[5], box[2]), min(r[6], box[3]))
            for r in rows]
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
    spots += [(lon, y1, "top center"), (lon, y0, "bottom center"), (x1, lat, "middle right"),
              (x0, lat, "middle left")]
    if not fits and len(rows) > 1:
        spots.append((lon, lat, "middle center"))
    return spots


def _label_box(spot: tuple[float, float, str], project: _Projector, w: float,
               h: float) -> tuple[float, float, float, float]:
    px, py = project(spot[0], spot[1])
    dx, dy = _POSITIONS[spot[2]]
    cx = px + dx * (w / 2 + 3)
    cy = py + dy * (h / 2 + 3)
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


def place_labels(places: list[Place], names: list[str], box: Box, width: float,
                 height: float) -> list[tuple[float, float, str]]:
    """(lon, lat, textposition) for each place's name, keeping names off each other."""
    project = _Projector(box, width, height)
    taken: list[tuple[float, float, float, float]] = []
    out = []
    for place, name in zip(places, names, strict=True):
        w = theme.text_width(name, NAME_SIZE, bold=True)
        h = theme.line_height(NAME_SIZE)
        spots = _candidates(place, box, project, w, h)

        def free(b: tuple[float, float, float, float]) -> bool:
            inside = b[0] >= 0 and b[2] <= width and b[1] >= 0 and b[3] <= height
            apart = all(b[2] + 4 < t[0] or t[2] + 4 < b[0] or b[3] + 2 < t[1] or t[3] + 2 < b[1]
                        for t in taken)
            return inside and apart

        chosen = next((s for s in spots if free(_label_box(s, project, w, h))), spots[0])
        taken.append(_label_box(chosen, project, w, h))
        out.append(chosen)
    return out


def _key(places: list[Place], locale: str, width: float) -> list[tuple[Place, list[str]]]:
    out = []
    for p in places:
        text = f"{p.name[locale]} — {p.role[locale]}"
        out.append((p, theme.wrap(text, theme.LABEL, width - SWATCH - 10)))
    return out


def figure(chart: Chart, story: Story, locale: str) -> go.Figure:
    places = [story.places[p] for p in chart.places]
    colours = groups(places)
    codes = [c for p in places for c in p.countries]
    scope, box = frame_box(codes)
    body_w = theme.WIDTH - 2 * theme.PAD
    map_h = min(MAP_MAX_H, max(MAP_MIN_H, body_w / _aspect(box)))
    key = _key(places, locale, body_w)
    key_h = sum(theme.block_height(len(lines), theme.LABEL) + 8 for _, lines in key)
    body_h = map_h + KEY_GAP + key_h
    frame = theme.plan(chart, story, locale, body_height=body_h)
    fig = theme.new_figure(frame)
    theme.px_axes(fig, frame)

    # countries: one choropleth per fill colour, countries named twice keep the first fill
    seen: set[str] = set()
    by_fill: dict[str, list[str]] = {}
    for p in places:
        for c in p.countries:
            if c in COUNTRIES and c not in seen:
                seen.add(c)
                by_fill.setdefault(fill(p, colours), []).append(COUNTRIES[c][0])
    for colour, iso3 in by_fill.items():
        fig.add_trace(go.Choropleth(
            locations=iso3, z=[1] * len(iso3), locationmode="ISO-3",
            colorscale=[[0, colour], [1, colour]], showscale=False,
            marker=dict(line=dict(color=theme.BORDER, width=0.8)),
            hoverinfo="skip", geo="geo", name=colour,
        ))

    plain = [p.name[locale] for p in places]
    spots = place_labels(places, plain, box, body_w, map_h)
    lons = [s[0] for s in spots]
    lats = [s[1] for s in spots]
    positions = [s[2] for s in spots]
    names = [f"<b>{theme.esc(n)}</b>" for n in plain]
    fig.add_trace(go.Scattergeo(
        lon=lons, lat=lats, mode="text", text=names, textposition=positions, geo="geo",
        textfont=dict(size=NAME_SIZE, color=theme.INK, shadow="1px 1px 2px #ffffff, "
                      "-1px -1px 2px #ffffff, 1px -1px 2px #ffffff, -1px 1px 2px #ffffff"),
        hoverinfo="skip", showlegend=False, name="names",
    ))

    map_top = 1 - map_h / body_h
    projection = (dict(type="conic conformal", parallels=[40, 60],
                       rotation=dict(lon=(box[0] + box[2]) / 2))
                  if scope == "europe" else dict(type="natural earth"))
    fig.update_layout(geo=dict(
        # only world_110m.json ships: regions are the world, zoomed by the axis ranges
        scope="world", projection=projection, resolution=110,
        domain=dict(x=[0, 1], y=[map_top, 1]),
        lonaxis=dict(range=[box[0], box[2]]), lataxis=dict(range=[box[1], box[3]]),
        fitbounds=False, visible=True,
        showland=True, landcolor=theme.LAND, showcountries=True, countrycolor=theme.BORDER,
        countrywidth=0.8, showcoastlines=False, showocean=False, showlakes=False,
        showrivers=False, showframe=False, showsubunits=False, bgcolor=theme.BACKGROUND,
    ))

    y = map_h + KEY_GAP
    for p, lines in key:
        fig.add_shape(type="rect", xref="x", yref="y", x0=0, x1=SWATCH, y0=y + 4,
                      y1=y + 4 + SWATCH, fillcolor=fill(p, colours), line=dict(width=0))
        name, _, rest = theme.html_lines(lines).partition(" — ")
        fig.add_annotation(theme.label(f"<b>{name}</b> — {rest}", SWATCH + 10, y,
                                       colour=theme.INK, name=f"place:{p.id}"))
        y += theme.block_height(len(lines), theme.LABEL) + 8
    return theme.dress(fig, frame)
