"""Engines other than MkDocs (issue 18): ProperDocs runs the hooks and builds the same
pages; `lumbung export` writes the generated site as files, which MkDocs builds into the
same pages and Zensical (which runs no hooks) into every case and model page; Pagefind's
index and the offline copy are steps after any engine's build, and the offline copy is
built by the engine that runs. One build per engine, none with the offline copy."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from lumbung.catalog import load_catalog
from lumbung.export import MANIFEST_FILE, page_body, page_markdown
from lumbung.render.site import generated_pages

ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", LUMBUNG_OFFLINE_ZIP="false")
ENV.pop("LUMBUNG_OFFLINE", None)
PAGEFIND_HASH = re.compile(r"pagefind\.id_[0-9a-f]+\.pf_meta|id_[0-9a-f]{7,}")
GENERATOR = re.compile(r'<meta name="generator" content="[^"]*">')


def run(*command: str, cwd: Path = ROOT, timeout: int = 900) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, *command], cwd=cwd, env=ENV, capture_output=True,
                            text=True, timeout=timeout)
    if result.returncode != 0:
        pytest.fail(f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}\n"
                    f"{result.stderr}")
    return result


def build(engine: str, config: Path, site: Path) -> Path:
    result = run("-m", engine, "build", "--strict", "--clean", "-f", str(config), "-d", str(site))
    assert not [line for line in result.stderr.splitlines() if "WARNING" in line], result.stderr
    return site


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(ROOT)


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """The builds of this file, two at a time (each is mostly one process): the project by
    ProperDocs, and its export by MkDocs and by Zensical. MkDocs' build of the project is
    the session's real_site."""
    base = tmp_path_factory.mktemp("engines")
    export = base / "export"
    with ThreadPoolExecutor(2) as pool:
        built = {"properdocs": pool.submit(build, "properdocs", ROOT / "mkdocs.yml",
                                           base / "properdocs")}
        pool.submit(run, "-m", "lumbung.cli", "export", str(export)).result()
        built["export"] = pool.submit(build, "mkdocs", export / "mkdocs.yml",
                                      base / "from-export")
        built["zensical"] = pool.submit(run, "-m", "zensical", "build", "--clean", "-f",
                                        str(export / "mkdocs.yml"), cwd=export)
        sites = {name: future.result() for name, future in built.items()}
    sites["zensical"] = export / "site"
    sites["exported"] = export
    return sites


@pytest.fixture(scope="module")
def mkdocs_site(real_site) -> Path:
    """The project built by MkDocs with the hooks, without the offline copy (conftest)."""
    return real_site


@pytest.fixture(scope="module")
def properdocs_site(sites) -> Path:
    return sites["properdocs"]


@pytest.fixture(scope="module")
def exported(sites) -> Path:
    return sites["exported"]


@pytest.fixture(scope="module")
def zensical_site(sites) -> Path:
    return sites["zensical"]


def files(site: Path) -> list[str]:
    return sorted(PAGEFIND_HASH.sub("HASH", p.relative_to(site).as_posix())
                  for p in site.rglob("*") if p.is_file())


def html_pages(site: Path) -> list[Path]:
    return sorted(p.relative_to(site) for p in site.rglob("*.html"))


def test_properdocs_builds_the_pages_mkdocs_builds(mkdocs_site, properdocs_site):
    assert files(properdocs_site) == files(mkdocs_site)
    pages = html_pages(mkdocs_site)
    assert len(pages) > 50
    for path in pages:
        ours = (mkdocs_site / path).read_text("utf-8")
        theirs = (properdocs_site / path).read_text("utf-8")
        assert 'content="mkdocs-1.6.1, ' in ours and 'content="mkdocs-ProperDocs ' in theirs, path
        assert (PAGEFIND_HASH.sub("HASH", GENERATOR.sub("", theirs))
                == PAGEFIND_HASH.sub("HASH", GENERATOR.sub("", ours))), path


OFFLINE_COMMAND = """
import importlib.util, subprocess, sys, types
from pathlib import Path
if sys.argv[1] == "properdocs":
    import properdocs.replacement  # as its command does: `import mkdocs` is ProperDocs now
import lumbung.offline as offline

commands = []
def run(command, **kwargs):
    commands.append(command)
    return subprocess.CompletedProcess(command, 1, "", "stopped by the test")
offline.subprocess.run = run
spec = importlib.util.spec_from_file_location("pages", "hooks/pages.py")
pages = importlib.util.module_from_spec(spec)
spec.loader.exec_module(pages)
config = types.SimpleNamespace(extra={"offline_zip": True}, use_directory_urls=True,
                               config_file_path="mkdocs.yml", site_dir=sys.argv[2])
try:
    pages.on_post_build(config)
except Exception as error:
    assert "stopped by the test" in str(error), error
print(commands[0][1:3])
"""


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_the_offline_copy_is_built_by_the_engine_that_runs(engine, tmp_path):
    """The hook's last step starts the offline build with the engine that loaded it."""
    result = run("-c", OFFLINE_COMMAND, engine, str(tmp_path))
    assert result.stdout.strip() == str(["-m", engine])


def test_exported_pages_keep_the_core_html_and_options(catalog):
    pages = generated_pages(catalog, None)
    for page in [p for p in pages if p.searchable][:2] + [p for p in pages
                                                           if not p.searchable][:2]:
        markdown = page_markdown(page)
        assert page_body(markdown) == page.html
        front = re.match(r"---\n(.*?\n)---\n", markdown, re.DOTALL)
        assert yaml.safe_load(front.group(1)) == {
            "title": page.title, **page.meta,
            **({"description": page.description} if page.description else {}),
            "search": {"exclude": True}}


def test_mkdocs_builds_the_exported_folder_into_the_same_pages(sites, exported, mkdocs_site):
    """The export holds what the hook adds in memory: MkDocs builds it into the same pages
    (Markdown only breaks lines between the HTML blocks of a generated page), and
    `lumbung index` after it makes the search index the hooked build makes."""
    config = yaml.safe_load((exported / "mkdocs.yml").read_text("utf-8"))
    assert "hooks" not in config and "search_tag" not in config["extra"]
    site = sites["export"]
    run("-m", "lumbung.cli", "index", str(site), "--export", str(exported))
    assert files(site) == files(mkdocs_site)
    for path in html_pages(mkdocs_site):
        hooked, built = ((s / path).read_text("utf-8") for s in (mkdocs_site, site))
        assert squeezed(built) == squeezed(hooked), path
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    searchable = json.loads((exported / MANIFEST_FILE).read_text("utf-8"))["searchable"]
    assert entry["languages"]["id"]["page_count"] == len(searchable)


def squeezed(html: str) -> str:
    return PAGEFIND_HASH.sub("HASH", re.sub(r">\s+<", "><", html))


def test_zensical_builds_every_case_and_model_page_of_the_export(zensical_site, catalog):
    assert catalog.cases and catalog.models
    for kind, records in (("kasus", catalog.cases), ("perdes", catalog.models)):
        built = {p.parent.name for p in (zensical_site / kind).glob("*/index.html")
                 if not p.parent.name.startswith("hal-")}
        assert built == {record.id for record in records}, kind
    case = catalog.cases[0]
    html = (zensical_site / "kasus" / case.id / "index.html").read_text("utf-8")
    assert "<h1" in html and "lp-" in html  # the core's page, inside the theme's
    assert (zensical_site / "data" / "kasus.json").is_file()
    assert "{{" not in (zensical_site / "index.html").read_text("utf-8")  # macros ran
    # Zensical's own search (always on) leaves out the generated pages, Pagefind's to index:
    # at 10,000 cases the budget page or a model's list of cases is over its field limit.
    searched = {item["location"].split("#")[0] for item in
                json.loads((zensical_site / "search.json").read_text("utf-8"))["items"]}
    assert "tentang/" in searched
    assert not searched & {page.url for page in generated_pages(catalog, None)}


def test_export_refuses_to_write_into_the_project(tmp_path):
    result = subprocess.run([sys.executable, "-m", "lumbung.cli", "export", "docs/x"],
                            cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "folder of its own" in result.stderr
    assert not (ROOT / "docs" / "x").exists()


def test_the_offline_zip_is_the_same_from_build_to_build(tmp_path, monkeypatch):
    # Every entry carries the newest case's date (or SOURCE_DATE_EPOCH), not the time the
    # files were written: the same copy zips to the same bytes.
    from lumbung.offline import zip_site

    site = tmp_path / "lumbung-praktik"
    (site / "data").mkdir(parents=True)
    (site / "data" / "kasus.json").write_text(json.dumps(
        {"cases": [{"updated": "2026-11-02"}, {"updated": "2026-11-29"}]}), encoding="utf-8")
    (site / "index.html").write_text("<p>Lumbung</p>", encoding="utf-8")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    zip_site(site, tmp_path / "one.zip")
    os.utime(site / "index.html", (0, 1_000_000_000))  # the file written at another time
    zip_site(site, tmp_path / "two.zip")
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "one.zip") as archive:
        assert {e.date_time for e in archive.infolist()} == {(2026, 11, 29, 0, 0, 0)}
        assert archive.read("lumbung-praktik/index.html") == b"<p>Lumbung</p>"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 00:00 UTC
    zip_site(site, tmp_path / "three.zip")
    with zipfile.ZipFile(tmp_path / "three.zip") as archive:
        assert {e.date_time for e in archive.infolist()} == {(2026, 1, 1, 0, 0, 0)}
