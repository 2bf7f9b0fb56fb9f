"""The benchmark script works and its figures are sane: they agree with each other, with
what they are computed from and with the printed table (small runs; nothing is timed here,
no figure is compared with a target)."""

from __future__ import annotations

import json
import os
import statistics
from pathlib import Path

import pytest

from conftest import BENCHMARKS, ROOT

FIGURES = ("cases", "kind", "download_cache", "case_file_bytes", "validate_seconds",
           "validate_files", "validate_peak_memory_mb", "build_seconds", "bare_seconds",
           "ratio", "peak_memory_mb", "bare_peak_memory_mb", "ms_per_case", "case_page_bytes",
           "case_page_gzip_bytes", "site_bytes", "bare_site_bytes", "search_bytes",
           "search_requests", "first_visit_bytes", "first_visit_gzip_bytes",
           "first_visit_requests", "foreign_hosts", "targets", "offline_zip_seconds",
           "offline_zip_bytes")
ROWS = ("full build", "bare MkDocs + Material", "ratio", "each run", "peak memory (full build)",
        "per case", "one case page (HTML)", "site size", "lumbung validate, all files",
        "first search fetches",
        "first visit to a case page", "other hosts contacted", "offline copy")
REAL_CASES = [path.stat().st_size for path in (ROOT / "case_studies").rglob("*.yml")]


def finished(benchmarks, kind: str) -> tuple[dict, str]:
    """(the figures written with --json, the table printed) of the run of BENCHMARKS[kind]
    (conftest.py: started when the session begins, these tests run last)."""
    outcome = benchmarks[kind].outcome()
    assert not outcome["problem"] and outcome["returncode"] == 0, (
        outcome["problem"], outcome["stderr"])
    figures = json.loads(Path(outcome["result"]).read_text())
    table, printed = outcome["stdout"].split("\n{", 1)
    assert json.loads("{" + printed) == figures  # the JSON printed is the JSON written
    return figures, table


def option(kind: str, name: str) -> int:
    """A number the run of BENCHMARKS[kind] was given (--cases, --repeat)."""
    args = BENCHMARKS[kind]
    return int(args[args.index(name) + 1])


def row(table: str, name: str) -> str:
    lines = [line for line in table.splitlines() if line.startswith(name)]
    assert len(lines) == 1, (name, table)
    return lines[0]


def synthetic_file_bytes(f: dict) -> float:
    """The average size of the generated files (the printed average counts the real ones)."""
    return (f["case_file_bytes"] * f["validate_files"] - sum(REAL_CASES)) / f["cases"]


def check_builds(f: dict, table: str, repeat: int) -> None:
    """The build figures agree with each other and with the table, whatever the times."""
    runs = f["runs"]
    assert len(runs) == repeat
    for run in runs:
        assert run["build_seconds"] > 0 and run["bare_seconds"] > 0
        assert run["ratio"] == pytest.approx(run["build_seconds"] / run["bare_seconds"],
                                             rel=0.02)
        # CPU time is the user + system time of every process: no more than every core
        # busy for the whole run.
        for kind in ("build", "bare"):
            assert 0 < run[f"{kind}_cpu_seconds"] <= run[f"{kind}_seconds"] * os.cpu_count() + 1
    for kind in ("build", "bare"):
        assert f[f"{kind}_seconds"] == pytest.approx(
            statistics.median(r[f"{kind}_seconds"] for r in runs), abs=0.011)
        assert f[f"{kind}_cpu_seconds"] == pytest.approx(
            statistics.median(r[f"{kind}_cpu_seconds"] for r in runs), abs=0.011)
    assert f["ratio"] == pytest.approx(f["build_seconds"] / f["bare_seconds"], rel=0.02)
    assert f["ms_per_case"] == pytest.approx(1000 * f["build_seconds"] / f["cases"], rel=0.01)
    # Megabytes (ru_maxrss is in KB): a Python process with MkDocs loaded, far from a GB.
    assert 20 < f["bare_peak_memory_mb"] < f["peak_memory_mb"] < 2048
    assert 10 < f["validate_peak_memory_mb"] < 2048
    assert f["validate_files"] == f["cases"] + len(REAL_CASES)
    assert 0 < f["validate_cpu_seconds"] <= f["validate_seconds"] * os.cpu_count() + 1
    assert 1000 < f["case_page_gzip_bytes"] < f["case_page_bytes"] < 200_000
    assert f["site_bytes"] > f["bare_site_bytes"] > f["cases"] * 1000
    assert f["targets"]["ratio"] is None  # the target is for 2,000 cases and more
    assert f["targets"]["peak_memory"] == (f["peak_memory_mb"] <= 1536)
    assert f["targets"]["validate"] is None  # the target is for 10,000 files
    assert "(judged at 10,000 files)" in row(table, "lumbung validate, all files")
    assert f"{f['cases']:,} {f['kind']}" in row(table, "cases")
    assert f"{f['build_seconds']:.1f} s" in row(table, "full build (median)")
    # The suite's runs use its cache of model downloads, and the table says so.
    assert f["download_cache"] is True
    assert "LUMBUNG_CACHE" in row(table, "full build (median)")
    assert f"{f['bare_seconds']:.1f} s" in row(table, "bare MkDocs + Material (median)")
    assert f"{f['ratio']:.2f}" in row(table, "ratio of the medians")
    assert row(table, "each run").count(";") == repeat - 1
    for run in runs:
        assert (f"{run['build_seconds']:.1f} / {run['bare_seconds']:.1f} = {run['ratio']:.2f}"
                in row(table, "each run"))
    assert f"{f['ms_per_case']:.2f} ms" in row(table, "per case")
    assert f"{f['peak_memory_mb']:,.0f} MB" in row(table, "peak memory (full build)")
    assert f"for {f['validate_files']:,} files" in row(table, "lumbung validate, all files")
    assert f"{f['case_page_bytes'] / 1024:,.1f} KB" in row(table, "one case page (HTML)")


def test_small_benchmark_prints_every_figure(benchmarks):
    f, table = finished(benchmarks, "realistic")
    for name in FIGURES:
        assert name in f, name
    for name in ROWS:
        assert name in table, name
    assert f["cases"] == option("realistic", "--cases") and f["kind"] == "realistic"
    assert 3000 < synthetic_file_bytes(f) < 20_000  # as rich as the real cases
    check_builds(f, table, repeat=option("realistic", "--repeat"))
    # In Chromium: the first visit fetches the case page itself and more, compressed less
    # than raw; the search fetches something and finds something; nothing leaves the site.
    assert f["first_visit_requests"] >= 2
    assert f["case_page_bytes"] <= f["first_visit_bytes"]
    assert f["case_page_gzip_bytes"] <= f["first_visit_gzip_bytes"] < f["first_visit_bytes"]
    assert f["search_requests"] >= 1 and f["search_bytes"] > 0 and f["search_results"] > 0
    assert f["foreign_hosts"] == []
    assert f["targets"]["search_bytes"] == (f["search_bytes"] <= 300 * 1024)
    assert f["targets"]["first_visit"] == (f["first_visit_gzip_bytes"] <= 150 * 1024)
    assert f["targets"]["own_host_only"] is True
    # The offline copy: the whole site compressed, so smaller than the site, yet megabytes.
    assert 1_000_000 < f["offline_zip_bytes"] < f["site_bytes"]
    assert f["offline_zip_seconds"] > 0
    assert f"{f['search_requests']} requests" in row(table, "first search fetches")
    assert f"{f['first_visit_requests']} requests" in row(table, "first visit to a case page")
    assert "none" in row(table, "other hosts contacted")
    assert f"{f['offline_zip_bytes'] / 1e6:,.1f} MB" in row(table, "offline copy")


def test_thin_benchmark_without_browser_prints_the_build_figures(benchmarks):
    f, table = finished(benchmarks, "thin")
    assert f["cases"] == option("thin", "--cases") and f["kind"] == "thin"
    assert 300 < synthetic_file_bytes(f) < 2000
    check_builds(f, table, repeat=option("thin", "--repeat"))
    for name in ("search_bytes", "first_visit_bytes", "foreign_hosts", "offline_zip_seconds",
                 "offline_zip_bytes"):
        assert name not in f, name
    assert set(f["targets"]) == {"ratio", "peak_memory", "validate"}
    assert "lumbung validate, all files" in table
    for name in ("first search fetches", "first visit to a case page", "offline copy"):
        assert name not in table, name
