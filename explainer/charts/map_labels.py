"""Place names on a map, kept apart: inside, beside, on a leader line, else a number.

Pure geometry in px (the map's body, y down); `map.py` projects each place to an anchor
and draws what `place()` decides. Each name's box comes from `typeset`'s widths of the
shipped font. For each name, in a fixed order (names that fit inside their place first,
then the most crowded, regions last), every candidate is tried and the cheapest free one
taken:

1. inside its place, centred on the anchor (a country's pole of inaccessibility), when
   the name fits in the room there;
2. beside the anchor: right, left, above, below, then the four corners;
3. farther out, on a leader line from the anchor (six distances, sixteen directions);
4. a number at the anchor, keyed to the list of places under the map.

A candidate is free when its box stays inside the drawn map, overlaps no name placed
before, covers no other place's anchor (a small country or a marked point must stay
visible), and its leader line crosses no name or line already drawn. Then, while it
helps, a name that needed a leader line or a number is moved to the front of the order
and the whole is placed again; the arrangement with the lowest total cost wins.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Rect = tuple[float, float, float, float]
Point = tuple[float, float]

GAP = 3.0  # px between a name and its anchor's clear zone, or another name
LEADER = (22.0, 36.0, 54.0, 76.0, 100.0, 130.0)
DIRECTIONS = 16
NUMBER_COST = 100.0


@dataclass(frozen=True)
class Label:
    """One place's name to set: its size, its anchor and the room around it (px)."""

    w: float
    h: float
    anchor: Point
    #: radius of the room inside the place around the anchor (0: a point)
    inner: float = 0.0
    #: radius around the anchor that no other name may cover (the place stays visible)
    clear: float = 0.0
    #: a region: its name goes last, anywhere in its broad area
    region: bool = False
    #: the size of the number that stands for it if nothing else fits
    number: tuple[float, float] = (10.0, 14.0)


@dataclass(frozen=True)
class Placed:
    """Where a name went: `how` is inside, beside, leader or number."""

    how: str
    centre: Point
    box: Rect
    #: leader line (from near the anchor to the name's box), or None
    line: tuple[Point, Point] | None = None
    cost: float = 0.0


def _rect(c: Point, w: float, h: float) -> Rect:
    return c[0] - w / 2, c[1] - h / 2, c[0] + w / 2, c[1] + h / 2


def _apart(a: Rect, b: Rect, gap: float = GAP) -> bool:
    return a[2] + gap <= b[0] or b[2] + gap <= a[0] or a[3] + gap <= b[1] or b[3] + gap <= a[1]


def _covers(r: Rect, p: Point, radius: float) -> bool:
    """Does the rectangle come within `radius` of the point?"""
    dx = max(r[0] - p[0], 0.0, p[0] - r[2])
    dy = max(r[1] - p[1], 0.0, p[1] - r[3])
    return dx * dx + dy * dy < radius * radius


def _crosses(a: Point, b: Point, r: Rect) -> bool:
    """Does the segment a-b pass through the rectangle? (Liang-Barsky clipping.)"""
    t0, t1 = 0.0, 1.0
    dx, dy = b[0] - a[0], b[1] - a[1]
    for p, q in ((-dx, a[0] - r[0]), (dx, r[2] - a[0]), (-dy, a[1] - r[1]), (dy, r[3] - a[1])):
        if p == 0:
            if q < 0:
                return False
        else:
            t = q / p
            if p < 0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
            if t0 > t1:
                return False
    return True


def _segments_cross(a: Point, b: Point, c: Point, d: Point) -> bool:
    def side(p: Point, q: Point, r: Point) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    return side(a, b, c) * side(a, b, d) < 0 and side(c, d, a) * side(c, d, b) < 0


def _edge_point(box: Rect, towards: Point) -> Point:
    """The point of the box's outline on the way from its centre to `towards`."""
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    dx, dy = towards[0] - cx, towards[1] - cy
    hw, hh = (box[2] - box[0]) / 2 + 1, (box[3] - box[1]) / 2 + 1
    s = min(hw / abs(dx) if dx else math.inf, hh / abs(dy) if dy else math.inf)
    return cx + dx * s, cy + dy * s


def candidates(label: Label) -> list[tuple[float, str, Point, tuple[Point, Point] | None]]:
    """(cost, how, centre, leader line) for every spot worth trying, cheapest first."""
    ax, ay = label.anchor
    w, h = label.w, label.h
    out: list[tuple[float, str, Point, tuple[Point, Point] | None]] = []
    half_diag = math.hypot(w / 2, h / 2)
    if label.inner > 0 and half_diag <= 1.15 * label.inner:
        out.append((0.0, "inside", (ax, ay), None))
    elif label.inner >= h / 2 and w / 2 <= 2.5 * label.inner:
        out.append((2.5 if not label.region else 0.5, "inside", (ax, ay), None))
    g = max(label.clear, 2.0) + GAP
    d = g * 0.7
    beside = [
        (1.0, (ax + g + w / 2, ay)),
        (1.1, (ax - g - w / 2, ay)),
        (1.2, (ax, ay - g - h / 2)),
        (1.3, (ax, ay + g + h / 2)),
        (1.6, (ax + d + w / 2, ay - d - h / 2)),
        (1.7, (ax - d - w / 2, ay - d - h / 2)),
        (1.8, (ax + d + w / 2, ay + d + h / 2)),
        (1.9, (ax - d - w / 2, ay + d + h / 2)),
    ]
    out += [(c, "beside", p, None) for c, p in beside]
    for dist in LEADER:
        for i in range(DIRECTIONS):
            t = 2 * math.pi * i / DIRECTIONS
            ux, uy = math.cos(t), math.sin(t)
            reach = g + dist + abs(ux) * w / 2 + abs(uy) * h / 2
            centre = (ax + ux * reach, ay + uy * reach)
            start = (ax + ux * (label.clear + 1), ay + uy * (label.clear + 1))
            end = _edge_point(_rect(centre, w, h), label.anchor)
            cost = 3.0 + dist / 25 + 0.3 * abs(uy)
            out.append((cost, "leader", centre, (start, end)))
    nw, nh = label.number
    for k, (ox, oy) in enumerate(((0, 0), (1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (-1, -1))):
        step = max(label.clear, 3.0) + nw / 2 + 1
        centre = (ax + ox * step, ay + oy * step) if k else (ax, ay)
        out.append((NUMBER_COST + k, "number", centre, None))
    return sorted(out, key=lambda c: c[0])


def _greedy(labels: list[Label], order: list[int], area: Rect, extent: Rect) -> list[Placed]:
    placed: dict[int, Placed] = {}
    for i in order:
        label = labels[i]
        chosen: Placed | None = None
        for cost, how, centre, line in candidates(label):
            w, h = label.number if how == "number" else (label.w, label.h)
            box = _rect(centre, w, h)
            if box[0] < area[0] or box[1] < area[1] or box[2] > area[2] or box[3] > area[3]:
                continue
            if any(not _apart(box, p.box) for p in placed.values()):
                continue
            others = [(k, o) for k, o in enumerate(labels) if k != i]
            if any(_covers(box, o.anchor, o.clear) for _, o in others if o.clear > 0):
                continue
            if any(p.line and _crosses(*p.line, box) for p in placed.values()):
                continue
            if line is not None and (
                any(_crosses(*line, p.box) for p in placed.values())
                or any(p.line and _segments_cross(*line, *p.line) for p in placed.values())
                or any(_covers_segment(line, o.anchor, o.clear) for _, o in others)
            ):
                continue
            outside = box[0] < extent[0] or box[1] < extent[1]
            outside = outside or box[2] > extent[2] or box[3] > extent[3]
            chosen = Placed(how, centre, box, line, cost + (0.8 if outside else 0.0))
            break
        if chosen is None:  # nothing is free: the number at the anchor, come what may
            c = label.anchor
            chosen = Placed("number", c, _rect(c, *label.number), None, 10 * NUMBER_COST)
        placed[i] = chosen
    return [placed[i] for i in range(len(labels))]


def _covers_segment(line: tuple[Point, Point], p: Point, radius: float) -> bool:
    if radius <= 0:
        return False
    (ax, ay), (bx, by) = line
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((p[0] - ax) * dx + (p[1] - ay) * dy) / (dx * dx + dy * dy or 1)))
    return math.hypot(ax + t * dx - p[0], ay + t * dy - p[1]) < radius


def _crowding(labels: list[Label], i: int) -> int:
    a = labels[i].anchor
    return sum(1 for o in labels if math.dist(o.anchor, a) < 80)


def place(labels: list[Label], area: Rect, extent: Rect | None = None) -> list[Placed]:
    """Where each label goes (same order as `labels`), none overlapping another."""
    extent = extent or area
    fits = [bool(candidates(lb)[0][0] == 0.0) for lb in labels]
    order = sorted(
        range(len(labels)),
        key=lambda i: (labels[i].region, not fits[i], -_crowding(labels, i), i),
    )
    best = _greedy(labels, order, area, extent)
    for _ in range(len(labels)):
        worst = [i for i in order if best[i].cost >= 3.0]
        improved = False
        for i in worst:
            trial_order = [i, *[k for k in order if k != i]]
            trial = _greedy(labels, trial_order, area, extent)
            if sum(p.cost for p in trial) < sum(p.cost for p in best) - 1e-9:
                best, order, improved = trial, trial_order, True
                break
        if not improved:
            break
    return best
