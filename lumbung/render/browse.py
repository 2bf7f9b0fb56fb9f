"""Browse pages: cases grouped by province and kabupaten, duty, topic, instrument type,
programme and status, each group with its count."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lumbung import routes
from lumbung.catalog import Catalog
from lumbung.records import CaseStudy
from lumbung.render.views import case_card
from lumbung.vocab import slugify


@dataclass(frozen=True)
class Facet:
    slug: str  # URL segment under /jelajah/
    heading: str
    vocabulary: str
    values_of: Callable[[CaseStudy], Sequence[str]]


FACETS = (
    Facet("kewajiban", "Tugas desa menurut UU 18/2017 Pasal 42", "duties",
          lambda case: case.duties),
    Facet("topik", "Topik", "topics", lambda case: case.topics),
    Facet("instrumen", "Jenis instrumen", "instrument_types",
          lambda case: case.instrument_types),
    Facet("program", "Program", "programs", lambda case: case.programs),
    Facet("status", "Status pemeriksaan", "case_statuses", lambda case: [case.status]),
)


@dataclass
class Listing:
    """One browse page: a heading, an introduction and the cases it lists."""

    src_uri: str  # e.g. jelajah/topik/migrasi-aman/index.md
    title: str
    intro: str
    cases: list[dict]
    groups: list[dict]  # sub-groups with their own page (kabupaten of a province) and counts
    parent: dict | None = None


def facet_summary(catalog: Catalog) -> list[dict]:
    """Each facet with every value of its vocabulary and how many cases have it."""
    vocab = catalog.vocab
    summary = []
    counts_by_province: dict[str, int] = defaultdict(int)
    for case in catalog.cases:
        counts_by_province[case.location.provinsi] += 1
    summary.append({
        "slug": "provinsi", "heading": "Provinsi",
        "terms": [
            {"value": p.name, "label": p.name, "description": f"Kode {p.code}",
             "count": counts_by_province[p.name],
             "url": routes.province(p.name) if counts_by_province[p.name] else None}
            for p in vocab.provinces
        ],
    })
    for facet in FACETS:
        counts: dict[str, int] = defaultdict(int)
        for case in catalog.cases:
            for value in facet.values_of(case):
                counts[value] += 1
        summary.append({
            "slug": facet.slug, "heading": facet.heading,
            "terms": [
                {"value": term.value, "label": term.label, "description": term.description,
                 "count": counts[term.value],
                 "url": routes.facet(facet.slug, term.value) if counts[term.value] else None}
                for term in getattr(vocab, facet.vocabulary)
            ],
        })
    return summary


def listings(catalog: Catalog) -> list[Listing]:
    """Every browse page with at least one case."""
    vocab = catalog.vocab
    cards = {case.id: case_card(case, vocab) for case in catalog.cases}
    pages: list[Listing] = []

    by_province: dict[str, list[CaseStudy]] = defaultdict(list)
    for case in catalog.cases:
        by_province[case.location.provinsi].append(case)
    for province in vocab.provinces:
        cases = by_province.get(province.name)
        if not cases:
            continue
        # Grouped by slug, so "Lampung Timur" and "Lampung timur" share one page.
        by_kabupaten: dict[str, list[CaseStudy]] = defaultdict(list)
        for case in cases:
            by_kabupaten[slugify(case.location.kabupaten)].append(case)
        groups = []
        for slug in sorted(by_kabupaten):
            kabupaten = by_kabupaten[slug][0].location.kabupaten
            members = [cards[c.id] for c in by_kabupaten[slug]]
            url = routes.kabupaten(province.name, kabupaten)
            groups.append({"name": kabupaten, "url": url, "count": len(members)})
            pages.append(Listing(
                src_uri=routes.source_uri(url), title=f"{kabupaten}, {province.name}",
                intro=f"Studi kasus di {kabupaten}, Provinsi {province.name}.",
                cases=members, groups=[],
                parent={"title": province.name, "url": routes.province(province.name)},
            ))
        pages.append(Listing(
            src_uri=routes.source_uri(routes.province(province.name)),
            title=f"Provinsi {province.name}",
            intro=f"Studi kasus di Provinsi {province.name} (kode wilayah {province.code}), "
                  "menurut kabupaten/kota.",
            cases=[cards[c.id] for c in cases], groups=groups,
        ))

    for facet in FACETS:
        members: dict[str, list[dict]] = defaultdict(list)
        for case in catalog.cases:
            for value in facet.values_of(case):
                members[value].append(cards[case.id])
        for term in getattr(vocab, facet.vocabulary):
            if not members.get(term.value):
                continue
            title = term.label if facet.slug != "kewajiban" else \
                f"Pasal 42 huruf {term.value}: {term.label}"
            pages.append(Listing(
                src_uri=routes.source_uri(routes.facet(facet.slug, term.value)), title=title,
                intro=term.description, cases=members[term.value], groups=[],
                parent={"title": facet.heading, "url": routes.facet_section(facet.slug)},
            ))
    return pages
