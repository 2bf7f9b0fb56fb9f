"""Geodata for the map of cases: country outlines and province positions.

Two maintained packages from the registries, read as data (no code of theirs runs):

- ``world-atlas`` (npm, Natural Earth 1:50m, public domain) gives the outlines of
  Indonesia and its neighbours as TopoJSON; ``scripts/_env.sh`` installs it with ``npm ci``.
- ``iso3166-2`` (PyPI, MIT) gives a position (latitude, longitude) for every ISO 3166-2:ID
  province, used for cases that give no coordinates of their own.
"""

from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

from lumbung.vocab import Vocabulary

WORLD_ATLAS = Path("node_modules") / "world-atlas" / "countries-50m.json"
# The part of the globe the map shows: all of Indonesia with a margin (degrees).
WEST, EAST, SOUTH, NORTH = 94.0, 141.8, -11.6, 6.8


class GeodataMissing(RuntimeError):
    """The map data is not installed."""


@dataclass(frozen=True)
class Country:
    name: str
    iso_numeric: str
    rings: tuple[tuple[tuple[float, float], ...], ...]  # (lon, lat) points of every ring


def world_atlas_path(project_dir: str | os.PathLike | None = None) -> Path:
    """Where world-atlas is installed: $LUMBUNG_WORLD_ATLAS, the project's node_modules,
    or the node_modules beside this package's source (a copy of the project in a test)."""
    candidates = []
    if os.environ.get("LUMBUNG_WORLD_ATLAS"):
        candidates.append(Path(os.environ["LUMBUNG_WORLD_ATLAS"]))
    if project_dir is not None:
        candidates.append(Path(project_dir) / WORLD_ATLAS)
    candidates.append(Path(__file__).resolve().parents[1] / WORLD_ATLAS)
    for path in candidates:
        if path.is_file():
            return path
    raise GeodataMissing(
        "The map data (npm package world-atlas) is not installed; run scripts/serve or "
        "scripts/test, or `npm ci` in the project folder. Looked in: "
        + ", ".join(str(p) for p in candidates))


@functools.lru_cache(maxsize=2)
def countries_in_view(path: Path) -> tuple[Country, ...]:
    """Every country of the TopoJSON file with at least one ring inside the map's view."""
    topology = json.loads(path.read_text(encoding="utf-8"))
    arcs = _decode_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs", [])],
                    "MultiPolygon": geometry.get("arcs", [])}.get(geometry.get("type"), [])
        rings = tuple(
            ring for polygon in polygons for ring in (_ring(arcs, r) for r in polygon)
            if _in_view(ring)
        )
        if rings:
            countries.append(Country(name=geometry.get("properties", {}).get("name", ""),
                                     iso_numeric=str(geometry.get("id", "")), rings=rings))
    return tuple(countries)


def _decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Absolute (lon, lat) points of every arc (TopoJSON stores quantized deltas)."""
    transform = topology.get("transform")
    decoded = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy in arc:
                x += dx
                y += dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(float(px), float(py)) for px, py in arc]
        decoded.append(points)
    return decoded


def _ring(arcs: list, indexes: list[int]) -> tuple[tuple[float, float], ...]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)  # arcs share their end points
    return tuple(points)


def _in_view(ring) -> bool:
    lons = [p[0] for p in ring]
    lats = [p[1] for p in ring]
    return min(lons) < EAST and max(lons) > WEST and min(lats) < NORTH and max(lats) > SOUTH


@functools.lru_cache(maxsize=1)
def _subdivisions() -> dict:
    try:
        path = distribution("iso3166-2").locate_file("iso3166_2/iso3166-2.json")
    except PackageNotFoundError as error:
        raise GeodataMissing("The package iso3166-2 is not installed (scripts/serve "
                             "installs it).") from error
    return json.loads(Path(path).read_text(encoding="utf-8"))["ID"]


def province_positions(vocab: Vocabulary) -> dict[str, tuple[float, float]]:
    """(lat, lon) of every province of the vocabulary that iso3166-2 gives a position for."""
    data = _subdivisions()
    positions = {}
    for province in vocab.provinces:
        lat_lng = (data.get(province.iso) or {}).get("latLng")
        if lat_lng and len(lat_lng) == 2:
            positions[province.name] = (float(lat_lng[0]), float(lat_lng[1]))
    return positions
