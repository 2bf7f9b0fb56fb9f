"""View models: everything a page shows, resolved and formatted, for a template to lay out.

Contributor strings stay plain ``str`` (the templates escape them); Markdown
texts become :class:`~markupsafe.Markup` rendered with raw HTML off.
URLs are site-relative (``kasus/<id>/``); the engine makes them page-relative.
"""

from __future__ import annotations

import functools
import json

from babel.numbers import format_decimal

from lumbung import routes
from lumbung.catalog import Catalog
from lumbung.records import BudgetLine, CaseStudy, Instrument, Source, Text
from lumbung.render.text import LOCALE, markdown_html, rupiah, year_or_date
from lumbung.schema import case_study_schema
from lumbung.similar import Suggestion, similar_cases
from lumbung.vocab import Vocabulary

STORY_HEADINGS = {  # the sections of a story, in the format's order (records.STORY_KEYS)
    "context": "Latar belakang",
    "practice": "Apa yang dilakukan",
    "results": "Hasil",
    "challenges": "Tantangan",
    "lessons": "Pelajaran",
    "replication": "Cara menirunya",
}


def _text(text: Text | None, markdown: bool = True) -> dict | None:
    """A text as ``{"id": ..., "en": ...}``, Markdown rendered where allowed."""
    if text is None:
        return None
    render = markdown_html if markdown else str
    return {"id": render(text.id), "en": render(text.en) if text.en else None}


def _date(value: int | str | None) -> dict | None:
    if value is None:
        return None
    return {"iso": str(value), "label": year_or_date(value)}


def _term(vocab: Vocabulary, name: str, value: str, facet: str | None = None) -> dict:
    term = vocab.term(name, value)
    return {
        "value": value, "label": term.label, "description": term.description,
        "url": routes.facet(facet, value) if facet else None,
    }


def search_filters(case: CaseStudy, vocab: Vocabulary) -> list[tuple[str, str]]:
    """The (filter, value) pairs the site search offers for a case."""
    pairs = [("provinsi", case.location.provinsi)]
    pairs += [("kewajiban", f"{d}. {vocab.label('duties', d)}") for d in case.duties]
    pairs += [("topik", vocab.label("topics", t)) for t in case.topics]
    pairs += [("instrumen", vocab.label("instrument_types", t)) for t in case.instrument_types]
    pairs.append(("status", vocab.label("case_statuses", case.status)))
    return pairs


def case_card(case: CaseStudy, vocab: Vocabulary) -> dict:
    """What a list of cases shows of one case."""
    loc = case.location
    return {
        "id": case.id,
        "url": routes.case(case.id),
        "title": case.title.id,
        "desa": loc.desa,
        "kecamatan": loc.kecamatan,
        "kabupaten": loc.kabupaten,
        "provinsi": loc.provinsi,
        "province_url": routes.province(loc.provinsi),
        "status": _term(vocab, "case_statuses", case.status),
        "duties": list(case.duties),
        "start": _date(case.period.start),
        "updated": _date(case.updated),
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
    loc = case.location
    coordinates = loc.coordinates
    return {
        "id": case.id,
        "format": case.format,
        "title": _text(case.title, markdown=False),
        "status": _term(vocab, "case_statuses", case.status, "status"),
        "location": {
            "desa": loc.desa,
            "kecamatan": loc.kecamatan,
            "kabupaten": loc.kabupaten,
            "kabupaten_url": routes.kabupaten(loc.provinsi, loc.kabupaten),
            "provinsi": loc.provinsi,
            "province_url": routes.province(loc.provinsi),
            "province_code": vocab.province(loc.provinsi).code,
            "kode_wilayah": loc.kode_wilayah,
            "coordinates": {"lat": coordinates.lat, "lon": coordinates.lon}
            if coordinates else None,
        },
        "period": {"start": _date(case.period.start), "end": _date(case.period.end)},
        "summary": _text(case.summary),
        "duties": [_term(vocab, "duties", d, "kewajiban") for d in case.duties],
        "topics": [_term(vocab, "topics", t, "topik") for t in case.topics],
        "programs": [_term(vocab, "programs", p, "program") for p in case.programs],
        "story": [
            {"key": key, "heading": STORY_HEADINGS[key], "text": _text(text)}
            for key, text in case.story.sections()
        ],
        "instruments": [_instrument(item, vocab, catalog) for item in case.instruments],
        "copy_links": (copy_links := _copy_links(case, catalog)),
        "adoption": _adoption(copy_links, catalog),
        "budget": [budget_line(item, vocab, case.sources) for item in case.budget],
        "actors": [
            {"name": actor.name, "type": _term(vocab, "actor_types", actor.type),
             "role": _text(actor.role)}
            for actor in case.actors
        ],
        "sources": [
            {"number": number, "title": source.title, "publisher": source.publisher,
             "url": source.url, "date": _date(source.date),
             "accessed": _date(source.accessed), "notes": source.notes}
            for number, source in enumerate(case.sources, start=1)
        ],
        "similar": [similar_item(s, vocab) for s in similar_cases(catalog)[case.id]
                    if s.explicit or similar_in_page],
        "similar_src": (routes.SIMILAR_FILE if not similar_in_page and len(case.related)
                        < SIMILAR_LIMIT else None),
        "similar_slots": max(0, SIMILAR_LIMIT - len(case.related)),
        "contributors": list(case.contributors),
        "updated": _date(case.updated),
        "source_path": case.source_path,
        "edit_url": f"{edit_base_url}{case.source_path}" if edit_base_url else None,
        "search_filters": search_filters(case, vocab),
    }


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
    return {"id": other.id, "url": routes.case(other.id), "title": other.title.id,
            "desa": loc.desa, "kabupaten": loc.kabupaten, "provinsi": loc.provinsi,
            "explicit": suggestion.explicit, "reasons": reasons}


SIBLINGS = routes.Links(directory_urls=True)  # mirip.json is published online only


def similar_json(case: CaseStudy, catalog: Catalog) -> str:
    """The computed suggestions of one case, for the script on its page (addresses relative
    to the page)."""
    items = []
    for suggestion in similar_cases(catalog)[case.id]:
        if suggestion.explicit:
            continue
        item = similar_item(suggestion, catalog.vocab)
        items.append({"url": SIBLINGS.relative(item["url"], routes.case(case.id)),
                      "title": item["title"], "desa": item["desa"],
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
             "papers": [{"url": routes.model(pid),
                         "title": title_case(catalog.models_by_id[pid].title)}
                        for pid in step.get("papers", []) if pid in catalog.models_by_id]}
            for step in adoption_steps() if "perdes" in step["types"]]


def _copy_links(case: CaseStudy, catalog: Catalog) -> list[dict]:
    """"Tiru di desa saya": each model an instrument of the case follows, opened with the
    options this case chose (the model's `options[].cases`) switched on."""
    links: dict[str, dict] = {}
    for item in case.instruments:
        model = catalog.models_by_id.get(item.model) if item.model else None
        if model is None or model.id in links:
            continue
        chosen = [option.key for option in model.options if case.id in option.cases]
        links[model.id] = {"url": routes.model(model.id), "title": title_case(model.title),
                           "type": model.type,
                           "query": f"?pilihan={','.join(chosen)}" if chosen else ""}
    return list(links.values())


def _instrument(item: Instrument, vocab: Vocabulary, catalog: Catalog) -> dict:
    model = catalog.models_by_id.get(item.model) if item.model else None
    return {
        "type": _term(vocab, "instrument_types", item.type, "instrumen"),
        "title": item.title,
        "number": item.number,
        "year": item.year,
        "status": _term(vocab, "instrument_statuses", item.status),
        "url": item.url,
        "model": item.model,
        "model_link": {"url": routes.model(model.id), "title": model.title} if model else None,
        "notes": _text(item.notes),
    }


@functools.cache
def budget_stages() -> dict[str, str]:
    """The words of each budget stage, as the schema states them (one copy of that short
    list)."""
    stage = case_study_schema()["properties"]["budget"]["items"]["properties"]["stage"]
    return dict(zip(stage["enum"], stage["enumDescriptions"], strict=True))


def share(percent: float) -> str:
    """A share of the village budget the Indonesian way: ``25%``, ``2,5%``."""
    return f"{format_decimal(percent, locale=LOCALE)}%"


def budget_line(item: BudgetLine, vocab: Vocabulary, sources: tuple[Source, ...]) -> dict:
    code = item.sub_bidang
    amount = item.amount_idr
    percent = item.share_percent
    source = item.source
    labels = budget_stages()
    return {
        "year": item.year,
        "reported": _date(item.reported),
        "stage": {"value": item.stage, "label": labels[item.stage], "stated": item.stage_stated},
        "sub_bidang": _term(vocab, "sub_bidang", code) if code is not None else None,
        "activity": item.activity,
        "amount": rupiah(amount) if amount is not None else None,
        "amount_idr": amount,
        "share": share(percent) if percent is not None else None,
        "funding": _term(vocab, "funding", item.funding) if item.funding is not None else None,
        "source": {"number": source, "title": sources[source - 1].title} if source else None,
        "notes": _text(item.notes),
    }
