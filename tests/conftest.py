"""Shared test helpers: building the site into a temporary folder, serving it, Chromium.

Test builds skip the offline copy (a second build of the whole site, then a zip): only
``published_site``, the site exactly as published, has it, for the tests of the offline copy
and of the home page's link to it. ``real_site`` is the same build without it.
The session's shared sites start building in processes of their own as soon as the session
knows a collected test needs them, so they build while other tests run; under pytest-xdist
the workers share one build of each."""

from __future__ import annotations

import fcntl
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
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
BUILD_TIMEOUT = 900

# Every build a test starts, and every process it starts, skips the offline copy unless
# the test says otherwise: it doubles a build's time and only its own tests look at it.
os.environ["LUMBUNG_OFFLINE_ZIP"] = "false"


def copy_project(target: Path) -> Path:
    """A copy of the parts of the project a site build reads, to add cases to."""
    return synthetic.copy_project(ROOT, target)


def build_command(project: Path, site_dir: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
            "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)]


def build_env(**env: str) -> dict[str, str]:
    return dict(os.environ, NO_MKDOCS_2_WARNING="1", **env)


def build_problem(code: int, stdout: str, stderr: str) -> str:
    """Why a finished ``mkdocs build --strict`` failed the test, or "" when it did not."""
    if code != 0:
        return f"mkdocs build failed ({code}):\n{stdout}\n{stderr}"
    warnings = [line for line in stderr.splitlines() if line.startswith("WARNING")]
    return f"mkdocs build warned:\n{chr(10).join(warnings)}" if warnings else ""


def build_site(project: Path, site_dir: Path | None = None, **env: str) -> Path:
    """Run ``mkdocs build --strict`` on ``project`` (``env``: variables to set, e.g.
    ``LUMBUNG_OFFLINE_ZIP="true"``); fail the test with its output if it fails or warns."""
    site_dir = site_dir or project / "site"
    result = subprocess.run(build_command(project, site_dir), capture_output=True, text=True,
                            env=build_env(**env), timeout=BUILD_TIMEOUT)
    problem = build_problem(result.returncode, result.stdout, result.stderr)
    if problem:
        pytest.fail(problem)
    return site_dir


class SharedBuild:
    """A site the session shares, built by ``mkdocs build --strict`` in a process of its own.

    ``start`` begins the build in the background (a thread waits for it); ``site`` waits for
    it and returns the site, or fails the test with the build's output. The outcome is
    written beside the build, under a file lock, so pytest-xdist workers build it once."""

    def __init__(self, folder: Path, prepare: Callable[[Path], tuple[Path, Path]],
                 env: dict[str, str]):
        self.folder = folder
        self.prepare = prepare  # folder -> (project, site folder)
        self.env = env
        self.outcome = folder / "outcome.json"
        self._process: subprocess.Popen | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        lock = open(self.folder / "build.lock", "w")  # closed when the build ends (_finish)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # another worker is building it
            lock.close()
            return
        if self.outcome.exists():
            lock.close()
            return
        project, site = self.prepare(self.folder)
        with open(self.folder / "stdout", "w") as out, open(self.folder / "stderr", "w") as err:
            self._process = subprocess.Popen(build_command(project, site), stdout=out,
                                             stderr=err, env=build_env(**self.env))
        self._thread = threading.Thread(target=self._finish, args=(lock, site), daemon=True)
        self._thread.start()

    def _finish(self, lock, site: Path) -> None:
        try:
            try:
                code = self._process.wait(timeout=BUILD_TIMEOUT)
            except subprocess.TimeoutExpired:
                self._process.kill()
                code = self._process.wait()
            problem = build_problem(code, (self.folder / "stdout").read_text("utf-8"),
                                    (self.folder / "stderr").read_text("utf-8"))
            self.outcome.write_text(json.dumps({"site": str(site), "problem": problem}))
        finally:
            lock.close()

    def site(self) -> Path:
        for _ in range(2):  # a second time if a worker building it died before the end
            self.start()
            if self._thread is not None:
                self._thread.join()
            else:
                with open(self.folder / "build.lock", "w") as lock:
                    fcntl.flock(lock, fcntl.LOCK_EX)  # until the worker building it is done
            if self.outcome.exists():
                outcome = json.loads(self.outcome.read_text())
                if outcome["problem"]:
                    pytest.fail(outcome["problem"])
                return Path(outcome["site"])
        pytest.fail(f"the build in {self.folder} never finished")

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
        if self._thread is not None:
            self._thread.join()


def _repository(folder: Path) -> tuple[Path, Path]:
    return ROOT, folder / "site"


def _with_fixtures(folder: Path) -> tuple[Path, Path]:
    project = copy_project(folder / "project")
    target = project / "case_studies" / "fixtures"
    target.mkdir()
    for path in (FIXTURES / "valid").glob("*.yml"):
        shutil.copy2(path, target / path.name)
    return project, project / "site"


# The shared sites by the name of their fixture: what to build, and with what variables.
SHARED_SITES = {
    "real_site": (_repository, {}),
    "published_site": (_repository, {"LUMBUNG_OFFLINE_ZIP": "true"}),
    "fixture_site": (_with_fixtures, {}),
}


@pytest.fixture(scope="session")
def shared_builds(tmp_path_factory) -> dict[str, SharedBuild]:
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, above each worker's own
    builds = {name: SharedBuild(base / f"shared-{name}", prepare, env)
              for name, (prepare, env) in SHARED_SITES.items()}
    yield builds
    for build in builds.values():
        build.stop()


@pytest.fixture(scope="session", autouse=True)
def _start_shared_builds(request, shared_builds) -> None:
    """Start, at once, the builds of the shared sites that collected tests use."""
    needed = set().union(*(item.fixturenames for item in request.session.items))
    for name, build in shared_builds.items():
        if name in needed:
            build.start()


@pytest.fixture(scope="session")
def real_site(shared_builds) -> Path:
    """The repository's own site, built once with --strict, without the offline copy (and
    so without the home page's link to it)."""
    return shared_builds["real_site"].site()


@pytest.fixture(scope="session")
def published_site(shared_builds) -> Path:
    """The repository's site exactly as published: with the offline copy, built once with
    --strict."""
    return shared_builds["published_site"].site()


@pytest.fixture(scope="session")
def fixture_site(shared_builds) -> Path:
    """The site with every valid fixture added to the repository's cases."""
    return shared_builds["fixture_site"].site()


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
