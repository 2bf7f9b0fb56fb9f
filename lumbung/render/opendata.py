"""Open data: every case as JSON (every field, as loaded) and as CSV (main scalar fields),
and every village budget line as CSV."""

from __future__ import annotations

import csv
import io
import json

from lumbung import FORMAT_VERSION, routes
from lumbung.records import CaseStudy

CSV_COLUMNS = (
    "id", "url", "title", "title_en", "status", "desa", "kecamatan", "kabupaten", "provinsi",
    "kode_wilayah", "lat", "lon", "period_start", "period_end", "summary", "summary_en",
    "duties", "topics", "programs", "instruments", "budget_lines", "sources", "updated",
    "source_file",
)


def cases_json(cases: list[CaseStudy]) -> str:
    """Every case as loaded, one case per line (readable diffs, and the fast encoder)."""
    head = json.dumps({"format": FORMAT_VERSION, "schema": f"/{routes.CASE_SCHEMA}",
                       "count": len(cases)}, ensure_ascii=False)
    lines = ",\n".join(json.dumps(case.data, ensure_ascii=False, separators=(",", ":"))
                        for case in cases)
    return head[:-1] + ', "cases": [\n' + lines + "\n]}\n"


def _row(case: CaseStudy) -> dict:
    loc = case.location
    coordinates = loc.coordinates
    return {
        "id": case.id,
        "url": f"/{routes.case(case.id)}",
        "title": case.title.id,
        "title_en": case.title.en,
        "status": case.status,
        "desa": loc.desa,
        "kecamatan": loc.kecamatan,
        "kabupaten": loc.kabupaten,
        "provinsi": loc.provinsi,
        "kode_wilayah": loc.kode_wilayah,
        "lat": coordinates.lat if coordinates else None,
        "lon": coordinates.lon if coordinates else None,
        "period_start": case.period.start,
        "period_end": case.period.end,
        "summary": case.summary.id,
        "summary_en": case.summary.en,
        "duties": ";".join(case.duties),
        "topics": ";".join(case.topics),
        "programs": ";".join(case.programs),
        "instruments": len(case.instruments),
        "budget_lines": len(case.budget),
        "sources": len(case.sources),
        "updated": case.updated,
        "source_file": case.source_path,
    }


# A cell a spreadsheet would run as a formula starts with one of these (OWASP, "CSV
# Injection"). defusedcsv leaves tab and carriage return alone, so the rule is here.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """``value`` for a CSV cell: text that a spreadsheet would read as a formula gets a
    leading apostrophe, as OWASP recommends (the csv module quotes the rest); numbers and
    absent values stay as they are. The JSON keeps exact values."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def cases_csv(cases: list[CaseStudy]) -> str:
    """One row per case; lists joined with ';'; empty cell where a value is absent; text
    that would start a formula begins with an apostrophe (``spreadsheet_safe``)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for case in cases:
        writer.writerow({key: spreadsheet_safe(value) for key, value in _row(case).items()})
    return buffer.getvalue()


BUDGET_CSV_COLUMNS = (
    "case_id", "case_url", "desa", "kabupaten", "provinsi", "kode_wilayah", "line", "year",
    "reported", "stage", "stage_stated", "sub_bidang", "activity", "amount_idr",
    "share_percent", "funding", "source_title", "source_url", "source_date",
)


def _budget_rows(case: CaseStudy):
    loc = case.location
    for number, item in enumerate(case.budget, start=1):
        source = case.sources[item.source - 1] if item.source else None
        yield {
            "case_id": case.id,
            "case_url": f"/{routes.case(case.id)}",
            "desa": loc.desa,
            "kabupaten": loc.kabupaten,
            "provinsi": loc.provinsi,
            "kode_wilayah": loc.kode_wilayah,
            "line": number,
            "year": item.year,
            "reported": item.reported,
            "stage": item.stage,
            "stage_stated": "yes" if item.stage_stated else "no",
            "sub_bidang": item.sub_bidang,
            "activity": item.activity,
            "amount_idr": item.amount_idr,
            "share_percent": item.share_percent,
            "funding": item.funding,
            "source_title": source.title if source else None,
            "source_url": source.url if source else None,
            "source_date": source.date if source else None,
        }


def budget_csv(cases: list[CaseStudy]) -> str:
    """One row per budget line of every case: what is known (year or the date of the
    report, stage, amount or share) and, as an empty cell, what is not. ``stage`` is
    ``anggaran`` where the file names none (the format's default; ``stage_stated`` says)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=BUDGET_CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for case in cases:
        writer.writerows({key: spreadsheet_safe(value) for key, value in row.items()}
                         for row in _budget_rows(case))
    return buffer.getvalue()
