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

import plotly.graph_objects as go

from explainer.charts import framing, theme, typeset, words
from explainer.charts._geo import COUNTRIES
from explainer.charts.map_labels import place_labels
from explainer.charts.projection import WorldProjector, box_aspect, frame_box, taller
from explainer.facts.story import Chart, Place, Story

SIZE = (theme.WIDTH, 640)
REGION_TINT = 0.5

#: lon/lat box counted as Europe (the europe scope's useful part).
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
        aspect = WorldProjector(box, 1, 1).aspect if scope == "world" else box_aspect(box)
        map_h = min(MAP_MAX_H, max(MAP_MIN_H_NARROW, body_w / aspect))
    else:
        map_h = min(MAP_MAX_H, max(MAP_MIN_H, body_w / box_aspect(box)))
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
