"""Benchmark: the full site build with N synthetic cases against bare MkDocs + Material
building N equivalent Markdown pages, in the same run; then page weight and search
traffic measured in Chromium. Prints a table and writes JSON. Times nothing in tests.

    scripts/bench [--cases 10000] [--kind realistic|thin] [--repeat 3] [--json bench.json]
                  [--keep DIR] [--no-browser] [--no-offline]

``realistic`` cases are copies of the real ones with new ids (every key they use, about
5 KB each; lumbung.synthetic.realistic_case), ``thin`` ones about 1 KB with one
instrument and two short story fields. Bare MkDocs gets the same texts as Markdown,
without Material's search plugin (our search index is built by Pagefind in its own
process). ``lumbung validate`` on all the files is timed too.

The two builds run one after the other, ``--repeat`` times; the build times reported are
the medians, the ratio is the median of ours over the median of bare, and every run's
times are printed too: on a machine whose disk speed varies from minute to minute, a
single pair of builds can be off by 20% either way.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lumbung.catalog import text_in  # noqa: E402
from lumbung.offline import build_offline_zip  # noqa: E402
from lumbung.synthetic import (  # noqa: E402
    copy_project,
    real_cases,
    realistic_case,
    synthetic_case,
    write_synthetic_cases,
)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SEARCH_QUERY = "perlindungan pekerja migran"
TARGETS = {"ratio": 1.3, "peak_memory_mb": 1536, "search_kb": 300, "first_visit_gzip_kb": 150,
           "validate_seconds_per_10000": 10}

# Runs one command and reports its time, its CPU time (user + system, of it and every
# process it started and waited for: on a shared machine wall time varies with the load,
# CPU time much less) and its peak memory: the largest resident set size of any of them
# (mkdocs, and the Pagefind binary under it).
_MEASURE = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(time.perf_counter() - t, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, code)\n"
)


def measured_build(config: Path, site: Path) -> dict:
    # The offline copy is a second, separate build (timed on its own below): bare MkDocs
    # makes none, so the comparison is between the two site builds.
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", LUMBUNG_OFFLINE_ZIP="false")
    command = [sys.executable, "-c", _MEASURE, sys.executable, "-m", "mkdocs", "build",
               "--quiet", "--clean", "-f", str(config), "-d", str(site)]
    output = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    seconds, cpu, max_rss_kb, code = output.stdout.split()
    if code != "0":
        raise SystemExit(f"build of {config} failed:\n{output.stderr}")
    return {"seconds": float(seconds), "cpu_seconds": float(cpu),
            "peak_memory_mb": int(max_rss_kb) / 1024}


def equivalent_markdown(case: dict) -> str:
    """Every text a case page shows, as a plain Markdown page for bare MkDocs."""
    def text(value) -> str:
        return text_in(value) or "" if value is not None else ""

    loc = case["location"]
    lines = [f"# {text(case['title'])}", "", text(case["summary"]), "",
             ", ".join(str(loc[key]) for key in ("desa", "kecamatan", "kabupaten", "provinsi",
                                                 "kode_wilayah") if key in loc), "",
             "## Sekilas", "", f"- Status: {case['status']}",
             f"- Sejak: {case['period']['start']}",
             f"- Pasal 42: {', '.join(case['duties'])}",
             f"- Topik: {', '.join(case.get('topics', []))}",
             f"- Program: {', '.join(case.get('programs', []))}", ""]
    for key, value in case["story"].items():
        lines += [f"## {key}", "", text(value), ""]
    lines += ["## Instrumen", ""]
    lines += [f"- {i['title']} ({i['type']}, {i['status']}, {i.get('number')}, "
              f"{i.get('year')}) {text(i.get('notes'))}" for i in case.get("instruments", [])]
    lines += ["", "## Anggaran", "", "| tahun | kode | kegiatan | Rp | catatan |",
              "|---|---|---|---|---|"]
    lines += [f"| {b.get('year')} | {b.get('sub_bidang')} | {b['activity']} | "
              f"{b.get('amount_idr')} | {text(b.get('notes'))} |" for b in case.get("budget", [])]
    lines += ["", "## Pelaku", ""]
    lines += [f"- {a['name']} ({a['type']}) {text(a.get('role'))}" for a in case.get("actors", [])]
    lines += ["", "## Sumber", ""]
    lines += [f"1. [{s['title']}]({s.get('url', '#')}). {s['publisher']}. {s.get('notes', '')}"
              for s in case["sources"]]
    return "\n".join(lines) + "\n"


def make_projects(work: Path, cases: int, kind: str) -> tuple[Path, Path]:
    ours = copy_project(ROOT, work / "ours")
    write_synthetic_cases(ours / "case_studies", cases, kind=kind)
    templates = real_cases() if kind == "realistic" else []

    bare = work / "bare"
    (bare / "docs" / "kasus").mkdir(parents=True)
    (bare / "docs" / "index.md").write_text("# Bare\n", "utf-8")
    for number in range(cases):
        case = synthetic_case(number) if kind == "thin" else realistic_case(number, templates)
        (bare / "docs" / "kasus" / f"{case['id']}.md").write_text(equivalent_markdown(case),
                                                                   "utf-8")
    # Without Material's search plugin: ours indexes with Pagefind in its own process.
    config = {"site_name": "Bare", "theme": {"name": "material", "language": "id"},
              "nav": ["index.md"], "not_in_nav": "/kasus/", "plugins": []}
    (bare / "mkdocs.yml").write_text(yaml.safe_dump(config), "utf-8")
    return ours, bare


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def served_browser(site: Path):
    """(base URL of ``site`` served on loopback, Debian's Chromium) for the block's time."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield f"http://127.0.0.1:{server.server_address[1]}/", browser
            browser.close()
    finally:
        server.shutdown()


def browser_figures(site: Path, case_id: str) -> dict:
    with served_browser(site) as (base, browser):
        visit = _record(browser, f"{base}kasus/{case_id}/")
        search = _record(browser, f"{base}cari/?q={SEARCH_QUERY.replace(' ', '+')}",
                         wait="() => document.querySelectorAll('#lp-results li').length > 0")
    own_host = urlparse(base).netloc
    # What the search itself fetches: Pagefind's files (every part of the index), the
    # search page's own data (the words, the filters) and its scripts; the text files as a
    # host serves them, gzip-compressed (Pagefind's own files are compressed already).
    search_bytes = {url: gz if urlparse(url).path.endswith((".js", ".json")) else size
                    for url, (size, gz) in search["responses"].items()
                    if "/pagefind" in urlparse(url).path
                    or re.search(r"/cari/[^/]+\.json$", urlparse(url).path)
                    or urlparse(url).path.endswith(("/search.js", "/search-preload.js",
                                                    "/orama-stemmers/id.js"))}
    return {
        "first_visit_requests": len(visit["responses"]),
        "first_visit_bytes": sum(size for size, _ in visit["responses"].values()),
        "first_visit_gzip_bytes": sum(gz for _, gz in visit["responses"].values()),
        "foreign_hosts": sorted({urlparse(url).netloc for url in
                                 list(visit["responses"]) + list(search["responses"])
                                 if urlparse(url).netloc != own_host}),
        "search_requests": len(search_bytes),
        "search_bytes": sum(search_bytes.values()),
        "search_results": search["results"],
    }


def _record(browser, url: str, wait: str | None = None) -> dict:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    responses: dict[str, tuple[int, int]] = {}

    def on_response(response) -> None:
        try:
            body = response.body()
        except Exception:  # redirects and failed requests have no body
            body = b""
        responses[response.url] = (len(body), len(gzip.compress(body, 6)))

    page.on("response", on_response)
    page.goto(url)
    if wait:
        page.wait_for_function(wait, timeout=120_000)
    page.wait_for_load_state("networkidle")
    results = page.locator("#lp-results li").count() if wait else None
    context.close()
    return {"responses": responses, "results": results}


def measured_validation(project: Path) -> dict:
    """`lumbung validate` on every case and model file of ``project``: seconds, peak."""
    command = [sys.executable, "-c", _MEASURE, sys.executable, "-m", "lumbung.cli", "validate"]
    output = subprocess.run(command, capture_output=True, text=True, cwd=project, check=True)
    seconds, cpu, max_rss_kb, code = output.stdout.split()
    if code != "0":
        raise SystemExit(f"validation of {project} failed:\n{output.stderr}")
    return {"seconds": float(seconds), "cpu_seconds": float(cpu),
            "peak_memory_mb": int(max_rss_kb) / 1024}


def run(cases: int, keep: Path | None, repeat: int = 3, kind: str = "realistic",
        browser: bool = True, offline: bool = True) -> dict:
    work = Path(tempfile.mkdtemp(prefix="lumbung-bench-"))
    try:
        started = time.perf_counter()
        ours, bare = make_projects(work, cases, kind)
        setup = time.perf_counter() - started
        files = len(list((ours / "case_studies").rglob("*.yml")))
        validation = measured_validation(ours)
        bare_runs, our_runs = [], []
        for _ in range(repeat):  # alternating, each into an empty folder
            for folder in ("bare-site", "site"):
                shutil.rmtree(work / folder, ignore_errors=True)
            bare_runs.append(measured_build(bare / "mkdocs.yml", work / "bare-site"))
            our_runs.append(measured_build(ours / "mkdocs.yml", work / "site"))
        bare_build = {"seconds": statistics.median(r["seconds"] for r in bare_runs),
                      "peak_memory_mb": max(r["peak_memory_mb"] for r in bare_runs)}
        our_build = {"seconds": statistics.median(r["seconds"] for r in our_runs),
                     "peak_memory_mb": max(r["peak_memory_mb"] for r in our_runs)}
        site = work / "site"
        case_id = (synthetic_case(0) if kind == "thin" else realistic_case(0, [{
            "id": "", "title": "", "location": {"desa": ""}}]))["id"]
        page = site / "kasus" / case_id / "index.html"
        figures = {
            "cases": cases,
            "kind": kind,
            # The test suite's small runs read the model downloads from its cache
            # (LUMBUNG_CACHE): their build figures leave that work out. Unset otherwise.
            "download_cache": bool(os.environ.get("LUMBUNG_CACHE")),
            "case_file_bytes": round(sum(p.stat().st_size for p in
                                         (ours / "case_studies").rglob("*.yml")) / files),
            "validate_files": files,
            "validate_seconds": round(validation["seconds"], 2),
            "validate_cpu_seconds": round(validation["cpu_seconds"], 2),
            "validate_peak_memory_mb": round(validation["peak_memory_mb"], 1),
            "setup_seconds": round(setup, 1),
            "bare_seconds": round(bare_build["seconds"], 2),
            "build_seconds": round(our_build["seconds"], 2),
            "ratio": round(our_build["seconds"] / bare_build["seconds"], 3),
            "runs": [{"bare_seconds": round(b["seconds"], 2),
                      "build_seconds": round(o["seconds"], 2),
                      "ratio": round(o["seconds"] / b["seconds"], 3),
                      "bare_cpu_seconds": round(b["cpu_seconds"], 2),
                      "build_cpu_seconds": round(o["cpu_seconds"], 2)}
                     for b, o in zip(bare_runs, our_runs, strict=True)],
            "bare_cpu_seconds": round(statistics.median(r["cpu_seconds"] for r in bare_runs), 2),
            "build_cpu_seconds": round(statistics.median(r["cpu_seconds"] for r in our_runs), 2),
            "bare_peak_memory_mb": round(bare_build["peak_memory_mb"], 1),
            "peak_memory_mb": round(our_build["peak_memory_mb"], 1),
            "ms_per_case": round(1000 * our_build["seconds"] / cases, 2),
            "case_page_bytes": page.stat().st_size,
            "case_page_gzip_bytes": len(gzip.compress(page.read_bytes(), 6)),
            "site_bytes": folder_size(site),
            "bare_site_bytes": folder_size(work / "bare-site"),
        }
        if offline:
            started = time.perf_counter()
            offline_bytes = build_offline_zip(ours / "mkdocs.yml", work / "offline.zip")
            figures["offline_zip_seconds"] = round(time.perf_counter() - started, 1)
            figures["offline_zip_bytes"] = offline_bytes
        if browser:
            figures.update(browser_figures(site, case_id))
        figures["targets"] = {
            # The ratio target is for 2,000 cases and more; below, fixed costs dominate.
            "ratio": figures["ratio"] <= TARGETS["ratio"] if cases >= 2_000 else None,
            "peak_memory": figures["peak_memory_mb"] <= TARGETS["peak_memory_mb"],
            # The validation target is for 10,000 files; below, the start-up (imports, the
            # compiled schema, the worker processes: about a second) weighs too much to
            # scale the time up.
            "validate": figures["validate_seconds"] * 10_000 / files
            <= TARGETS["validate_seconds_per_10000"] if files >= 10_000 else None,
            **({"search_bytes": figures["search_bytes"] <= TARGETS["search_kb"] * 1024,
                "first_visit": figures["first_visit_gzip_bytes"]
                <= TARGETS["first_visit_gzip_kb"] * 1024,
                "own_host_only": not figures["foreign_hosts"]} if browser else {}),
        }
        if keep:
            shutil.copytree(work, keep, dirs_exist_ok=True)
        return figures
    finally:
        shutil.rmtree(work, ignore_errors=True)


def table(f: dict) -> str:
    kb = lambda n: f"{n / 1024:,.1f} KB"  # noqa: E731
    ok = lambda flag: "ok" if flag else "MISSED"  # noqa: E731
    t = f["targets"]
    rows = [
        ("cases", f"{f['cases']:,} {f['kind']} (a file: {kb(f['case_file_bytes'])} on average)",
         ""),
        ("full build (median)", f"{f['build_seconds']:.1f} s",
         "(model downloads read from LUMBUNG_CACHE, not made)" if f["download_cache"] else ""),
        ("bare MkDocs + Material (median)", f"{f['bare_seconds']:.1f} s", ""),
        ("ratio of the medians", f"{f['ratio']:.2f}",
         f"<= {TARGETS['ratio']} {ok(t['ratio'])}" if t["ratio"] is not None
         else f"(target <= {TARGETS['ratio']} is for 2,000 cases and more)"),
        ("CPU time, ours / bare (medians)", f"{f['build_cpu_seconds']:.1f} s / "
         f"{f['bare_cpu_seconds']:.1f} s = {f['build_cpu_seconds'] / f['bare_cpu_seconds']:.2f}",
         "(user + system, all processes)"),
        ("each run: ours / bare = ratio", "; ".join(
            f"{r['build_seconds']:.1f} / {r['bare_seconds']:.1f} = {r['ratio']:.2f}"
            for r in f["runs"]), ""),
        ("peak memory (full build)", f"{f['peak_memory_mb']:,.0f} MB",
         f"<= {TARGETS['peak_memory_mb']} MB {ok(t['peak_memory'])}"),
        ("peak memory (bare)", f"{f['bare_peak_memory_mb']:,.0f} MB", ""),
        ("per case", f"{f['ms_per_case']:.2f} ms", ""),
        ("one case page (HTML)", f"{kb(f['case_page_bytes'])} ({kb(f['case_page_gzip_bytes'])}"
         " gzip)", ""),
        ("site size", kb(f["site_bytes"]), ""),
        ("bare site size", kb(f["bare_site_bytes"]), ""),
        ("lumbung validate, all files", f"{f['validate_seconds']:.1f} s "
         f"({f['validate_cpu_seconds']:.1f} s CPU) for {f['validate_files']:,} files, "
         f"peak {f['validate_peak_memory_mb']:,.0f} MB",
         f"<= {TARGETS['validate_seconds_per_10000']} s per 10,000 {ok(t['validate'])}"
         if t["validate"] is not None else "(judged at 10,000 files)"),
    ]
    if "search_bytes" in f:
        rows += [
            ("first search fetches",
             f"{kb(f['search_bytes'])} gzip in {f['search_requests']} requests",
             f"<= {TARGETS['search_kb']} KB {ok(t['search_bytes'])}"),
            ("first visit to a case page", f"{kb(f['first_visit_gzip_bytes'])} gzip "
             f"({kb(f['first_visit_bytes'])} raw, {f['first_visit_requests']} requests)",
             f"<= {TARGETS['first_visit_gzip_kb']} KB {ok(t['first_visit'])}"),
            ("other hosts contacted", ", ".join(f["foreign_hosts"]) or "none",
             ok(t["own_host_only"])),
        ]
    if "offline_zip_seconds" in f:
        rows.append(("offline copy (separate build + zip)",
                     f"{f['offline_zip_seconds']:.1f} s, {f['offline_zip_bytes'] / 1e6:,.1f} MB",
                     ""))
    width = max(len(r[0]) for r in rows)
    value_width = max(len(r[1]) for r in rows)
    return "\n".join(f"{name:<{width}}  {value:<{value_width}}  {target}".rstrip()
                     for name, value, target in rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3,
                        help="how many times each build runs (median reported)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--keep", type=Path, help="copy the generated projects and sites here")
    parser.add_argument("--kind", choices=("realistic", "thin"), default="realistic",
                        help="cases derived from the real ones (default) or thin ones")
    parser.add_argument("--no-browser", action="store_true",
                        help="skip the page weight and search measured in Chromium")
    parser.add_argument("--no-offline", action="store_true", help="skip the offline copy")
    args = parser.parse_args()
    figures = run(args.cases, args.keep, max(1, args.repeat), args.kind,
                  browser=not args.no_browser, offline=not args.no_offline)
    print(table(figures))
    print(json.dumps(figures, indent=1))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
