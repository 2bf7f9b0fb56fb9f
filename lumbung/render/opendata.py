"""Open data: every case as JSON (every field, as loaded) and as CSV (main scalar fields)."""

from __future__ import annotations

import csv
import io
import json

from lumbung import FORMAT_VERSION
from lumbung.catalog import CaseStudy, text_in
from lumbung.render.views import case_url
from lumbung.schema import PUBLISHED_PATH

CSV_COLUMNS = (
    "id", "url", "title", "title_en", "status", "desa", "kecamatan", "kabupaten", "provinsi",
    "kode_wilayah", "lat", "lon", "period_start", "period_end", "summary", "summary_en",
    "duties", "topics", "programs", "instruments", "budget_lines", "sources", "updated",
    "source_file",
)


def cases_json(cases: list[CaseStudy]) -> str:
    """Every case as loaded, one case per line (readable diffs, and the fast encoder)."""
    head = json.dumps({"format": FORMAT_VERSION, "schema": f"/{PUBLISHED_PATH}",
                       "count": len(cases)}, ensure_ascii=False)
    lines = ",\n".join(json.dumps(case.data, ensure_ascii=False, separators=(",", ":"))
                        for case in cases)
    return head[:-1] + ', "cases": [\n' + lines + "\n]}\n"


def _row(case: CaseStudy) -> dict:
    data = case.data
    loc = data["location"]
    coordinates = loc.get("coordinates") or {}
    return {
        "id": case.id,
        "url": f"/{case_url(case.id)}",
        "title": text_in(data["title"]),
        "title_en": text_in(data["title"], "en"),
        "status": data["status"],
        "desa": loc["desa"],
        "kecamatan": loc.get("kecamatan"),
        "kabupaten": loc["kabupaten"],
        "provinsi": loc["provinsi"],
        "kode_wilayah": loc.get("kode_wilayah"),
        "lat": coordinates.get("lat"),
        "lon": coordinates.get("lon"),
        "period_start": data["period"]["start"],
        "period_end": data["period"].get("end"),
        "summary": text_in(data["summary"]),
        "summary_en": text_in(data["summary"], "en"),
        "duties": ";".join(data["duties"]),
        "topics": ";".join(data.get("topics", [])),
        "programs": ";".join(data.get("programs", [])),
        "instruments": len(data.get("instruments", [])),
        "budget_lines": len(data.get("budget", [])),
        "sources": len(data["sources"]),
        "updated": data["updated"],
        "source_file": case.source_path,
    }


def cases_csv(cases: list[CaseStudy]) -> str:
    """One row per case; lists joined with ';'; empty cell where a value is absent."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for case in cases:
        writer.writerow(_row(case))
    return buffer.getvalue()
