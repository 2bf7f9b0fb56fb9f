"""Controlled vocabularies, read from the data files in ``lumbung/vocab/``.

The JSON Schema, the validator and the pages all read these files; nothing
else holds a copy of a vocabulary.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from lumbung.load import read_yaml

VOCAB_DIR = Path(__file__).parent / "vocab"


def slugify(text: str) -> str:
    """The one slug rule of the project: lowercase ASCII words joined by hyphens.

    A name with no ASCII letter or digit at all gets a short stable hash instead.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    # surrogatepass: a lone surrogate (which the validator reports) must not crash this.
    return slug or "x" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]


@dataclass(frozen=True)
class Term:
    value: str
    label: str
    description: str = ""
    group: str = ""  # e.g. the bidang of a sub-bidang

    @property
    def slug(self) -> str:
        return slugify(self.value)


@dataclass(frozen=True)
class Province:
    name: str
    code: str
    iso: str  # ISO 3166-2:ID code, e.g. ID-LA
    aliases: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        return slugify(self.name)


@dataclass(frozen=True)
class Vocabulary:
    provinces: tuple[Province, ...]
    duties: tuple[Term, ...]
    topics: tuple[Term, ...]
    programs: tuple[Term, ...]
    instrument_types: tuple[Term, ...]
    instrument_statuses: tuple[Term, ...]
    case_statuses: tuple[Term, ...]
    funding: tuple[Term, ...]
    actor_types: tuple[Term, ...]
    sub_bidang: tuple[Term, ...]

    def values(self, name: str) -> list[str]:
        """The allowed values of vocabulary ``name`` (as named in the schema)."""
        if name == "provinces":
            return [p.name for p in self.provinces]
        return [t.value for t in getattr(self, name)]

    def term(self, name: str, value: str) -> Term:
        return next(t for t in getattr(self, name) if t.value == value)

    def label(self, name: str, value: str) -> str:
        return self.term(name, value).label

    def province(self, name: str) -> Province:
        return next(p for p in self.provinces if p.name == name)

    def aliases(self) -> dict[str, str]:
        """Short names people write, by their slug, and the value they mean."""
        return {slugify(alias): p.name for p in self.provinces for alias in p.aliases}


def _read(name: str) -> list[dict]:
    return read_yaml(VOCAB_DIR / f"{name}.yml")


def _terms(name: str) -> tuple[Term, ...]:
    return tuple(
        Term(
            value=str(row["value"]),
            label=row["label"],
            description=row.get("description", ""),
            group=row.get("bidang", ""),
        )
        for row in _read(name)
    )


@functools.cache
def load_vocabulary() -> Vocabulary:
    return Vocabulary(
        provinces=tuple(
            Province(name=row["name"], code=row["code"], iso=row["iso"],
                     aliases=tuple(row.get("aliases", ())))
            for row in _read("provinces")
        ),
        duties=_terms("duties"),
        topics=_terms("topics"),
        programs=_terms("programs"),
        instrument_types=_terms("instrument_types"),
        instrument_statuses=_terms("instrument_statuses"),
        case_statuses=_terms("case_statuses"),
        funding=_terms("funding"),
        actor_types=_terms("actor_types"),
        sub_bidang=_terms("sub_bidang"),
    )
