"""Rendering many generated pages on every core.

Each case page's view and HTML take about half a millisecond; at 10,000 cases that is
seconds on one core while the others wait. Worker processes started by ``fork`` inherit
the pages (and the catalog behind them) without copying, render a share each, and hand
back the HTML. Where ``fork`` is missing, or there are few pages, the pages are rendered
here, one by one; the result is the same either way (tests/test_parallel.py).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from lumbung.render.site import GeneratedFile, GeneratedPage

PARALLEL_MIN = 500  # fewer pages than this are rendered in this process
MAX_WORKERS = 8  # each worker's copy of the pages grows as it renders
_CHUNK = 100

# What the workers render, set just before they are forked (never pickled).
_job: tuple[Sequence[GeneratedPage], Callable[[GeneratedPage, str], None] | None] | None = None


def available_workers() -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return min(cores, MAX_WORKERS)


def render_pages(pages: Sequence[GeneratedPage],
                 rendered: Callable[[GeneratedPage, str], None] | None = None,
                 workers: int | None = None, minimum: int = PARALLEL_MIN) -> None:
    """Render the HTML of ``pages`` (each keeps its own) and call ``rendered(page, html)``
    for each, in a worker process when there are workers. ``rendered`` must only write
    files: what it changes in a worker's memory is lost."""
    global _job
    workers = available_workers() if workers is None else workers
    if (workers < 2 or len(pages) < minimum
            or "fork" not in multiprocessing.get_all_start_methods()):
        for page in pages:
            if rendered is not None:
                rendered(page, page.html)
        return
    _job = (pages, rendered)
    try:
        chunks = [(start, min(start + _CHUNK, len(pages)))
                  for start in range(0, len(pages), _CHUNK)]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = pool.imap(_render_chunk, chunks)
            for (start, _), done in zip(chunks, results, strict=True):
                for page, (compressed, heading) in zip(pages[start:start + len(done)], done,
                                                       strict=True):
                    page.rendered, page.heading = compressed, heading  # what render() keeps
    finally:
        _job = None


def _render_chunk(bounds: tuple[int, int]) -> list[tuple[bytes, bool]]:
    assert _job is not None
    pages, rendered = _job
    done = []
    for page in pages[bounds[0]:bounds[1]]:
        html = page.render()
        done.append((page.rendered, page.heading))
        page.release()  # the parent keeps the copy it is sent
        if rendered is not None:
            rendered(page, html)
    return done


class BackgroundFiles:
    """Files written into the site by one forked process while the build goes on, where
    ``fork`` is available and this process runs no other thread: ``make()`` gives the
    files (each a site path and its text or bytes), and runs in that process on what it
    inherits. ``finish`` waits for it (and says if it failed); ``cancel`` stops it.
    Otherwise the files are made and written here and now."""

    FAILED = 3  # the process's exit code when make() or writing raised

    def __init__(self, make: Callable[[], Iterable[GeneratedFile]], site_dir) -> None:
        self.site_dir = Path(site_dir)
        self.process = None
        if ("fork" not in multiprocessing.get_all_start_methods()
                or threading.active_count() > 1):  # forking a threaded process is unsafe
            self._write(make)
            return
        self.process = multiprocessing.get_context("fork").Process(target=self._run,
                                                                   args=(make,))
        self.process.start()

    def _run(self, make) -> None:
        try:
            self._write(make)
        except BaseException:  # noqa: BLE001 (reported by finish; the traceback is printed)
            import traceback
            traceback.print_exc()
            os._exit(self.FAILED)

    def _write(self, make) -> None:
        for item in make():
            target = self.site_dir / item.path
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(item.content, str):
                target.write_text(item.content, encoding="utf-8")
            else:
                target.write_bytes(item.content)

    def finish(self) -> None:
        if self.process is None:
            return
        self.process.join()
        if self.process.exitcode != 0:
            raise RuntimeError(f"writing the files the pages fetch failed (exit code "
                               f"{self.process.exitcode}; a bug)")

    def cancel(self) -> None:
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
        if self.process is not None:
            self.process.join()
