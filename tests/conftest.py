"""Shared test helpers: building the site into a temporary folder, serving it, Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from lumbung import synthetic

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def copy_project(target: Path) -> Path:
    """A copy of the parts of the project a site build reads, to add cases to."""
    return synthetic.copy_project(ROOT, target)


def build_site(project: Path, site_dir: Path | None = None) -> Path:
    """Run ``mkdocs build --strict`` on ``project``; fail the test with its output if it fails."""
    site_dir = site_dir or project / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
         "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)],
        capture_output=True, text=True, env=env, timeout=900,
    )
    if result.returncode != 0:
        pytest.fail(f"mkdocs build failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert not warnings, warnings
    return site_dir


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The repository's own site, built once with --strict."""
    return build_site(ROOT, tmp_path_factory.mktemp("real") / "site")


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    """The site with every valid fixture added to the repository's cases."""
    project = copy_project(tmp_path_factory.mktemp("fixture-project"))
    target = project / "case_studies" / "fixtures"
    target.mkdir()
    for path in (FIXTURES / "valid").glob("*.yml"):
        shutil.copy2(path, target / path.name)
    return build_site(project)


def links(html: str, page_url: str) -> set[str]:
    """Every href of a page, resolved to a site-relative path (``kasus/x/``)."""
    from urllib.parse import urljoin

    base = "http://site/" + page_url
    return {urljoin(base, href).removeprefix("http://site/")
            for href in re.findall(r'href="([^"]*)"', html)}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(directory: Path):
    """Serve ``directory`` on 127.0.0.1 (a free port); returns (base_url, server)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@pytest.fixture(scope="session")
def real_site_url(real_site):
    url, server = serve(real_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def fixture_site_url(fixture_site):
    url, server = serve(fixture_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright (Playwright cannot download its own here)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/test as root, or apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
