"""The benchmark script works and prints every figure (small runs; nothing is timed here)."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

FIGURES = ("cases", "kind", "case_file_bytes", "validate_seconds", "validate_files",
           "validate_peak_memory_mb", "build_seconds", "bare_seconds", "ratio", "peak_memory_mb",
           "bare_peak_memory_mb", "ms_per_case", "case_page_bytes", "case_page_gzip_bytes",
           "site_bytes", "bare_site_bytes", "search_bytes", "search_requests",
           "first_visit_bytes", "first_visit_gzip_bytes", "first_visit_requests",
           "foreign_hosts", "targets", "offline_zip_seconds", "offline_zip_bytes")
ROWS = ("full build", "bare MkDocs + Material", "ratio", "each run", "peak memory (full build)",
        "per case", "one case page (HTML)", "site size", "lumbung validate, all files",
        "first search fetches",
        "first visit to a case page", "other hosts contacted", "offline copy")


def test_small_benchmark_prints_every_figure(tmp_path):
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench.py"), "--cases", "200", "--repeat", "2",
         "--json", str(out)],
        capture_output=True, text=True, timeout=900, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(out.read_text())
    for name in FIGURES:
        assert name in figures, name
    assert figures["cases"] == 200 and figures["kind"] == "realistic"
    assert figures["case_file_bytes"] > 3000  # as rich as the real cases
    assert figures["validate_files"] >= 200 and figures["validate_seconds"] > 0
    assert figures["build_seconds"] > 0 and figures["bare_seconds"] > 0
    assert len(figures["runs"]) == 2 and all(r["ratio"] > 0 for r in figures["runs"])
    assert figures["search_results"] > 0  # the search in Chromium found something
    assert figures["search_bytes"] > 0 and figures["first_visit_gzip_bytes"] > 0
    table = result.stdout.split("\n{")[0]
    for row in ROWS:
        assert row in table, row


def test_thin_benchmark_without_browser_prints_the_build_figures(tmp_path):
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench.py"), "--cases", "100", "--repeat", "1",
         "--kind", "thin", "--no-browser", "--no-offline", "--json", str(out)],
        capture_output=True, text=True, timeout=900, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(out.read_text())
    assert figures["kind"] == "thin" and figures["case_file_bytes"] < 2000
    assert "search_bytes" not in figures and "offline_zip_seconds" not in figures
    assert "lumbung validate, all files" in result.stdout
