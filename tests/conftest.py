"""Shared test helpers: building the site into a temporary folder, serving it, Chromium.

Test builds skip the offline copy (a second build of the whole site, then a zip): only
``published_site``, the site exactly as published, has it, for the tests of the offline copy
and of the home page's link to it. ``real_site`` is the same build without it.
The session's shared sites, and the search evaluation run on one, start in processes of
their own as soon as the session knows a collected test needs them, so they run while other
tests do; under pytest-xdist the workers share one run of each."""

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
import time
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
# The model downloads (most of a build's work) are made once and reused by every build with
# the same models and code (lumbung/cache.py); tests/test_cache.py checks the cache itself.
os.environ.setdefault("LUMBUNG_CACHE", str(ROOT / ".cache" / "lumbung"))


def copy_project(target: Path) -> Path:
    """A copy of the parts of the project a site build reads, to add cases to."""
    return synthetic.copy_project(ROOT, target)


def build_command(project: Path, site_dir: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
            "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)]


def build_env(**env: str | None) -> dict[str, str]:
    """The test's environment with ``env`` set (a variable given None is left out)."""
    merged = dict(os.environ, NO_MKDOCS_2_WARNING="1", **env)
    return {name: value for name, value in merged.items() if value is not None}


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


class SharedRun:
    """A slow command the session shares, run in a process of its own: the build of a shared
    site, or a command on a site built first (``after``), or one that starts when another
    this process started is over (``following``: the first site builds first).

    ``start`` begins it in the background (a thread waits for the site it needs, then for
    it); ``outcome`` waits for the end. The outcome is written beside the output, under a
    file lock, so the workers of pytest-xdist run it once between them."""

    def __init__(self, folder: Path, prepare: Callable[[Path, Path | None], tuple[list[str], str]],
                 env: dict[str, str | None], after: SharedRun | None = None,
                 following: SharedRun | None = None, timeout: int = BUILD_TIMEOUT):
        self.folder = folder
        self.prepare = prepare  # (folder, site built by `after`) -> (command, its result)
        self.env = env
        self.after = after
        self.following = following
        self.timeout = timeout
        self._outcome = folder / "outcome.json"
        self._process: subprocess.Popen | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        lock = open(self.folder / "run.lock", "w")  # closed when the run ends (_run)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # another worker runs it
            lock.close()
            return
        if self._outcome.exists():
            lock.close()
            return
        self._thread = threading.Thread(target=self._run, args=(lock,), daemon=True)
        self._thread.start()

    def _run(self, lock) -> None:
        try:
            outcome = {"returncode": None, "result": "", "problem": ""}
            site = None
            if self.following is not None and self.following._thread is not None:
                self.following._thread.join()
            if self.after is not None:
                before = self.after.outcome()
                site = Path(before["result"])
                outcome["problem"] = before["problem"] or build_problem(
                    before["returncode"], before["stdout"], before["stderr"])
            if not outcome["problem"]:
                command, outcome["result"] = self.prepare(self.folder, site)
                with open(self.folder / "stdout", "w") as out, \
                        open(self.folder / "stderr", "w") as err:
                    self._process = subprocess.Popen(command, stdout=out, stderr=err, cwd=ROOT,
                                                     env=build_env(**self.env))
                try:
                    outcome["returncode"] = self._process.wait(timeout=self.timeout)
                except subprocess.TimeoutExpired:
                    self._process.kill()
                    self._process.wait()
                    outcome["problem"] = f"{command} took more than {self.timeout} s"
            self._outcome.write_text(json.dumps(outcome))
        finally:
            lock.close()

    def outcome(self) -> dict:
        """{returncode, stdout, stderr, result, problem} of the finished run."""
        for _ in range(2):  # a second time if a worker running it died before the end
            self.start()
            if self._thread is not None:
                self._thread.join()
            else:
                with open(self.folder / "run.lock", "w") as lock:
                    fcntl.flock(lock, fcntl.LOCK_EX)  # until the worker running it is done
            if self._outcome.exists():
                outcome = json.loads(self._outcome.read_text())
                for name in ("stdout", "stderr"):
                    path = self.folder / name
                    outcome[name] = path.read_text("utf-8") if path.exists() else ""
                return outcome
        return {"returncode": None, "stdout": "", "stderr": "", "result": "",
                "problem": f"the run in {self.folder} never finished"}

    def stop(self, finish: bool) -> None:
        """Kill the run if it is still going, or let it ``finish`` (for another worker)."""
        if self._thread is not None and not finish:
            while self._thread.is_alive():  # a run waiting for its site starts after it
                if self._process is not None and self._process.poll() is None:
                    self._process.kill()
                self._thread.join(0.1)
        if self._thread is not None:
            self._thread.join()


def built_site(run: SharedRun) -> Path:
    """The site a shared build made; fails the test with the build's output if it failed."""
    outcome = run.outcome()
    problem = outcome["problem"] or build_problem(outcome["returncode"], outcome["stdout"],
                                                  outcome["stderr"])
    if problem:
        pytest.fail(problem)
    return Path(outcome["result"])


def _repository(folder: Path, _: None) -> tuple[list[str], str]:
    return build_command(ROOT, folder / "site"), str(folder / "site")


def _with_fixtures(folder: Path, _: None) -> tuple[list[str], str]:
    project = copy_project(folder / "project")
    target = project / "case_studies" / "fixtures"
    target.mkdir()
    for path in (FIXTURES / "valid").glob("*.yml"):
        shutil.copy2(path, target / path.name)
    return build_command(project, project / "site"), str(project / "site")


def _search_evaluation(folder: Path, site: Path) -> tuple[list[str], str]:
    return [sys.executable, "scripts/search_eval.py", "--site", str(site)], ""


# tests/test_bench.py: two small runs of the benchmark (fixed costs dominate either way).
BENCHMARKS = {
    "realistic": ["--cases", "20", "--repeat", "1"],
    "thin": ["--cases", "10", "--repeat", "2", "--kind", "thin", "--no-browser",
             "--no-offline"],
}


def _benchmark(args: list[str]) -> Callable[[Path, None], tuple[list[str], str]]:
    def prepare(folder: Path, _: None) -> tuple[list[str], str]:
        figures = folder / "bench.json"
        return [sys.executable, "scripts/bench.py", *args, "--json", str(figures)], str(figures)
    return prepare


# The fixtures that read shared runs, when it is not the run's own name.
RUNS_OF_FIXTURE = {"benchmarks": [f"benchmark_{kind}" for kind in BENCHMARKS]}


@pytest.fixture(scope="session")
def shared_runs(tmp_path_factory) -> dict[str, SharedRun]:
    """The shared sites by the name of their fixture, and the slow commands run on them."""
    base = tmp_path_factory.getbasetemp()
    workers = bool(os.environ.get("PYTEST_XDIST_WORKER"))
    if workers:
        base = base.parent  # the run's folder, above each worker's own
    runs = {
        "real_site": SharedRun(base / "real_site", _repository, {}),
        # As published: mkdocs.yml's own default, which makes the offline copy.
        "published_site": SharedRun(base / "published_site", _repository,
                                    {"LUMBUNG_OFFLINE_ZIP": None}),
        "fixture_site": SharedRun(base / "fixture_site", _with_fixtures, {}),
    }
    # tests/test_search.py: 166 queries in Chromium, mostly waiting for the browser.
    runs["search_evaluation"] = SharedRun(base / "search_evaluation", _search_evaluation, {},
                                          after=runs["real_site"], timeout=1200)
    for kind, args in BENCHMARKS.items():
        runs[f"benchmark_{kind}"] = SharedRun(base / f"benchmark_{kind}", _benchmark(args), {},
                                              following=runs["real_site"])
    yield runs
    for run in runs.values():
        run.stop(finish=workers)  # another worker may need what this one started


@pytest.fixture(scope="session", autouse=True)
def _start_shared_runs(request, shared_runs) -> None:
    """Start, at once, the shared builds and commands that collected tests use."""
    needed = set().union(*(item.fixturenames for item in request.session.items))
    needed |= {name for fixture, names in RUNS_OF_FIXTURE.items() if fixture in needed
               for name in names}
    for name, run in shared_runs.items():  # in their order: real_site first
        if name in needed:
            run.start()


# The search evaluation's table, written by tests/test_search.py and printed at the end of
# the session (a test's own output is only shown when it fails; under pytest-xdist the
# workers have no terminal).
SEARCH_SCORES = ROOT / ".cache" / "search-evaluation.txt"
# Screenshots and prints the browser tests leave for a person to look at (at 360 px...).
SCREENSHOTS = ROOT / ".cache" / "screenshots"
_SESSION_START = pytest.StashKey[float]()


def pytest_configure(config) -> None:
    config.stash[_SESSION_START] = time.time()


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if (SEARCH_SCORES.exists()
            and SEARCH_SCORES.stat().st_mtime >= config.stash[_SESSION_START]):
        terminalreporter.section("search evaluation (scripts/search-eval: printed, not asserted)")
        terminalreporter.write(SEARCH_SCORES.read_text(encoding="utf-8"))


def pytest_collection_modifyitems(items) -> None:
    """Tests that read a command run in the background go last: it runs meanwhile."""
    items.sort(key=lambda item: bool({"benchmarks", "search_evaluation"}
                                     & set(item.fixturenames)))


@pytest.fixture(scope="session")
def real_site(shared_runs) -> Path:
    """The repository's own site, built once with --strict, without the offline copy (and
    so without the home page's link to it)."""
    return built_site(shared_runs["real_site"])


@pytest.fixture(scope="session")
def published_site(shared_runs) -> Path:
    """The repository's site exactly as published: with the offline copy, built once with
    --strict."""
    return built_site(shared_runs["published_site"])


@pytest.fixture(scope="session")
def offline_copy(published_site, tmp_path_factory) -> Path:
    """The offline copy the published site offers (its zip), unpacked once: its folder."""
    import zipfile

    target = tmp_path_factory.mktemp("offline-copy")
    with zipfile.ZipFile(published_site / "unduh" / "lumbung-praktik-luring.zip") as archive:
        archive.extractall(target)
    return target / "lumbung-praktik"


@pytest.fixture(scope="session")
def fixture_site(shared_runs) -> Path:
    """The site with every valid fixture added to the repository's cases."""
    return built_site(shared_runs["fixture_site"])


@pytest.fixture(scope="session")
def benchmarks(shared_runs) -> dict[str, SharedRun]:
    """The benchmark's runs of BENCHMARKS by kind (``outcome()``: the finished run, its
    ``result`` the JSON file it wrote), started when the session begins."""
    return {kind: shared_runs[f"benchmark_{kind}"] for kind in BENCHMARKS}


@pytest.fixture(scope="session")
def search_evaluation(shared_runs) -> subprocess.CompletedProcess:
    """``scripts/search_eval.py`` run on ``real_site``, started as soon as that is built."""
    outcome = shared_runs["search_evaluation"].outcome()
    if outcome["problem"]:
        pytest.fail(outcome["problem"])
    return subprocess.CompletedProcess("scripts/search_eval.py", outcome["returncode"],
                                       outcome["stdout"], outcome["stderr"])


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
    """Debian's Chromium driven by Playwright (Playwright cannot download its own here), its
    contexts kept and cleaned between tests (tests/browsers.py)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/test as root, or apt-get install chromium")
    from browsers import Chromium
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = Chromium(playwright.chromium.launch(executable_path=CHROMIUM,
                                                      args=CHROMIUM_ARGS))
        yield browser
        browser.close()
