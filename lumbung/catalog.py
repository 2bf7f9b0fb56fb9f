"""The knowledge base: every case-study file loaded, validated and cross-checked."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import multiprocessing
import os
import stat
import threading
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lumbung.load import Document, YamlDate, dotted, load_document
from lumbung.problems import InvalidData, Problem
from lumbung.records import CaseStudy, ModelRegulation, case_study, model_regulation
from lumbung.records import text_in as text_in  # where scripts have always found it
from lumbung.validate import compile_schemas, validate_document
from lumbung.vocab import Vocabulary, load_vocabulary

CASES_DIR = "case_studies"
REGULATIONS_DIR = "regulations"


@dataclass
class Catalog:
    cases: list[CaseStudy]
    models: list[ModelRegulation]
    vocab: Vocabulary
    by_id: dict[str, CaseStudy] = field(init=False)
    models_by_id: dict[str, ModelRegulation] = field(init=False)
    # "Desa seperti desa saya" of every case, by the number of suggestions, computed once
    # (lumbung.similar.similar_cases).
    similar_by_limit: dict[int, dict] = field(init=False, default_factory=dict, repr=False,
                                              compare=False)

    def __post_init__(self) -> None:
        self.cases.sort(key=lambda case: case.id)
        self.models.sort(key=lambda model: model.id)
        self.by_id = {case.id: case for case in self.cases}
        self.models_by_id = {model.id: model for model in self.models}

    @property
    def model_ids(self) -> set[str]:
        return set(self.models_by_id)

    def cases_using(self, model_id: str) -> list[CaseStudy]:
        """Cases with an instrument whose `model` names ``model_id``."""
        return [case for case in self.cases
                if any(item.model == model_id for item in case.instruments)]


def _plain(value: Any) -> Any:
    """Loaded data as plain JSON types: a bare YAML date becomes its ISO text."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, YamlDate):
        return str(value)
    return value


def yaml_files(paths: Iterable[Path]) -> list[Path]:
    """The ``.yml`` then ``.yaml`` files under each folder of ``paths`` (in path order, not
    following links to folders), and each file of ``paths`` as it is, each once."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            names, unreadable = _files_under(str(path))
            for suffix in (".yml", ".yaml"):
                found.extend(Path(name) for name in sorted(
                    (name for name in names if name.endswith(suffix)), key=_path_order))
            found.extend(Path(name) for name in unreadable)  # reported where they are read
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def _files_under(folder: str) -> tuple[list[str], list[str]]:
    """Every file below ``folder`` (10,000 case files are listed without a stat each), and
    the folders that could not be listed. A link is not followed to a folder; a link that
    leads nowhere (to a missing file, or in a loop) is listed, so that reading it reports it
    instead of it being left out unseen."""
    files: list[str] = []
    unreadable: list[str] = []
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            entries = os.scandir(current)
        except OSError:
            unreadable.append(current)
            continue
        with entries:
            for entry in entries:
                if entry.is_symlink():
                    try:
                        target = os.stat(entry.path)
                    except OSError:
                        files.append(entry.path)
                        continue
                    if stat.S_ISREG(target.st_mode):
                        files.append(entry.path)
                elif entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                elif entry.is_file(follow_symlinks=False):
                    files.append(entry.path)
    return files, unreadable


def _path_order(name: str) -> list[str]:
    return [part for part in name.split(os.sep) if part]


def _display(path: Path, root: Path) -> str:
    """``path`` as contributors see it: relative to the knowledge-base root when inside."""
    absolute = os.path.abspath(path)
    prefix = os.path.join(os.path.abspath(root), "")
    if absolute.startswith(prefix):
        return absolute[len(prefix):].replace(os.sep, "/")
    return str(path)


def _is_regulation(path: Path, root: Path) -> bool:
    return REGULATIONS_DIR in _display(path, root).split("/")[:-1]


PARALLEL_FROM = 500  # files; below this, starting worker processes costs more than it saves


def _check_file(path: Path, display: str, today: dt.date | None, regulation: bool
                ) -> tuple[Document | None, list[Problem]]:
    """Everything one file can tell on its own: strict loading, then the schema and rules."""
    document, problems = load_document(path, display)
    if document is not None:
        problems = problems + validate_document(document, display, today,
                                                kind="model" if regulation else "case")
        # Only needed to place this file's own problems: what a worker sends back to the
        # main process is pickled and unpickled, which cost more than validating.
        document.source = None
        document.scalars = {}
        if not regulation:
            document.value_at = _cross_file_positions(document.value_at)
            document.key_at = _cross_file_positions(document.key_at)
    return document, problems


def _cross_file_positions(positions: dict) -> dict:
    """The positions ``check`` may report a problem at once files are compared: the top
    keys, ``related[i]``, ``instruments[i].model`` and ``location.provinsi`` (a problem
    elsewhere would be placed at the nearest parent kept)."""
    return {path: where for path, where in positions.items()
            if len(path) <= 1 or path[0] == "related"
            or (path[0] == "instruments" and (len(path) == 2 or path[2:] == ("model",)))
            or path == ("location", "provinsi")}


def _check_files(jobs: list[tuple], workers: int) -> list[tuple[Document | None, list]]:
    if workers < 2 or len(jobs) < PARALLEL_FROM:
        return [_check_file(*job) for job in jobs]
    # "fork" when this process runs no other thread (lumbung validate, mkdocs build): the
    # workers start at once with the schema already compiled; "spawn" otherwise (mkdocs
    # serve runs threads, and forking a threaded process is not safe).
    forking = threading.active_count() == 1 and \
        "fork" in multiprocessing.get_all_start_methods()
    if forking:
        compile_schemas()
    context = multiprocessing.get_context("fork" if forking else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(_check_file, *zip(*jobs, strict=True), chunksize=64))


def check(paths: Iterable[Path], root: Path, today: dt.date | None = None
          ) -> tuple[list[tuple[Path, Document]], list[Problem]]:
    """Validate ``paths`` (files or folders) against each other and the knowledge base
    at ``root``. Returns the valid case documents and every problem found."""
    vocab = load_vocabulary()
    targets = yaml_files(paths)
    jobs = [(path, _display(path, root), today, _is_regulation(path, root)) for path in targets]
    problems: list[Problem] = []
    loaded: list[tuple[Path, Document, str]] = []
    models: list[tuple[Path, Document, str]] = []
    for (path, display, _, regulation), (document, found) in zip(
            jobs, _check_files(jobs, os.cpu_count() or 1), strict=True):
        problems.extend(found)
        if document is not None:
            (models if regulation else loaded).append((path, document, display))

    # Ids the rest of the knowledge base already uses, for `related` and duplicates.
    known: dict[str, str] = {}
    target_set = {os.path.abspath(p) for p in targets}
    for path in yaml_files([root / CASES_DIR]) if (root / CASES_DIR).is_dir() else []:
        if os.path.abspath(path) not in target_set:
            known.setdefault(path.stem, _display(path, root))
    model_ids = _model_ids(root)

    first_file: dict[str, str] = {}
    for path, document, display in loaded:
        data = document.data
        case_id = data.get("id")
        if not isinstance(case_id, str):
            continue
        if case_id != path.stem:
            problems.append(_at(document, display, ("id",),
                                f"id '{case_id}' must equal the file name '{path.stem}'; "
                                f"rename the file to {case_id}.yml or change the id"))
        if case_id in first_file or case_id in known:
            other = first_file.get(case_id) or known[case_id]
            problems.append(_at(document, display, ("id",),
                                f"id '{case_id}' is already used by {other}; choose another id"))
        first_file.setdefault(case_id, display)
        problems.extend(_folder_warning(document, display, vocab))

    all_ids = set(known) | set(first_file)
    for _, document, display in loaded:
        data = document.data
        for index, related in enumerate(_list(data.get("related"))):
            if not isinstance(related, str):
                continue
            if related == data.get("id"):
                problems.append(_at(document, display, ("related", index),
                                    "a case cannot be related to itself"))
            elif related not in all_ids:
                problems.append(_at(document, display, ("related", index),
                                    _missing("case study", related, all_ids)))
        for index, instrument in enumerate(_list(data.get("instruments"))):
            model = instrument.get("model") if isinstance(instrument, dict) else None
            if isinstance(model, str) and model not in model_ids:
                problems.append(_at(document, display, ("instruments", index, "model"),
                                    _missing("model regulation", model, model_ids)))

    problems.extend(_check_models(models, model_ids, all_ids))
    errors_by_file = {p.file for p in problems if p.severity == "error"}
    valid = [(path, doc) for path, doc, display in loaded + models
             if display not in errors_by_file]
    return valid, sorted(set(problems))


def _check_models(models: list[tuple[Path, Document, str]], model_ids: set[str],
                  case_ids: set[str]) -> list[Problem]:
    """Model ids equal file names and are unique; commentary names existing cases."""
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path, document, display in models:
        data = document.data
        model_id = data.get("id")
        if isinstance(model_id, str) and model_id != path.stem:
            problems.append(_at(document, display, ("id",),
                                f"id '{model_id}' must equal the file name '{path.stem}'"))
        if isinstance(model_id, str) and model_id in seen:
            problems.append(_at(document, display, ("id",),
                                f"id '{model_id}' is already used by {seen[model_id]}"))
        seen.setdefault(model_id, display)
        for path_key, case_id in _commentary_cases(data):
            if isinstance(case_id, str) and case_id not in case_ids:
                problems.append(_at(document, display, path_key,
                                    _missing("case study", case_id, case_ids)))
    return problems


def _commentary_cases(data: dict):
    parts = []
    for c_index, chapter in enumerate(_list(data.get("chapters"))):
        if isinstance(chapter, dict):
            for a_index, article in enumerate(_list(chapter.get("articles"))):
                parts.append((("chapters", c_index, "articles", a_index), article))
    for d_index, decision in enumerate(_list(data.get("decisions"))):
        parts.append((("decisions", d_index), decision))
    for o_index, option in enumerate(_list(data.get("options"))):
        if isinstance(option, dict):
            for index, case_id in enumerate(_list(option.get("cases"))):
                yield ("options", o_index, "cases", index), case_id
    for path, part in parts:
        commentary = part.get("commentary") if isinstance(part, dict) else None
        if isinstance(commentary, dict):
            for index, case_id in enumerate(_list(commentary.get("cases"))):
                yield path + ("commentary", "cases", index), case_id


def _at(document: Document, display: str, key_path: tuple, message: str,
        severity: str = "error") -> Problem:
    line, col = document.position(key_path)
    return Problem(display, line, col, dotted(key_path), message, severity)


def _folder_warning(document: Document, display: str, vocab: Vocabulary) -> list[Problem]:
    """A file belongs in case_studies/<province-slug>/; elsewhere it still works, with a warning."""
    location = document.data.get("location")
    province = location.get("provinsi") if isinstance(location, dict) else None
    parts = display.split("/")
    if province not in vocab.values("provinces") or len(parts) < 3 or parts[0] != CASES_DIR:
        return []
    folder = vocab.province(province).slug
    if parts[-2] == folder:
        return []
    return [_at(document, display, ("location", "provinsi"),
                f"file is in {'/'.join(parts[:-1])}/ but the province is {province}; "
                f"move it to {CASES_DIR}/{folder}/", "warning")]


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _missing(what: str, value: str, known: set[str]) -> str:
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"no {what} with id '{value}' exists{hint}"


def _model_ids(root: Path) -> set[str]:
    folder = root / REGULATIONS_DIR
    return {path.stem for path in yaml_files([folder])} if folder.is_dir() else set()


def _fingerprint(root: Path) -> tuple:
    files = yaml_files([p for p in (root / CASES_DIR, root / REGULATIONS_DIR) if p.is_dir()])
    return tuple(_stamp(path) for path in files)


def _stamp(path: Path) -> tuple:
    try:
        status = path.stat()
    except OSError as error:  # loading reports it at the file
        return str(path), error.errno
    return str(path), status.st_mtime_ns, status.st_size


def load_catalog(root: Path) -> Catalog:
    """Load the whole knowledge base under ``root``; raise InvalidData on any error."""
    root = Path(root).resolve()
    return _load_catalog(root, _fingerprint(root))


def load_models(root: Path) -> list[ModelRegulation]:
    """The model regulations of the knowledge base under ``root`` alone, in the catalog's
    order; raise InvalidData on any error in them."""
    root = Path(root).resolve()
    folder = root / REGULATIONS_DIR
    valid, problems = check([folder], root) if folder.is_dir() else ([], [])
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InvalidData(errors)
    return sorted((model_regulation(_display(path, root), _plain(doc.data)) for path, doc in valid),
                  key=lambda model: model.id)


@functools.lru_cache(maxsize=2)
def _load_catalog(root: Path, fingerprint: tuple) -> Catalog:
    folders = [root / name for name in (CASES_DIR, REGULATIONS_DIR) if (root / name).is_dir()]
    valid, problems = check(folders, root)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InvalidData(errors)
    cases, models = [], []
    for path, doc in valid:
        if _is_regulation(path, root):
            models.append(model_regulation(_display(path, root), _plain(doc.data)))
        else:
            cases.append(case_study(_display(path, root), _plain(doc.data)))
    return Catalog(cases=cases, models=models, vocab=load_vocabulary())
