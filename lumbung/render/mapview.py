"""The map of cases (/peta/): an inline SVG drawn at build time.

Outlines come from Natural Earth (world-atlas); a case with coordinates is a dot at its
village, linking to its page; cases without coordinates are counted in one mark at their
province, linking to the province page. Everything the map shows is also in a list.
"""

from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path

from lumbung import routes
from lumbung.catalog import Catalog
from lumbung.geo import EAST, NORTH, SOUTH, WEST, Country, countries_in_view, province_positions
from lumbung.vocab import slugify

WIDTH = 1000  # SVG user units across the view
SCALE = WIDTH / (EAST - WEST)  # units per degree (equirectangular: Indonesia is equatorial)
HEIGHT = round((NORTH - SOUTH) * SCALE)
INDONESIA = "360"  # ISO 3166-1 numeric, the id world-atlas gives each country
TOLERANCE = 0.8  # units (about 4 km): finer detail than this is dropped from Indonesia
NEIGHBOUR_TOLERANCE = 2.0  # units: the neighbouring countries are only context
SMALLEST_RING = 0.6  # square units: islands smaller than this on the map are left out
MARK_RADIUS = 14  # units: a province mark (map.html draws it)


def project(lat: float, lon: float) -> tuple[float, float]:
    return round((lon - WEST) * SCALE, 1), round((NORTH - lat) * SCALE, 1)


def map_view(catalog: Catalog, world_atlas: Path) -> dict:
    vocab = catalog.vocab
    positions = province_positions(vocab)
    countries = countries_in_view(world_atlas)
    dots, by_province = [], defaultdict(list)
    for case in catalog.cases:
        loc = case.location
        coords = loc.coordinates
        entry = {"url": routes.case(case.id), "title": case.title.id, "desa": loc.desa,
                 "kabupaten": loc.kabupaten, "placed": "desa" if coords else None}
        if coords:
            x, y = project(coords.lat, coords.lon)
            dots.append({**entry, "x": x, "y": y})
        elif loc.provinsi in positions:
            entry["placed"] = "provinsi"
        by_province[loc.provinsi].append(entry)
    province_marks = []
    for name, entries in sorted(by_province.items()):
        unplaced = [e for e in entries if e["placed"] == "provinsi"]
        if unplaced:
            x, y = project(*positions[name])
            province_marks.append({"name": name, "url": routes.province(name), "x": x, "y": y,
                                   "count": len(unplaced)})
    _spread(province_marks, 2 * MARK_RADIUS + 2)
    provinces = [
        {"name": name, "url": routes.province(name), "anchor": slugify(name), "cases": entries,
         "position": name in positions}
        for name, entries in sorted(by_province.items())
    ]
    return {
        "width": WIDTH, "height": HEIGHT, "mark_radius": MARK_RADIUS,
        "land": _outline([c for c in countries if c.iso_numeric == INDONESIA], TOLERANCE),
        "neighbours": _outline([c for c in countries if c.iso_numeric != INDONESIA],
                               NEIGHBOUR_TOLERANCE),
        "dots": dots, "province_marks": province_marks, "provinces": provinces,
        "total": len(catalog.cases),
        "unplaced": sum(1 for p in provinces for e in p["cases"] if e["placed"] is None),
    }


def _spread(marks: list[dict], distance: float, rounds: int = 50) -> None:
    """Move marks apart until no two are closer than ``distance`` (neighbouring provinces
    on Java would hide each other's number and click area); each moves as little as it
    can, away from the other."""
    for _ in range(rounds):
        moved = False
        for i, a in enumerate(marks):
            for b in marks[i + 1:]:
                dx, dy = b["x"] - a["x"], b["y"] - a["y"]
                gap = math.hypot(dx, dy)
                if gap >= distance:
                    continue
                if gap == 0:
                    dx, dy, gap = 0.0, 1.0, 1.0
                push = (distance - gap) / 2 + 0.05
                ux, uy = dx / gap * push, dy / gap * push
                a["x"], a["y"] = round(a["x"] - ux, 1), round(a["y"] - uy, 1)
                b["x"], b["y"] = round(b["x"] + ux, 1), round(b["y"] + uy, 1)
                moved = True
        if not moved:
            return


def _outline(countries: list[Country], tolerance: float) -> str:
    """SVG path data of every ring, in relative moves, with detail finer than the
    tolerance dropped, so the whole map weighs tens of kilobytes, not megabytes."""
    parts = []
    for country in countries:
        for ring in country.rings:
            points = _simplify([project(lat, lon) for lon, lat in ring], tolerance)
            if len(points) < 3 or abs(_area(points)) < SMALLEST_RING:
                continue
            (x0, y0), rest = points[0], points[1:]
            steps, (px, py) = [], (x0, y0)
            for x, y in rest:
                steps.append(f"{_num(x - px)} {_num(y - py)}")
                px, py = x, y
            parts.append(f"M{_num(x0)} {_num(y0)}l{' '.join(steps)}z")
    return "".join(parts)


def _simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Radial-distance simplification: keep a point only when it is far enough from the
    last one kept."""
    kept = points[:1]
    for x, y in points[1:]:
        kx, ky = kept[-1]
        if (x - kx) ** 2 + (y - ky) ** 2 >= tolerance ** 2:
            kept.append((x, y))
    return kept


def _area(points: list[tuple[float, float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1)
               in zip(points, points[1:] + points[:1], strict=True)) / 2


def _num(value: float) -> str:
    text = f"{round(value, 1):.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text
