"""Typed records: a valid case-study or model-regulation file as frozen dataclasses.

The catalog builds them once, from data the validator has accepted, with every default
filled here (an absent list is an empty tuple, an absent budget stage is the format's
default), so that views read attributes and never guess a key. Each record keeps the
file's values as loaded in ``data`` too: the open data publishes exactly those, and the
model regulations' text (chapters, articles, ...) is laid out from them
(:mod:`lumbung.regulation`). Field names are the format's keys.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from lumbung.schema import case_study_schema

YearOrDate = int | str  # a year (2021) or an ISO date ("2021-03-01")


def text_in(value: Any, lang: str = "id") -> str | None:
    """The ``lang`` version of a ``text`` value as loaded (a string is Bahasa Indonesia)."""
    if isinstance(value, dict):
        return value.get(lang)
    return value if lang == "id" else None


@dataclass(frozen=True, slots=True)
class Text:
    """A text of the format: Bahasa Indonesia, and English where the file gives it."""

    id: str
    en: str | None = None

    @classmethod
    def of(cls, value: str | dict | None) -> Text | None:
        if value is None:
            return None
        if isinstance(value, dict):
            return cls(value["id"], value.get("en"))
        return cls(value)


@dataclass(frozen=True, slots=True)
class Coordinates:
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Location:
    desa: str
    kabupaten: str
    provinsi: str
    kecamatan: str | None = None
    kode_wilayah: str | None = None
    coordinates: Coordinates | None = None


@dataclass(frozen=True, slots=True)
class Period:
    start: YearOrDate
    end: YearOrDate | None = None  # None: still running (absent or null in the file)


@dataclass(frozen=True, slots=True)
class Source:
    title: str
    publisher: str
    url: str | None = None
    date: str | None = None
    accessed: str | None = None
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class Instrument:
    type: str
    title: str
    status: str
    number: str | None = None  # None: no source states it
    year: int | None = None
    url: str | None = None
    model: str | None = None  # id of a model regulation of this knowledge base
    notes: Text | None = None


@dataclass(frozen=True, slots=True)
class BudgetLine:
    year: int | None  # None: no source states the fiscal year (then ``reported`` is set)
    sub_bidang: str | None  # Permendagri 20/2018 code; None: no source states it
    activity: str
    stage: str  # the file's, or the format's default (``stage_stated`` False)
    stage_stated: bool
    reported: str | None = None
    amount_idr: int | None = None
    share_percent: float | None = None
    funding: str | None = None
    source: int | None = None  # number (from 1) of the case's source stating the line
    notes: Text | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    name: str
    type: str
    role: Text | None = None


STORY_KEYS = ("context", "practice", "results", "challenges", "lessons", "replication")


@dataclass(frozen=True, slots=True)
class Story:
    context: Text
    practice: Text
    results: Text | None = None
    challenges: Text | None = None
    lessons: Text | None = None
    replication: Text | None = None

    def sections(self) -> list[tuple[str, Text]]:
        """(key, text) of every section the file has, in the format's order."""
        texts = (self.context, self.practice, self.results, self.challenges, self.lessons,
                 self.replication)
        return [(key, text) for key, text in zip(STORY_KEYS, texts, strict=True)
                if text is not None]


@dataclass(frozen=True, slots=True)
class CaseStudy:
    """One valid case-study file."""

    id: str
    source_path: str  # relative to the knowledge-base root, with forward slashes
    format: int
    title: Text
    status: str
    location: Location
    period: Period
    summary: Text
    duties: tuple[str, ...]
    story: Story
    sources: tuple[Source, ...]
    updated: str
    topics: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()
    instruments: tuple[Instrument, ...] = ()
    budget: tuple[BudgetLine, ...] = ()
    actors: tuple[Actor, ...] = ()
    related: tuple[str, ...] = ()
    contributors: tuple[str, ...] = ()
    # Every value as loaded (dates as ISO text), for the open data: never read by views.
    data: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def instrument_types(self) -> list[str]:
        """The types of the case's instruments, each once, in the file's order."""
        return list(dict.fromkeys(item.type for item in self.instruments))


@dataclass(frozen=True, slots=True)
class ModelOption:
    """An optional part of a model, switched on or off by the village."""

    key: str
    label: str
    note: str
    default: bool = False
    cases: tuple[str, ...] = ()  # case studies whose village chose it


@dataclass(frozen=True, slots=True)
class ModelRegulation:
    """One valid model-regulation file (see regulations/README.md). Its text (chapters,
    decisions, body, ...) stays in ``data``, which the layout reads."""

    id: str
    source_path: str
    type: str  # perdes, perkades, keputusan-kades, keputusan-bpd or naskah
    title: str
    summary: str
    status: str
    sources: tuple[Source, ...]
    updated: str
    kind: str | None = None  # of a naskah: surat, berita-acara, surat-keterangan
    options: tuple[ModelOption, ...] = ()
    data: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)


@functools.cache
def default_budget_stage() -> str:
    """The stage of a budget line that names none, as the schema states it."""
    return case_study_schema()["properties"]["budget"]["items"]["properties"]["stage"]["default"]


def _source(row: dict) -> Source:
    return Source(row["title"], row["publisher"], row.get("url"), row.get("date"),
                  row.get("accessed"), row.get("notes"))


def _location(row: dict) -> Location:
    coordinates = row.get("coordinates")
    return Location(row["desa"], row["kabupaten"], row["provinsi"], row.get("kecamatan"),
                    row.get("kode_wilayah"),
                    Coordinates(coordinates["lat"], coordinates["lon"]) if coordinates else None)


def _instrument(row: dict) -> Instrument:
    return Instrument(row["type"], row["title"], row["status"], row.get("number"),
                      row.get("year"), row.get("url"), row.get("model"),
                      Text.of(row.get("notes")))


def _budget_line(row: dict, default_stage: str) -> BudgetLine:
    return BudgetLine(row["year"], row["sub_bidang"], row["activity"],
                      row.get("stage", default_stage), "stage" in row, row.get("reported"),
                      row.get("amount_idr"), row.get("share_percent"), row.get("funding"),
                      row.get("source"), Text.of(row.get("notes")))


def case_study(source_path: str, data: dict[str, Any]) -> CaseStudy:
    """The record of a valid case-study file's ``data`` (plain JSON types)."""
    story = data["story"]
    default_stage = default_budget_stage()
    return CaseStudy(
        id=data["id"],
        source_path=source_path,
        format=data["format"],
        title=Text.of(data["title"]),
        status=data["status"],
        location=_location(data["location"]),
        period=Period(data["period"]["start"], data["period"].get("end")),
        summary=Text.of(data["summary"]),
        duties=tuple(data["duties"]),
        story=Story(*(Text.of(story.get(key)) for key in STORY_KEYS)),
        sources=tuple(_source(row) for row in data["sources"]),
        updated=data["updated"],
        topics=tuple(data.get("topics", ())),
        programs=tuple(data.get("programs", ())),
        instruments=tuple(_instrument(row) for row in data.get("instruments", ())),
        budget=tuple(_budget_line(row, default_stage) for row in data.get("budget", ())),
        actors=tuple(Actor(row["name"], row["type"], Text.of(row.get("role")))
                     for row in data.get("actors", ())),
        related=tuple(data.get("related", ())),
        contributors=tuple(data.get("contributors", ())),
        data=data,
    )


def model_regulation(source_path: str, data: dict[str, Any]) -> ModelRegulation:
    """The record of a valid model-regulation file's ``data`` (plain JSON types)."""
    return ModelRegulation(
        id=data["id"],
        source_path=source_path,
        type=data["type"],
        title=data["title"],
        summary=data["summary"],
        status=data["status"],
        sources=tuple(_source(row) for row in data["sources"]),
        updated=data["updated"],
        kind=data.get("kind"),
        options=tuple(ModelOption(row["key"], row["label"], row["note"],
                                  bool(row.get("default")), tuple(row.get("cases", ())))
                      for row in data.get("options", ())),
        data=data,
    )
