"""Synthetic, valid case studies for size and speed measurements (never published)."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import yaml

from lumbung.vocab import load_vocabulary

REAL_CASES_DIR = Path(__file__).resolve().parent.parent / "case_studies"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def synthetic_case(number: int) -> dict:
    """A valid case whose values vary with ``number`` across provinces and vocabularies."""
    vocab = load_vocabulary()
    province = vocab.provinces[number % len(vocab.provinces)]
    duties = [d.value for d in vocab.duties]
    topics = [t.value for t in vocab.topics]
    return {
        "format": 1,
        "id": f"sintetis-{number:05d}",
        "title": f"Kasus sintetis nomor {number}",
        "status": "draft",
        "location": {
            "desa": f"Desa Sintetis {number}",
            "kecamatan": f"Kecamatan {number % 97}",
            "kabupaten": f"Kabupaten Sintetis {number % 13}",
            "provinsi": province.name,
        },
        "period": {"start": 2015 + number % 10},
        "summary": f"Ringkasan kasus sintetis {number} untuk mengukur ukuran dan kecepatan situs.",
        "duties": duties[: 1 + number % len(duties)],
        "topics": [topics[number % len(topics)]],
        "story": {
            "context": f"Latar belakang kasus sintetis {number}. " * 5,
            "practice": f"Praktik kasus sintetis {number}. " * 8,
        },
        "instruments": [{"type": "perdes", "title": f"Peraturan Desa Sintetis {number}",
                         "number": None, "year": None, "status": "berlaku"}],
        "sources": [{"title": f"Sumber sintetis {number}", "publisher": "Lumbung Praktik",
                     "url": f"https://example.org/sintetis/{number}"}],
        "updated": "2026-01-01",
    }


def real_cases(cases_dir: Path = REAL_CASES_DIR) -> list[dict]:
    """The knowledge base's own case files, loaded plainly, in file-name order."""
    return [yaml.load(path.read_text("utf-8"), Loader=_LOADER)
            for path in sorted(cases_dir.rglob("*.yml"))]


def realistic_case(number: int, templates: list[dict]) -> dict:
    """A valid case as rich as a real one: a copy of real case ``number % len(templates)``
    (every key, text and list it has) with a new id and a numbered title and village, so
    pages, search index and open data grow as they would with real contributions."""
    case = copy.deepcopy(templates[number % len(templates)])
    case["id"] = f"realistis-{number:05d}"
    suffix = f" ({number})"
    if isinstance(case["title"], dict):
        case["title"] = {key: value + suffix for key, value in case["title"].items()}
    else:
        case["title"] += suffix
    case["location"]["desa"] += suffix
    return case


def write_synthetic_cases(cases_dir: Path, count: int, start: int = 0,
                          kind: str = "thin") -> list[Path]:
    """Write ``count`` synthetic case files under ``cases_dir/<province-slug>/``: ``thin``
    (``synthetic_case``, about 1 KB) or ``realistic`` (``realistic_case``, derived from the
    real cases, about 5 KB)."""
    vocab = load_vocabulary()
    templates = real_cases() if kind == "realistic" else []
    written = []
    for number in range(start, start + count):
        case = synthetic_case(number) if kind == "thin" else realistic_case(number, templates)
        folder = cases_dir / vocab.province(case["location"]["provinsi"]).slug
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{case['id']}.yml"
        path.write_text(yaml.safe_dump(case, allow_unicode=True, sort_keys=False), "utf-8")
        written.append(path)
    return written


# What a site build reads: a copy of these is a project to add synthetic cases to.
PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides", "hooks", "case_studies", "regulations",
                 "lumbung", "CONTRIBUTING.md")


def copy_project(source: Path, target: Path) -> Path:
    """Copy the parts of the project at ``source`` that a site build reads to ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        if (source / part).is_dir():
            shutil.copytree(source / part, target / part,
                            ignore=shutil.ignore_patterns("__pycache__"))
        elif (source / part).exists():
            shutil.copy2(source / part, target / part)
    (target / "case_studies").mkdir(exist_ok=True)
    return target
