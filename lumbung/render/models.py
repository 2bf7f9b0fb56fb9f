"""Model regulations: the library page, one page per model, and the downloads."""

from __future__ import annotations

import base64
import functools
import itertools
import json
import os
from collections.abc import Callable

from markupsafe import Markup

from lumbung import routes
from lumbung.cache import cached_files
from lumbung.catalog import Catalog
from lumbung.legal import DRAFT_KEY, REGION_KEYS, REGIONS, WORD_KEYS, Words, nomenclatures
from lumbung.load import read_yaml
from lumbung.problems import InvalidData
from lumbung.records import ModelRegulation
from lumbung.regulation import (
    DECREES,
    PAPER_NAMES,
    TYPE_NAMES,
    Choice,
    article_count,
    declared_placeholders,
    layout,
    placeholders_used,
    shared_placeholders,
)
from lumbung.render.documents import FORMATS, PAPER, Options, to_docx, to_odt
from lumbung.vocab import VOCAB_DIR

# How villages shorten a kind of regulation (shared/domain/facts.md section 6), shown
# after its name in a model's heading, so a search for "perdes" finds the model too.
SHORT_NAMES = {"perdes": "Perdes", "perkades": "Perkades"}


def type_label(model: ModelRegulation) -> str:
    """What a model is, in a village official's words: Peraturan Desa, Surat, ..."""
    return PAPER_NAMES[model.kind] if model.type == "naskah" else TYPE_NAMES[model.type]


def option_sets(model: ModelRegulation) -> list[tuple[str, ...]]:
    """Every combination of the model's options, each sorted."""
    keys = sorted(option.key for option in model.options)
    return [combo for size in range(len(keys) + 1)
            for combo in itertools.combinations(keys, size)]


def template_script(model: dict, paper: str, combo: tuple[str, ...]) -> bytes:
    """DOCX and ODT with ⟦key⟧ tokens for one paper and set of options, base64 in a
    script that hands them to the builder."""
    options = Options(paper=paper, tokens=True, choice=Choice(frozenset(combo)))
    payload = {"docx": base64.b64encode(to_docx(model, options)).decode("ascii"),
               "odt": base64.b64encode(to_odt(model, options)).decode("ascii")}
    key = f"{model['id']}|{paper}|{'+'.join(combo)}"
    return (f"(window.LP_TEMPLATES=window.LP_TEMPLATES||{{}})[{json.dumps(key)}]="
            f"{json.dumps(payload)};\n").encode("ascii")


@functools.cache
def package() -> dict:
    return read_yaml(VOCAB_DIR / "package.yml")


def package_view(catalog: Catalog) -> dict:
    """What the builder needs to fill the whole package: each document's model, file name,
    draft or not, options and blanks; the carried blanks; the blanks each regulation has
    its own of."""
    spec = package()
    documents = []
    for row in spec["documents"]:
        model = catalog.models_by_id.get(row["model"])
        if model is None:
            continue
        documents.append({"model": model.id, "file": row["file"], "draft": bool(row.get("draft")),
                          "type": model.type,
                          "options": sorted(option.key for option in model.options),
                          "keys": placeholders_used(model.data)})
    per_document = sorted(p.key for p in declared_placeholders({}).values() if p.per_document)
    profile = [p.key for p in shared_placeholders() if not p.per_document]
    return {"documents": documents, "carried": spec.get("carried", {}),
            "per_document": per_document, "profile": profile}


def words_table() -> dict:
    """Every kind of village's words and the region words, for the builder."""
    return {"nomenclature": {key: {**{w: row[w] for w in WORD_KEYS},
                                   "label": row["label"], "derived": row.get("derived", [])}
                             for key, row in nomenclatures().items()},
            "regions": REGIONS}


@functools.cache
def adoption_steps() -> list[dict]:
    return read_yaml(VOCAB_DIR / "adoption_steps.yml")


def _cases(model: ModelRegulation, catalog: Catalog) -> list[dict]:
    return [{"id": case.id, "title": case.title.id, "url": routes.case(case.id),
             "desa": case.location.desa, "provinsi": case.location.provinsi}
            for case in catalog.cases_using(model.id)]


def model_view(model: ModelRegulation, catalog: Catalog, edit_base_url: str | None) -> dict:
    """Everything the model page shows: the form, the downloads, the text (laid out from
    the file's text as loaded)."""
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
    profile = [p for p in shared_placeholders() if not p.per_document]
    profile_keys = {p.key for p in profile}
    kind = model.type
    return {
        "id": model.id,
        "title": model.title,
        "type": kind,
        "type_label": type_label(model),
        "type_short": SHORT_NAMES.get(kind),
        "summary": model.summary,
        "status": model.status,
        "rows": [{"block": block, "commentary": commentary_at.get(index)}
                 for index, block in enumerate(blocks)],
        "articles": article_count(data),
        "article_word": "Diktum" if kind in DECREES else "Pasal",
        # The village's profile on every model page (typed once, used by every document),
        # then this document's own blanks.
        "fields": profile + [placeholders[key] for key in placeholders_used(data)
                             if key not in profile_keys],
        "profile_keys": sorted(profile_keys),
        "options": [{"key": option.key, "label": option.label, "note": option.note,
                     "default": option.default}
                    for option in model.options],
        "nomenclatures": [{"key": key, "label": row["label"]}
                          for key, row in nomenclatures().items()],
        "papers": list(PAPER),
        # Data from the project's own vocabulary files, with "<" escaped for a <script>.
        "words_json": _script_json(words_table()),
        "package_json": _script_json(package_view(catalog)),
        "words": {key: Words().word(key) for key in (*WORD_KEYS, *REGION_KEYS, DRAFT_KEY)},
        "steps": [step for step in adoption_steps() if kind in step["types"]],
        "cases": _cases(model, catalog),
        "downloads": [
            {"label": f"{label} {paper}", "url": routes.download(model.id, ext, paper)}
            for paper in PAPER
            for ext, label in (("docx", "DOCX (Word)"), ("odt", "ODT (LibreOffice)"),
                               ("pdf", "PDF"))
        ] + [{"label": "DOCX dengan catatan A4",
              "url": routes.download(model.id, "docx", notes=True)}],
        "sources": [{"number": n, "title": source.title, "publisher": source.publisher,
                     "url": source.url, "notes": source.notes}
                    for n, source in enumerate(model.sources, 1)],
        "updated": model.updated,
        "source_path": model.source_path,
        "edit_url": f"{edit_base_url}{model.source_path}" if edit_base_url else None,
    }


def _script_json(value) -> Markup:
    """JSON for a <script type="application/json">: "<" escaped, so no text in it can
    close the element."""
    return Markup(json.dumps(value, ensure_ascii=False).replace("<", "\\u003c"))


def _commentary(block, catalog: Catalog) -> dict:
    commentary = block.commentary
    return {
        "why": commentary["why"],
        "basis": commentary.get("basis"),
        "cases": [{"id": case_id, "url": routes.case(case_id),
                   "title": catalog.by_id[case_id].title.id}
                  for case_id in commentary.get("cases", []) if case_id in catalog.by_id],
    }


def library_view(catalog: Catalog) -> dict:
    return {"models": [
        {"id": model.id, "url": routes.model(model.id), "title": model.title,
         "type_label": type_label(model), "summary": model.summary,
         "articles": article_count(model.data),
         "article_word": "diktum" if model.type in DECREES else "pasal",
         "cases": _cases(model, catalog)}
        for model in catalog.models
    ]}


def model_downloads(model: ModelRegulation) -> list[tuple[str, bytes]]:
    """(site path, bytes) of every download of ``model``: the plain text (every option
    shown and marked) in each format on A4 and F4, the DOCX with commentary (A4), and the
    builder's templates. Kept in the cache named by ``LUMBUNG_CACHE`` when it is set."""
    return cached_files("model-downloads", model.data, lambda: make_model_downloads(model))


def make_model_downloads(model: ModelRegulation) -> list[tuple[str, bytes]]:
    files = [(routes.download(model.id, ext, size),
              render(model.data, Options(paper=size)))
             for size in PAPER for ext, render in FORMATS.items()]
    files.append((routes.download(model.id, "docx", notes=True),
                  to_docx(model.data, Options(annotated=True))))
    files += [(routes.template(model.id, size, combo), template_script(model.data, size, combo))
              for size in PAPER for combo in option_sets(model)]
    return files


class BackgroundDownloads:
    """The model downloads (about 80 documents, several seconds of work) written into the
    site by forked processes while MkDocs builds the pages, one per core with a share of the
    models each (a small site's pages are done long before one process would be), or here
    and now (``fork`` false: under ``mkdocs serve``, which runs threads). ``models`` may be
    a function giving them, called in each forked process: the processes then start before
    the build has loaded the knowledge base (``lumbung.catalog.load_models``)."""

    def __init__(self, models: list[ModelRegulation] | Callable[[], list[ModelRegulation]],
                 site_dir, fork: bool = True) -> None:
        import multiprocessing
        from pathlib import Path

        from lumbung.render.parallel import available_workers

        self.site_dir = Path(site_dir)
        self.processes = []
        if fork:
            count = available_workers() if callable(models) else \
                max(1, min(available_workers(), len(models)))
            context = multiprocessing.get_context("fork")
            self.processes = [context.Process(target=self.write, args=(models, i, count))
                              for i in range(count)]
            for process in self.processes:
                process.start()
        else:
            self.write(models)

    def write(self, models, share: int = 0, shares: int = 1) -> None:
        if callable(models):  # in a forked process
            try:
                models = models()
            except InvalidData:
                # The build stops on the same errors (and stops this process); if the files
                # changed since, finish() says so.
                os._exit(self.CHANGED)
        for model in models[share::shares]:
            for path, content in model_downloads(model):
                target = self.site_dir / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)

    CHANGED = 3  # a process's exit code: the model files read were not valid

    def finish(self) -> None:
        for process in self.processes:
            process.join()
        failed = [p.exitcode for p in self.processes if p.exitcode != 0]
        if self.CHANGED in failed:
            raise RuntimeError("the model files changed during the build (invalid when the "
                               "downloads were written): build again")
        if failed:
            raise RuntimeError(f"writing the model downloads failed (exit code {failed[0]}; "
                               "a bug)")

    def cancel(self) -> None:
        for process in self.processes:
            if process.is_alive():
                process.terminate()
            process.join()
