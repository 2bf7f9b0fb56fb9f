"""Views that compare cases: every regulation or instrument found in the case studies."""

from __future__ import annotations

from lumbung.catalog import Catalog
from lumbung.render.views import case_url, facet_url, model_url


def instrument_rows(catalog: Catalog) -> list[dict]:
    """One row per instrument of every case: village, type, number/year, status, the
    Pasal 42 duties of the case, the full text where public and the model it follows."""
    vocab = catalog.vocab
    rows = []
    for case in catalog.cases:
        loc = case.location
        for item in case.data.get("instruments", []):
            model = catalog.models_by_id.get(item.get("model", ""))
            rows.append({
                "case_url": case_url(case.id),
                "desa": loc["desa"],
                "kabupaten": loc["kabupaten"],
                "provinsi": loc["provinsi"],
                "type": vocab.label("instrument_types", item["type"]),
                "type_url": facet_url("instrumen", item["type"]),
                "title": item["title"],
                "number": item.get("number"),
                "year": item.get("year"),
                "status": vocab.label("instrument_statuses", item["status"]),
                "duties": list(case.data["duties"]),
                "url": item.get("url"),
                "model": {"url": model_url(model.id), "title": model.title} if model else None,
            })
    return rows
