"""Map: the story's places, countries filled by group colour, regions lighter.

Each place's countries are filled with its group's colour (groups in order of first
appearance take the palette's colours); a region (several countries) takes a lighter
tint of it, so one country named in the story stands out from a broad area. A place
too small for the shipped 1:110m outlines (Malta, Mauritius, Réunion, Bahrain…) is a
marked point at its location (`_points.POINTS`), in the same colour. Each place's
localized name is written on the map; under the map a key gives each place's name and
role, with a swatch of its fill.

The frame fits the places (their countries' main polygons and the small places'
points): a conic projection zoomed on Europe when they are all European, otherwise the
Natural Earth projection. On the article's drawing the frame is widened east and west
until the map fills the width, on a phone (the narrow drawing) it is taller, north and
south, so the map fills a squarer area; either way the names have room. Outlines come
from the local topojson the exporter points plotly at (world_110m.json, so the geo
scope is always "world", narrowed by lon/lat ranges); the figure holds no URL.

Names are placed by `map_labels.place()` in px, from where plotly draws each place
(`projection.projector()`, d3's formulas): a country's name at its pole of
inaccessibility when it fits there, else beside it, else on a leader line, else as a
number in a white disc, the same number standing before the place's name in the key.
"""

from __future__ import annotations

import plotly.graph_objects as go

from explainer.charts import framing, theme, typeset, words
from explainer.charts._geo import COUNTRIES
from explainer.charts._points import POINTS
from explainer.charts.map_labels import Label, Placed, place
from explainer.charts.projection import (
    Box,
    GeoProjector,
    box_aspect,
    frame_box,
    projector,
    taller,
    wider,
)
from explainer.facts.numbers import native_digits
from explainer.facts.story import Chart, Place, Story

SIZE = (theme.WIDTH, 640)
REGION_TINT = 0.5

MAP_MIN_H, MAP_MAX_H = 220.0, 520.0
MAP_MIN_H_NARROW = 150.0
#: The narrow drawing's map is at least this tall for its width (height / width).
NARROW_MIN_RATIO = 0.8
KEY_GAP = 16
SWATCH = 14
NAME_SIZE = 16
NAME_SIZE_NARROW = 14
#: A marked point's diameter; a country drawn smaller than TINY px² gets one too.
POINT = 9
TINY = 150.0
HALO = "1px 1px 2px #ffffff, -1px -1px 2px #ffffff, 1px -1px 2px #ffffff, -1px 1px 2px #ffffff"


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


def _key(
    places: list[Place],
    locale: str,
    width: float,
    size: float = theme.LABEL,
    numbers: dict[str, str] | None = None,
) -> list[tuple[Place, list[str]]]:
    out = []
    for p in places:
        number = (numbers or {}).get(p.id)
        name = f"{number} {p.name[locale]}" if number else p.name[locale]
        out.append((p, typeset.wrap(f"{name} — {p.role[locale]}", size, width - SWATCH - 10)))
    return out


def _in(box: Box, lon: float, lat: float) -> bool:
    return box[0] <= lon <= box[2] and box[1] <= lat <= box[3]


def _anchor(
    place: Place, box: Box, proj: GeoProjector, others: set[str]
) -> tuple[tuple[float, float], float, bool] | None:
    """(anchor px, room around it px, marked point?) for the place's name, or None when
    the place has no location the map knows."""
    codes = [c for c in place.countries if c in COUNTRIES or c in POINTS]
    if not codes:
        return None
    shapes = [c for c in codes if c in COUNTRIES]
    if len(codes) > 1:  # a region: its largest country in the frame not named on its own
        inside = [c for c in shapes if _in(box, *COUNTRIES[c][1:3])]
        shapes = [c for c in inside if c not in others] or inside
    if shapes:
        code = max(shapes, key=lambda c: COUNTRIES[c][7])
        _, lon, lat, x0, y0, x1, y1, r = COUNTRIES[code]
        if not _in(box, lon, lat):  # its main part is out of the frame: the part in it
            lon = (max(x0, box[0]) + min(x1, box[2])) / 2
            lat = (max(y0, box[1]) + min(y1, box[3])) / 2
            r = 0.0
        px = proj(lon, lat)
        room = abs(proj(lon, lat + r)[1] - px[1])
        w = abs(proj(x1, lat)[0] - proj(x0, lat)[0])
        h = abs(proj(lon, y1)[1] - proj(lon, y0)[1])
        return px, room, len(codes) == 1 and w * h < TINY
    return proj(*POINTS[codes[0]]), 0.0, True


def _points(places: list[Place], colours: dict[str, str], tiny: set[str]) -> go.Scattergeo:
    """A marked point for each small place (and each small member of a region)."""
    lons, lats, fills = [], [], []
    seen: set[str] = set()
    for p in places:
        for c in p.countries:
            if c in seen or not (c in POINTS or (c in tiny and c in COUNTRIES)):
                continue
            seen.add(c)
            lon, lat = POINTS[c] if c in POINTS else COUNTRIES[c][1:3]
            lons.append(lon)
            lats.append(lat)
            fills.append(fill(p, colours))
    return go.Scattergeo(
        lon=lons,
        lat=lats,
        mode="markers",
        marker=dict(size=POINT, color=fills, line=dict(color=theme.INK, width=1)),
        geo="geo",
        hoverinfo="skip",
        showlegend=False,
        name="points",
    )


def _names(
    places: list[Place], locale: str, box: Box, proj: GeoProjector, size: float, area: Box
) -> tuple[list[tuple[Place, Placed]], set[str]]:
    """Where each place's name goes (places the map cannot locate are left to the key),
    and the countries drawn as marked points because they are too small to see."""
    named = {p.countries[0] for p in places if len(p.countries) == 1}
    labels, located, tiny = [], [], set()
    number_h = size + 6
    for p in places:
        spot = _anchor(p, box, proj, named)
        if spot is None:
            continue
        (ax, ay), room, point = spot
        if point and len(p.countries) == 1:
            tiny.add(p.countries[0])
        text = p.name[locale]
        labels.append(
            Label(
                w=typeset.text_width(text, size, bold=True),
                h=typeset.line_height(size),
                anchor=(ax, ay),
                inner=room,
                clear=POINT / 2 + 1 if point else min(room, 8.0),
                region=p.is_region,
                number=(number_h, number_h),
            )
        )
        located.append(p)
    spots = place(labels, area)
    return list(zip(located, spots, strict=True)), tiny


def _frame(codes: list[str], body_w: float, narrow: bool) -> tuple[str, Box, float]:
    """(scope, lon/lat box, map height) for the places on a body `body_w` px wide."""
    scope, box = frame_box(codes)
    if narrow:
        box = taller(box, 1 / NARROW_MIN_RATIO)
        # a map's true shape (neither projection is flat), so no band is left empty
        aspect = projector(scope, box, 1, 1).aspect
        map_h = min(MAP_MAX_H, max(MAP_MIN_H_NARROW, body_w / aspect))
    else:
        map_h = min(MAP_MAX_H, max(MAP_MIN_H, body_w / box_aspect(box)))
    return scope, wider(scope, box, body_w / map_h), map_h


def figure(chart: Chart, story: Story, locale: str, width: int = theme.WIDTH) -> go.Figure:
    cw = words.chart_words(chart, story, locale)
    sizes = theme.sizes(width)
    name_size = NAME_SIZE_NARROW if sizes.narrow else NAME_SIZE
    places = [story.places[p] for p in chart.places]
    colours = groups(places)
    body_w = width - 2 * sizes.pad
    scope, box, map_h = _frame([c for p in places for c in p.countries], body_w, sizes.narrow)
    proj = projector(scope, box, body_w, map_h)
    # plotly clips the names to the drawn map: they stay inside it, and inside the body
    ex = proj.extent
    area = (max(1.0, ex[0] + 1), max(1.0, ex[1] + 1), min(body_w, ex[2]) - 1, min(map_h, ex[3]) - 1)
    spots, tiny = _names(places, locale, box, proj, name_size, area)
    numbered = [p for p, s in spots if s.how == "number"]
    numbers = {
        p.id: native_digits(str(i), locale)
        for i, p in enumerate((p for p in places if p in numbered), start=1)
    }
    key = _key(places, locale, body_w, sizes.label, numbers)
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
    fig.add_trace(_points(places, colours, tiny))
    _draw_names(fig, spots, numbers, proj, name_size, locale)

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


def _draw_names(
    fig: go.Figure,
    spots: list[tuple[Place, Placed]],
    numbers: dict[str, str],
    proj: GeoProjector,
    size: float,
    locale: str,
) -> None:
    """Leader lines, then names, then numbered discs: geo traces, so an RTL drawing keeps
    its geography (rtl.mirror leaves them in place)."""
    lons: list[float | None] = []
    lats: list[float | None] = []
    for _, s in spots:
        if s.line is not None:
            for pt in s.line:
                lon, lat = proj.invert(*pt)
                lons.append(lon)
                lats.append(lat)
            lons.append(None)
            lats.append(None)
    if lons:
        fig.add_trace(
            go.Scattergeo(
                lon=lons,
                lat=lats,
                mode="lines",
                line=dict(color=theme.INK_SOFT, width=1),
                geo="geo",
                hoverinfo="skip",
                showlegend=False,
                name="leaders",
            )
        )
    text = [(p, s) for p, s in spots if s.how != "number"]
    where = [proj.invert(*s.centre) for _, s in text]
    fig.add_trace(
        go.Scattergeo(
            lon=[w[0] for w in where],
            lat=[w[1] for w in where],
            mode="text",
            text=[f"<b>{typeset.esc(p.name[locale])}</b>" for p, _ in text],
            textposition="middle center",
            geo="geo",
            textfont=dict(size=size, color=theme.INK, shadow=HALO),
            hoverinfo="skip",
            showlegend=False,
            name="names",
        )
    )
    discs = [(p, s) for p, s in spots if s.how == "number"]
    if discs:
        where = [proj.invert(*s.centre) for _, s in discs]
        fig.add_trace(
            go.Scattergeo(
                lon=[w[0] for w in where],
                lat=[w[1] for w in where],
                mode="markers+text",
                text=[f"<b>{numbers[p.id]}</b>" for p, _ in discs],
                textposition="middle center",
                marker=dict(
                    size=size + 6, color=theme.BACKGROUND, line=dict(color=theme.INK, width=1.5)
                ),
                geo="geo",
                textfont=dict(size=size - 2, color=theme.INK),
                hoverinfo="skip",
                showlegend=False,
                name="numbers",
            )
        )
