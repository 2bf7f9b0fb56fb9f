"""Views that compare cases: every regulation or instrument found in the case studies."""

from __future__ import annotations

from lumbung import routes
from lumbung.catalog import Catalog
from lumbung.render.text import rupiah
from lumbung.render.views import budget_line


def instrument_rows(catalog: Catalog) -> list[dict]:
    """One row per instrument of every case: village, type, number/year, status, the
    Pasal 42 duties of the case, the full text where public and the model it follows."""
    vocab = catalog.vocab
    rows = []
    for case in catalog.cases:
        loc = case.location
        for item in case.instruments:
            model = catalog.models_by_id.get(item.model) if item.model else None
            rows.append({
                "case_url": routes.case(case.id),
                "desa": loc.desa,
                "kabupaten": loc.kabupaten,
                "provinsi": loc.provinsi,
                "type": vocab.label("instrument_types", item.type),
                "type_url": routes.facet("instrumen", item.type),
                "title": item.title,
                "number": item.number,
                "year": item.year,
                "status": vocab.label("instrument_statuses", item.status),
                "duties": list(case.duties),
                "url": item.url,
                "model": {"url": routes.model(model.id), "title": model.title} if model else None,
            })
    return rows


def budget_view(catalog: Catalog) -> dict:
    """Every village budget line of every case, grouped by Permendagri 20/2018 sub-bidang
    (lines no source gives a code for in a group of their own), each with what is known
    and what is not: fiscal year or the date of the report, stage, amount or share. The
    known amounts of APB Desa lines (not plans, not realisations) are summed for a bar
    chart drawn at build time. Unknown amounts are counted, never guessed."""
    vocab = catalog.vocab
    groups: dict[str | None, dict] = {}
    for case in catalog.cases:
        loc = case.location
        for item in case.budget:
            line = budget_line(item, vocab, case.sources)
            code = item.sub_bidang
            group = groups.setdefault(code, {
                "code": code,
                "label": vocab.label("sub_bidang", code) if code else "Kode tidak disebut sumber",
                "lines": [], "known": 0, "known_lines": 0, "unknown": 0,
            })
            group["lines"].append({
                **line, "case_url": routes.case(case.id), "desa": loc.desa,
                "kabupaten": loc.kabupaten, "provinsi": loc.provinsi,
                "source_url": case.sources[item.source - 1].url if item.source else None,
            })
            if item.amount_idr is None:
                group["unknown"] += 1
            elif item.stage == "anggaran":
                group["known"] += item.amount_idr
                group["known_lines"] += 1
    ordered = sorted(groups.values(), key=lambda g: (g["code"] is None, g["code"] or ""))
    for group in ordered:
        group["known_label"] = rupiah(group["known"])
    lines = [line for group in ordered for line in group["lines"]]
    return {"groups": ordered, "chart": _bars([g for g in ordered if g["known"]]),
            "lines": len(lines),
            "villages": len({line["case_url"] for line in lines}),
            "unknown": sum(g["unknown"] for g in ordered),
            "no_year": sum(1 for line in lines if line["year"] is None),
            "shares": sum(1 for line in lines if line["share"]),
            "other_stage": sum(1 for line in lines if line["stage"]["value"] != "anggaran")}


def _bars(groups: list[dict], width: int = 640, bar: int = 26, gap: int = 10,
          label_width: int = 60) -> dict | None:
    """Geometry of a horizontal bar chart of known amounts (None when there is nothing)."""
    if not groups:
        return None
    largest = max(g["known"] for g in groups)
    room = width - label_width - 10
    return {
        "width": width, "height": len(groups) * (bar + gap) + gap,
        "bars": [{"y": gap + i * (bar + gap), "x": label_width, "height": bar,
                  "width": max(2, round(room * g["known"] / largest)),
                  "code": g["code"] or "–", "label": g["known_label"]}
                 for i, g in enumerate(groups)],
    }
