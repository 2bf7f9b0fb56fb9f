"""View models: everything a page shows, resolved and formatted, for a template to lay out.

Contributor strings stay plain ``str`` (the templates escape them); Markdown
texts become :class:`~markupsafe.Markup` rendered with raw HTML off.
URLs are site-relative (``kasus/<id>/``); the engine makes them page-relative.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from babel.numbers import format_decimal

from lumbung.catalog import CaseStudy, Catalog, text_in
from lumbung.render.text import LOCALE, markdown_html, rupiah, year_or_date
from lumbung.schema import case_study_schema
from lumbung.similar import Suggestion, similar_cases
from lumbung.vocab import Vocabulary, slugify

STORY_SECTIONS = (
    ("context", "Latar belakang"),
    ("practice", "Apa yang dilakukan"),
    ("results", "Hasil"),
    ("challenges", "Tantangan"),
    ("lessons", "Pelajaran"),
    ("replication", "Cara menirunya"),
)


def case_url(case_id: str) -> str:
    return f"kasus/{case_id}/"


def model_url(model_id: str) -> str:
    return f"perdes/{model_id}/"


def province_url(province: str) -> str:
    return f"jelajah/provinsi/{slugify(province)}/"


def kabupaten_url(province: str, kabupaten: str) -> str:
    return f"{province_url(province)}{slugify(kabupaten)}/"


def facet_url(facet: str, value: str) -> str:
    return f"jelajah/{facet}/{slugify(value)}/"


def _text(value: Any, markdown: bool = True) -> dict | None:
    """A ``text`` value as ``{"id": ..., "en": ...}``, Markdown rendered where allowed."""
    if value is None:
        return None
    render = markdown_html if markdown else str
    english = text_in(value, "en")
    return {"id": render(text_in(value, "id")), "en": render(english) if english else None}


def _date(value: int | str | None) -> dict | None:
    if value is None:
        return None
    return {"iso": str(value), "label": year_or_date(value)}


def _term(vocab: Vocabulary, name: str, value: str, facet: str | None = None) -> dict:
    term = vocab.term(name, value)
    return {
        "value": value, "label": term.label, "description": term.description,
        "url": facet_url(facet, value) if facet else None,
    }


def search_filters(case: CaseStudy, vocab: Vocabulary) -> list[tuple[str, str]]:
    """The (filter, value) pairs the site search offers for a case."""
    data = case.data
    pairs = [("provinsi", data["location"]["provinsi"])]
    pairs += [("kewajiban", f"{d}. {vocab.label('duties', d)}") for d in data["duties"]]
    pairs += [("topik", vocab.label("topics", t)) for t in data.get("topics", [])]
    pairs += [("instrumen", vocab.label("instrument_types", t))
              for t in dict.fromkeys(i["type"] for i in data.get("instruments", []))]
    pairs.append(("status", vocab.label("case_statuses", data["status"])))
    return pairs


def case_card(case: CaseStudy, vocab: Vocabulary) -> dict:
    """What a list of cases shows of one case."""
    loc = case.location
    return {
        "id": case.id,
        "url": case_url(case.id),
        "title": case.title,
        "desa": loc["desa"],
        "kecamatan": loc.get("kecamatan"),
        "kabupaten": loc["kabupaten"],
        "provinsi": loc["provinsi"],
        "province_url": province_url(loc["provinsi"]),
        "status": _term(vocab, "case_statuses", case.data["status"]),
        "duties": list(case.data["duties"]),
        "start": _date(case.data["period"]["start"]),
        "updated": _date(case.data["updated"]),
    }


def case_view(case: CaseStudy, catalog: Catalog, edit_base_url: str | None,
              similar_in_page: bool = False) -> dict:
    """Every value of one case, ready to show.

    "Desa seperti desa saya": the cases the file names in ``related`` are part of the page.
    The computed suggestions depend on the other cases, so that adding cases never changes
    an existing page they travel in ``mirip.json`` beside the page (:func:`similar_json`),
    unless ``similar_in_page`` (the offline copy, whose pages cannot fetch files).
    """
    vocab = catalog.vocab
    data = case.data
    loc = data["location"]
    coordinates = loc.get("coordinates")
    sources = data["sources"]
    return {
        "id": case.id,
        "format": data["format"],
        "title": _text(data["title"], markdown=False),
        "status": _term(vocab, "case_statuses", data["status"], "status"),
        "location": {
            "desa": loc["desa"],
            "kecamatan": loc.get("kecamatan"),
            "kabupaten": loc["kabupaten"],
            "kabupaten_url": kabupaten_url(loc["provinsi"], loc["kabupaten"]),
            "provinsi": loc["provinsi"],
            "province_url": province_url(loc["provinsi"]),
            "province_code": vocab.province(loc["provinsi"]).code,
            "kode_wilayah": loc.get("kode_wilayah"),
            "coordinates": coordinates,
        },
        "period": {"start": _date(data["period"]["start"]),
                   "end": _date(data["period"].get("end"))},
        "summary": _text(data["summary"]),
        "duties": [_term(vocab, "duties", d, "kewajiban") for d in data["duties"]],
        "topics": [_term(vocab, "topics", t, "topik") for t in data.get("topics", [])],
        "programs": [_term(vocab, "programs", p, "program") for p in data.get("programs", [])],
        "story": [
            {"key": key, "heading": heading, "text": _text(data["story"][key])}
            for key, heading in STORY_SECTIONS if data["story"].get(key) is not None
        ],
        "instruments": [_instrument(item, vocab, catalog) for item in data.get("instruments", [])],
        "copy_links": (copy_links := _copy_links(case, catalog)),
        "adoption": _adoption(copy_links, catalog),
        "budget": [budget_line(item, vocab, sources) for item in data.get("budget", [])],
        "actors": [
            {"name": actor["name"], "type": _term(vocab, "actor_types", actor["type"]),
             "role": _text(actor.get("role"))}
            for actor in data.get("actors", [])
        ],
        "sources": [
            {"number": number, "title": source["title"], "publisher": source["publisher"],
             "url": source.get("url"), "date": _date(source.get("date")),
             "accessed": _date(source.get("accessed")), "notes": source.get("notes")}
            for number, source in enumerate(sources, start=1)
        ],
        "similar": [similar_item(s, vocab) for s in similar_cases(catalog)[case.id]
                    if s.explicit or similar_in_page],
        "similar_src": (SIMILAR_FILE if not similar_in_page and len(data.get("related", []))
                        < SIMILAR_LIMIT else None),
        "similar_slots": max(0, SIMILAR_LIMIT - len(data.get("related", []))),
        "contributors": list(data.get("contributors", [])),
        "updated": _date(data["updated"]),
        "source_path": case.source_path,
        "edit_url": f"{edit_base_url}{case.source_path}" if edit_base_url else None,
        "search_filters": search_filters(case, vocab),
    }


SIMILAR_FILE = "mirip.json"  # beside each case page: kasus/<id>/mirip.json
SIMILAR_LIMIT = 3
_SIGNAL_LABELS = {"duty": "tugas Pasal 42 huruf {}", "topic": "topik {}",
                  "instrument": "jenis {}", "province": "Provinsi {}"}
_SIGNAL_VOCAB = {"duty": "duties", "topic": "topics", "instrument": "instrument_types"}


def similar_item(suggestion: Suggestion, vocab: Vocabulary) -> dict:
    """One suggestion as shown: the case, where it is and what the two cases share."""
    other = suggestion.case
    reasons = []
    for kind, value in suggestion.shared:
        shown = value if kind in ("duty", "province") else vocab.label(_SIGNAL_VOCAB[kind], value)
        reasons.append(_SIGNAL_LABELS[kind].format(shown))
    loc = other.location
    return {"id": other.id, "url": case_url(other.id), "title": other.title,
            "desa": loc["desa"], "kabupaten": loc["kabupaten"], "provinsi": loc["provinsi"],
            "explicit": suggestion.explicit, "reasons": reasons}


def similar_json(case: CaseStudy, catalog: Catalog) -> str:
    """The computed suggestions of one case, for the script on its page (addresses relative
    to the page)."""
    items = []
    for suggestion in similar_cases(catalog)[case.id]:
        if suggestion.explicit:
            continue
        item = similar_item(suggestion, catalog.vocab)
        items.append({"url": f"../{item['id']}/", "title": item["title"], "desa": item["desa"],
                      "kabupaten": item["kabupaten"], "provinsi": item["provinsi"],
                      "reasons": item["reasons"]})
    return json.dumps({"cases": items}, ensure_ascii=False, separators=(",", ":"))


SMALL_WORDS = {"dan", "di", "ke", "dari", "tentang", "atau", "yang", "untuk", "atas", "bagi"}


def title_case(title: str) -> str:
    """A title in capitals (a TENTANG line) as a village reads it in a sentence."""
    words = title.lower().split()
    return " ".join(w if i and w in SMALL_WORDS else w[:1].upper() + w[1:]
                    for i, w in enumerate(words))


def _adoption(links: list[dict], catalog: Catalog) -> list[dict]:
    """The steps of adopting a Perdes, each with the papers it needs, for the case pages
    that link to a Perdes model."""
    from lumbung.render.models import adoption_steps  # the model pages' own list

    if not any(link["type"] == "perdes" for link in links):
        return []
    return [{"step": step["step"], "text": step["text"],
             "papers": [{"url": model_url(pid),
                         "title": title_case(catalog.models_by_id[pid].title)}
                        for pid in step.get("papers", []) if pid in catalog.models_by_id]}
            for step in adoption_steps() if "perdes" in step["types"]]


def _copy_links(case: CaseStudy, catalog: Catalog) -> list[dict]:
    """"Tiru di desa saya": each model an instrument of the case follows, opened with the
    options this case chose (the model's `options[].cases`) switched on."""
    links: dict[str, dict] = {}
    for item in case.data.get("instruments", []):
        model = catalog.models_by_id.get(item.get("model", ""))
        if model is None or model.id in links:
            continue
        chosen = [row["key"] for row in model.data.get("options", [])
                  if case.id in row.get("cases", [])]
        links[model.id] = {"url": model_url(model.id), "title": title_case(model.title),
                           "type": model.data["type"],
                           "query": f"?pilihan={','.join(chosen)}" if chosen else ""}
    return list(links.values())


def _instrument(item: dict, vocab: Vocabulary, catalog: Catalog) -> dict:
    model = catalog.models_by_id.get(item.get("model", ""))
    return {
        "type": _term(vocab, "instrument_types", item["type"], "instrumen"),
        "title": item["title"],
        "number": item.get("number"),
        "year": item.get("year"),
        "status": _term(vocab, "instrument_statuses", item["status"]),
        "url": item.get("url"),
        "model": item.get("model"),
        "model_link": {"url": model_url(model.id), "title": model.title} if model else None,
        "notes": _text(item.get("notes")),
    }


@functools.cache
def budget_stages() -> tuple[dict[str, str], str]:
    """The words of each budget stage and the stage of a line that names none, as the
    schema states them (one copy of that short list)."""
    stage = case_study_schema()["properties"]["budget"]["items"]["properties"]["stage"]
    return dict(zip(stage["enum"], stage["enumDescriptions"], strict=True)), stage["default"]


def share(percent: float) -> str:
    """A share of the village budget the Indonesian way: ``25%``, ``2,5%``."""
    return f"{format_decimal(percent, locale=LOCALE)}%"


def budget_line(item: dict, vocab: Vocabulary, sources: list[dict]) -> dict:
    code = item["sub_bidang"]
    amount = item.get("amount_idr")
    percent = item.get("share_percent")
    source = item.get("source")
    labels, default_stage = budget_stages()
    stage = item.get("stage", default_stage)
    return {
        "year": item["year"],
        "reported": _date(item.get("reported")),
        "stage": {"value": stage, "label": labels[stage], "stated": "stage" in item},
        "sub_bidang": _term(vocab, "sub_bidang", code) if code is not None else None,
        "activity": item["activity"],
        "amount": rupiah(amount) if amount is not None else None,
        "amount_idr": amount,
        "share": share(percent) if percent is not None else None,
        "funding": _term(vocab, "funding", item["funding"]) if "funding" in item else None,
        "source": {"number": source, "title": sources[source - 1]["title"]} if source else None,
        "notes": _text(item.get("notes")),
    }
