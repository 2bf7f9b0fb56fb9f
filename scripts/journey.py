"""Measure a village head's path in Debian's Chromium at 360 x 740: from the Sumbergede case
page to a downloaded, filled package, counting taps (typing the profile apart), and the
first visit to a model page (every response it loads, gzip-compressed as a real host
serves it). Builds the site unless --site names a built one. Prints a table and JSON."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from bench import _record as record  # noqa: E402  (every response, raw and gzip)
from bench import served_browser  # noqa: E402

PHONE = {"width": 360, "height": 740}
CASE = "sumbergede-perdes-pelindungan-pmi"
PROFILE = {"nama_desa": "Oelnasi", "nama_kecamatan": "Kupang Tengah", "nama_kabupaten": "Kupang",
           "nama_kepala_desa": "Yohanes Contoh", "nama_sekretaris_desa": "Maria Contoh",
           "nama_ketua_bpd": "Markus Contoh"}
TARGETS = {"taps": 4, "model_first_visit_gzip_kb": 60}


def build(site: Path) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", LUMBUNG_OFFLINE_ZIP="false")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                   cwd=ROOT, env=env, check=True)


def measure(site: Path, downloads: Path) -> dict:
    with served_browser(site) as (base, browser):
        weight = first_visit(browser, f"{base}perdes/perdes-pelindungan-pmi/")
        path = journey(browser, f"{base}kasus/{CASE}/", downloads)
    return {**weight, **path}


def first_visit(browser, url: str) -> dict:
    responses = record(browser, url)["responses"]
    return {"model_first_visit_requests": len(responses),
            "model_first_visit_bytes": sum(size for size, _ in responses.values()),
            "model_first_visit_gzip_bytes": sum(gz for _, gz in responses.values()),
            "model_first_visit_largest": sorted(((gz, url.rsplit("/", 2)[-2] + "/" +
                                                  url.rsplit("/", 1)[-1])
                                                 for url, (_, gz) in responses.items()),
                                                reverse=True)[:5]}


def journey(browser, url: str, downloads: Path) -> dict:
    """Each click is a tap; filling a field is typing, not counted."""
    context = browser.new_context(viewport=PHONE, accept_downloads=True)
    page = context.new_page()
    taps = 0
    page.goto(url)
    button = page.get_by_role("link", name="Tiru di desa saya").first
    box = button.bounding_box()
    in_first_screen = bool(box and box["y"] + box["height"] <= PHONE["height"])
    button.click()
    taps += 1
    page.wait_for_selector("#lp-builder")
    option_on = page.is_checked("#lp-option-hadir_bersama")
    for key, value in PROFILE.items():
        page.fill(f"#lp-field-{key}", value)
    with page.expect_download() as info:
        page.click("#lp-builder-package")
        taps += 1
    target = downloads / info.value.suggested_filename
    info.value.save_as(target)
    with zipfile.ZipFile(target) as archive:
        documents = sorted(archive.namelist())
    context.close()
    return {"taps": taps, "tiru_in_first_screen": in_first_screen,
            "case_option_on": option_on, "package_files": documents}


def table(f: dict) -> str:
    kb = f["model_first_visit_gzip_bytes"] / 1024
    rows = [
        ("taps, case page to filled package (typing apart)", f"{f['taps']}",
         f"<= {TARGETS['taps']}"),
        ("'Tiru di desa saya' in the first screen (360 x 740)", str(f["tiru_in_first_screen"]), ""),
        ("the case's option switched on", str(f["case_option_on"]), ""),
        ("files in the package (each document as DOCX and ODT)", str(len(f["package_files"])), ""),
        ("first visit to a model page", f"{kb:.1f} KB gzip, {f['model_first_visit_requests']} "
         f"requests ({f['model_first_visit_bytes'] / 1024:.1f} KB raw)",
         f"<= {TARGETS['model_first_visit_gzip_kb']} KB"),
    ]
    width = max(len(r[0]) for r in rows)
    return "\n".join(f"{name:<{width}}  {value:<40} {target}" for name, value, target in rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", type=Path, help="a built site (default: build one)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or Path(tmp) / "site"
        if not args.site:
            build(site)
        figures = measure(site, Path(tmp))
    print(table(figures))
    print(json.dumps(figures, indent=1))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    ok = figures["taps"] <= TARGETS["taps"] and \
        figures["model_first_visit_gzip_bytes"] <= TARGETS["model_first_visit_gzip_kb"] * 1024
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
