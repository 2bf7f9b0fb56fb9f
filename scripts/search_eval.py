"""Evaluate the site search the way people use it: every judged query of
tests/search/queries.yml typed into /cari/?q= of the built site in Debian's Chromium (or
into the offline copy's search page over file://), and the results compared with the
judgements (grade 2 = exactly what is asked, 1 = useful).

Prints recall@3 of the exactly-relevant pages, MRR@10 and nDCG@5 (each the mean over the
queries with relevant pages, by kind and overall), the queries with relevant pages and no
result, and each query that misses a grade-2 page in its first three. With --timing, the
time to the first result on a slow 3G profile (400 ms, 50 KB/s, files served
gzip-compressed), cold and warm, and what a search fetches. Builds the site unless --site
names a built one."""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import io
import json
import math
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote, urlparse

import yaml

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
SLOW_3G = {"offline": False, "latency": 400, "downloadThroughput": 50 * 1024,
           "uploadThroughput": 50 * 1024}
COMPRESSIBLE = (".html", ".js", ".json", ".css", ".svg", ".xml", ".txt")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files as a real host does: text gzip-compressed when the browser accepts it
    (Pagefind's index files are compressed already)."""

    def log_message(self, *args) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")  # as GitHub Pages serves files
        super().end_headers()

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's address
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def served(site: Path):
    handler = functools.partial(GzipHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@contextlib.contextmanager
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def build(site: Path, offline: bool = False) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", LUMBUNG_OFFLINE_ZIP="false")
    if offline:
        env["LUMBUNG_OFFLINE"] = "true"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                   cwd=ROOT, env=env, check=True)


def wait_for_results(page) -> None:
    page.wait_for_selector("#lp-search[data-state=done]", state="attached", timeout=30000)


def results_of(page) -> list[str]:
    """Result pages as site paths (``kasus/x/``), in order."""
    hrefs = page.locator(".lp-search__results a.lp-search__title").evaluate_all(
        "links => links.map(a => a.href)")
    paths = []
    for href in hrefs:
        path = urlparse(href).path
        path = path.removesuffix("index.html")
        marker = next((m for m in ("/kasus/", "/perdes/") if m in path), None)
        paths.append(path[path.index(marker) + 1:] if marker else path.lstrip("/"))
    return paths


def run_queries(chromium, search_url: str, queries: list[dict], reload: bool = False
                ) -> list[dict]:
    context = chromium.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    out = []
    # Online, the first query is an address (/cari/?q=...) and each next one is typed into
    # the page's search box (the page searches again without loading: four times faster);
    # over file://, or with ``reload``, each query loads the page. The same search either
    # way, except that Pagefind finds a little more once earlier searches have loaded parts
    # of its index (Pagefind/pagefind#795): in 10 of 175 queries a few results swap places.
    in_page = False
    for item in queries:
        if in_page:
            page.evaluate("""query => {
                document.getElementById("lp-q").value = query;
                document.querySelector("#lp-search form").requestSubmit();
            }""", item["q"])
        else:
            page.goto(f"{search_url}?q={quote(item['q'])}")
            in_page = not reload and search_url.startswith(("http://", "https://"))
        wait_for_results(page)
        corrected = page.locator("#lp-corrected")
        out.append({**item, "results": results_of(page)[:10],
                    "corrected": corrected.inner_text() if corrected.is_visible() else ""})
    context.close()
    if errors:
        raise SystemExit(f"errors on the search page: {errors[:3]}")
    return out


def scores(item: dict) -> dict | None:
    relevant = {page: int(grade) for page, grade in (item.get("relevant") or {}).items()}
    if not relevant:
        return None
    results = item["results"]
    exact = {page for page, grade in relevant.items() if grade == 2}
    recall = (len(exact & set(results[:3])) / len(exact)) if exact else None
    # of what three results can hold: all of them when a query has three or fewer
    capped = (len(exact & set(results[:3])) / min(3, len(exact))) if exact else None
    rank = next((i + 1 for i, page in enumerate(results[:10]) if page in relevant), None)
    gains = [2 ** relevant.get(page, 0) - 1 for page in results[:5]]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sorted((2 ** g - 1 for g in relevant.values()), reverse=True)[:5]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return {"recall@3": recall, "r-recall@3": capped, "mrr@10": 1 / rank if rank else 0.0,
            "ndcg@5": dcg / idcg if idcg else 0.0, "empty": not results}


def report(evaluated: list[dict]) -> dict:
    by_kind: dict[str, list[dict]] = defaultdict(list)
    misses = []
    empty = []
    for item in evaluated:
        s = scores(item)
        if s is None:
            continue
        by_kind[item.get("kind", "?")].append(s)
        by_kind["all"].append(s)
        if s["empty"]:
            empty.append(item["q"])
        if s["r-recall@3"] is not None and s["r-recall@3"] < 1:
            wanted = [p for p, g in item["relevant"].items() if int(g) == 2]
            misses.append((item["q"], s["r-recall@3"], wanted, item["results"][:3]))

    def mean(values):
        values = [v for v in values if v is not None]
        return sum(values) / len(values) if values else float("nan")

    table = {kind: {"queries": len(rows),
                    "recall@3": mean(r["recall@3"] for r in rows),
                    "r-recall@3": mean(r["r-recall@3"] for r in rows),
                    "mrr@10": mean(r["mrr@10"] for r in rows),
                    "ndcg@5": mean(r["ndcg@5"] for r in rows)}
             for kind, rows in sorted(by_kind.items())}
    print(f"{'kind':<14}{'queries':>8}{'recall@3':>10}{'R-rec@3':>9}{'MRR@10':>9}{'nDCG@5':>9}")
    for kind, row in table.items():
        print(f"{kind:<14}{row['queries']:>8}{row['recall@3']:>10.3f}{row['r-recall@3']:>9.3f}"
              f"{row['mrr@10']:>9.3f}{row['ndcg@5']:>9.3f}")
    print("recall@3: grade-2 pages in the first three / grade-2 pages; R-rec@3: / min(3, "
          "grade-2 pages), what three results can hold")
    none = [item for item in evaluated if not item.get("relevant")]
    print(f"\nqueries with nothing relevant: {len(none)}; "
          f"with results anyway: {sum(1 for item in none if item['results'])}")
    print(f"queries with relevant pages and no result: {len(empty)}"
          + (f": {empty}" if empty else ""))
    corrected = [(item["q"], item["corrected"]) for item in evaluated if item["corrected"]]
    if corrected:
        print("\ncorrected:")
        for query, note in corrected:
            print(f"  {query!r}: {note}")
    if misses:
        print("\nmissing a grade-2 page in the first three:")
        for query, recall, wanted, got in misses:
            print(f"  {query!r} R-recall@3={recall:.2f}\n    wanted {wanted}\n    got    {got}")
    return {"table": table, "empty": empty, "misses": len(misses)}


def timing(chromium, base: str, query: str) -> dict:
    """Time to the first result on slow 3G, cold (empty cache) and warm (again, cached)."""
    context = chromium.new_context(viewport={"width": 360, "height": 740})
    # The page's own clock: from the start of its navigation to the first result in the
    # list (the wall clock adds the time the browser takes to tell this script).
    context.add_init_script("""
        new MutationObserver((_, observer) => {
          if (document.querySelector('.lp-search__results li')) {
            window.lpFirstResult = performance.now();
            observer.disconnect();
          }
        }).observe(document, {subtree: true, childList: true});""")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    fetched: dict[str, int] = {}
    urls: dict[str, str] = {}
    times: dict[str, tuple[float, float]] = {}
    cdp.on("Network.requestWillBeSent", lambda e: (
        urls.__setitem__(e["requestId"], e["request"]["url"]),
        times.__setitem__(e["requestId"], (e["timestamp"], 0.0))))
    cdp.on("Network.loadingFinished", lambda e: (
        fetched.__setitem__(e["requestId"], int(e["encodedDataLength"])),
        times.__setitem__(e["requestId"], (times.get(e["requestId"], (0, 0))[0], e["timestamp"]))))
    url = f"{base}cari/?q={quote(query)}"
    figures = {}
    for run in ("cold", "warm"):
        fetched.clear()
        started = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.wait_for_selector(".lp-search__results li", timeout=120000)
        figures[f"{run}_wall_s"] = time.perf_counter() - started
        figures[f"{run}_s"] = page.evaluate("window.lpFirstResult") / 1000
        page.wait_for_load_state("networkidle")
        figures[f"{run}_kb"] = sum(fetched.values()) / 1024
        figures[f"{run}_requests"] = len(fetched)
        if os.environ.get("SEARCH_EVAL_DEBUG"):
            zero = min(t[0] for t in times.values())
            for rid, size in sorted(fetched.items(), key=lambda kv: times.get(kv[0], (0, 0))[0]):
                start, end = times.get(rid, (0, 0))
                print(f"  {run} {start - zero:5.2f}-{end - zero:5.2f} s {size / 1024:7.1f} KB"
                      f" {urls.get(rid, rid)[:90]}")
            times.clear()
    context.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build one)")
    parser.add_argument("--queries", type=Path, default=ROOT / "tests" / "search" / "queries.yml")
    parser.add_argument("--offline", action="store_true",
                        help="the offline copy's search over file:// (built without Pagefind)")
    parser.add_argument("--timing", action="store_true", help="also time a search on slow 3G")
    parser.add_argument("--timing-query", action="append", metavar="Q",
                        help="the query --timing times (repeat for several; default 'perdes tki')")
    parser.add_argument("--json", type=Path, help="write the per-query results here")
    parser.add_argument("--reload", action="store_true",
                        help="load /cari/?q=... for every query (each a first search; slower) "
                             "instead of typing the next query into the page")
    args = parser.parse_args()
    queries = yaml.safe_load(args.queries.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="lumbung-search-eval-") as work:
        site = args.site
        if site is None:
            site = Path(work) / "site"
            build(site, offline=args.offline)
        with browser() as chromium:
            if args.offline:
                evaluated = run_queries(chromium, (site / "cari.html").as_uri(), queries)
            else:
                with served(site) as base:
                    evaluated = run_queries(chromium, f"{base}cari/", queries, args.reload)
                    timed = args.timing_query or ["perdes tki"]
                    figures = ({query: timing(chromium, base, query) for query in timed}
                               if args.timing else None)
    how = ("offline copy over file://" if args.offline else
           "site over http, " + ("each query loading /cari/?q=" if args.reload else
                                 "the first query loading /cari/?q=, the next typed into it"))
    print(f"search evaluation: {len(queries)} queries, {how}\n")
    summary = report(evaluated)
    if not args.offline and args.timing:
        print()
        for query, f in figures.items():
            print(f"slow 3G (latency {SLOW_3G['latency']} ms, 50 KB/s, gzip), {query!r}: "
                  f"first result {f['cold_s']:.2f} s cold ({f['cold_kb']:.0f} KB in "
                  f"{f['cold_requests']} requests), {f['warm_s']:.2f} s warm (from the "
                  f"navigation's start; {f['cold_wall_s']:.2f} s and {f['warm_wall_s']:.2f} s "
                  f"on this script's clock)")
        summary["timing"] = figures
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "queries": evaluated},
                                        ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
