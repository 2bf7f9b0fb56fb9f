"""The offline copy: the whole site built to open from the file system, as one zip.

It is a second build, by the engine that built the site: MkDocs or ProperDocs (a fork of
MkDocs 1.6 that runs the project's hooks unchanged) build the project with Material's
offline plugin on; an engine without hooks (Zensical) builds a folder written by
``lumbung export --offline``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from lumbung import routes

OFFLINE_ZIP_PATH = routes.OFFLINE_ZIP  # where the site offers the copy
# Engines that read mkdocs.yml, by the module `python -m` runs; only the first two run
# the project's hooks (on_files, ...), so Zensical builds an exported folder.
HOOK_ENGINES = ("mkdocs", "properdocs")
ENGINES = (*HOOK_ENGINES, "zensical")


class OfflineBuildError(RuntimeError):
    pass


def running_engine() -> str:
    """The MkDocs-compatible engine loaded in this process: ``properdocs`` when ProperDocs
    runs (it answers ``import mkdocs`` with itself), else ``mkdocs``."""
    engine = sys.modules.get("mkdocs")
    return "properdocs" if engine is not None and engine.__name__ == "properdocs" else "mkdocs"


def engine_build(engine: str, config_file: Path, site_dir: Path,
                 env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Build ``config_file`` into ``site_dir`` with ``engine`` (one of ENGINES), in a
    process of its own run by this Python; returns the finished process."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: one of {', '.join(ENGINES)}")
    env = dict(os.environ if env is None else env, NO_MKDOCS_2_WARNING="1")
    if engine in HOOK_ENGINES:
        command = [sys.executable, "-m", engine, "build", "--quiet", "-f", str(config_file),
                   "-d", str(site_dir)]
        return subprocess.run(command, capture_output=True, text=True, env=env, timeout=3600)
    # Zensical has no option for the site folder: it builds into the config's site_dir
    # (``lumbung export`` writes ``site``), which is moved to ``site_dir`` after.
    built = Path(config_file).parent / "site"
    shutil.rmtree(built, ignore_errors=True)
    result = subprocess.run([sys.executable, "-m", "zensical", "build", "--clean", "-f",
                             str(config_file)], capture_output=True, text=True, env=env,
                            timeout=3600)
    if result.returncode == 0:
        shutil.rmtree(site_dir, ignore_errors=True)
        Path(site_dir).parent.mkdir(parents=True, exist_ok=True)
        shutil.move(built, site_dir)
    return result


def build_offline_zip(config_file: Path, target: Path, engine: str | None = None) -> int:
    """Build the site again for the file system (pages as index.html files, no Pagefind
    index) into a temporary folder with ``engine`` (default: the one running here), and
    zip it to ``target``. Returns the zip's size."""
    engine = engine or running_engine()
    env = dict(os.environ, LUMBUNG_OFFLINE="true", LUMBUNG_OFFLINE_ZIP="false")
    with tempfile.TemporaryDirectory(prefix="lumbung-offline-") as folder:
        site = Path(folder) / "lumbung-praktik"
        config = Path(config_file)
        if engine not in HOOK_ENGINES:
            from lumbung.export import export_site

            config = export_site(config.parent, Path(folder) / "export", offline=True)
        result = engine_build(engine, config, site, env)
        if result.returncode != 0:
            raise OfflineBuildError(f"offline build with {engine} failed:\n{result.stdout}\n"
                                    f"{result.stderr}")
        return zip_site(site, target)


def copy_date(site: Path) -> tuple[int, int, int, int, int, int]:
    """The date every file of the copy carries: ``SOURCE_DATE_EPOCH`` when it is set (the
    reproducible-builds convention), else the newest case's ``updated`` date in the copy's
    open data, else the start of the ZIP era. Not the files' own times, which are those of
    the build: a copy of the same site is then the same zip, build after build."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        when = dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        return max(when.timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    try:
        cases = json.loads((site / routes.CASES_JSON).read_text("utf-8"))["cases"]
        newest = max(dt.date.fromisoformat(str(case["updated"])) for case in cases)
        return (newest.year, newest.month, newest.day, 0, 0, 0)
    except (OSError, ValueError, KeyError, TypeError):
        return (1980, 1, 1, 0, 0, 0)


def zip_site(site: Path, target: Path) -> int:
    """Zip the folder ``site`` (its name the top folder of the zip) to ``target``, every
    entry dated ``copy_date``; returns the zip's size."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".tmp")
    when = copy_date(site)
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in sorted(site.rglob("*")):
            if path.is_file():
                entry = zipfile.ZipInfo(path.relative_to(site.parent).as_posix(), when)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o644 << 16
                archive.writestr(entry, path.read_bytes(), compresslevel=6)
    shutil.move(partial, target)
    return target.stat().st_size
