"""Model regulations: the library page, one page per model, and the downloads."""

from __future__ import annotations

import base64
import functools

import yaml

from lumbung.catalog import Catalog, ModelRegulation
from lumbung.regulation import (
    article_count,
    declared_placeholders,
    layout,
    placeholders_used,
)
from lumbung.render.documents import FORMATS, Options, to_docx
from lumbung.render.views import case_url, model_url
from lumbung.vocab import VOCAB_DIR

TYPE_LABELS = {
    "perdes": "Peraturan Desa",
    "perkades": "Peraturan Kepala Desa",
    "keputusan-kades": "Keputusan Kepala Desa",
}


def download_path(model_id: str, extension: str, variant: str = "") -> str:
    return f"unduh/{model_id}{variant}.{extension}"


@functools.cache
def adoption_steps() -> list[dict]:
    with open(VOCAB_DIR / "adoption_steps.yml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _cases(model: ModelRegulation, catalog: Catalog) -> list[dict]:
    return [{"id": case.id, "title": case.title, "url": case_url(case.id),
             "desa": case.location["desa"], "provinsi": case.location["provinsi"]}
            for case in catalog.cases_using(model.id)]


def model_view(model: ModelRegulation, catalog: Catalog, edit_base_url: str | None) -> dict:
    data = model.data
    blocks = layout(data)
    last_of_article: dict[int, int] = {}
    for index, block in enumerate(blocks):
        if block.article is not None:
            last_of_article[block.article] = index
    commentary_at = {
        last_of_article[block.article]: _commentary(block, catalog)
        for block in blocks if block.commentary and block.article is not None
    }
    placeholders = declared_placeholders(data)
    kind = data["type"]
    return {
        "id": model.id,
        "title": data["title"],
        "type": kind,
        "type_label": TYPE_LABELS[kind],
        "summary": data["summary"],
        "status": data["status"],
        "rows": [{"block": block, "commentary": commentary_at.get(index)}
                 for index, block in enumerate(blocks)],
        "articles": article_count(data),
        "article_word": "Diktum" if kind == "keputusan-kades" else "Pasal",
        "fields": [placeholders[key] for key in placeholders_used(data)],
        "steps": [step for step in adoption_steps() if kind in step["types"]],
        "cases": _cases(model, catalog),
        "downloads": [
            {"label": "DOCX (Word)", "url": download_path(model.id, "docx")},
            {"label": "ODT (LibreOffice)", "url": download_path(model.id, "odt")},
            {"label": "PDF", "url": download_path(model.id, "pdf")},
            {"label": "DOCX dengan catatan", "url": download_path(model.id, "docx", "-catatan")},
        ],
        # The builder's template travels inside the page, so it works offline and from a
        # file:// copy (where a browser may not fetch files).
        "template_b64": base64.b64encode(
            to_docx(data, Options(tokens=True))).decode("ascii"),
        "sources": [{"number": n, "title": source["title"], "publisher": source["publisher"],
                     "url": source.get("url"), "notes": source.get("notes")}
                    for n, source in enumerate(data["sources"], 1)],
        "updated": data["updated"],
        "source_path": model.source_path,
        "edit_url": f"{edit_base_url}{model.source_path}" if edit_base_url else None,
    }


def _commentary(block, catalog: Catalog) -> dict:
    commentary = block.commentary
    return {
        "why": commentary["why"],
        "basis": commentary.get("basis"),
        "cases": [{"id": case_id, "url": case_url(case_id),
                   "title": catalog.by_id[case_id].title}
                  for case_id in commentary.get("cases", []) if case_id in catalog.by_id],
    }


def library_view(catalog: Catalog) -> dict:
    return {"models": [
        {"id": model.id, "url": model_url(model.id), "title": model.title,
         "type_label": TYPE_LABELS[model.data["type"]], "summary": model.data["summary"],
         "articles": article_count(model.data),
         "article_word": "diktum" if model.data["type"] == "keputusan-kades" else "pasal",
         "cases": _cases(model, catalog)}
        for model in catalog.models
    ]}


def model_downloads(model: ModelRegulation, paper: str = "A4") -> list[tuple[str, bytes]]:
    """(site path, bytes) of every download of ``model``."""
    files = [(download_path(model.id, ext), render(model.data, Options(paper=paper)))
             for ext, render in FORMATS.items()]
    files.append((download_path(model.id, "docx", "-catatan"),
                  to_docx(model.data, Options(paper=paper, annotated=True))))
    return files

