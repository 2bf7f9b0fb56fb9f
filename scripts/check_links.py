"""Check the web addresses cited as sources by case studies and model regulations.

Prints the dead ones (as GitHub warnings with --format github) and always exits 0: a dead
link is a task for a maintainer, not a reason to refuse anyone's work.

    python scripts/check_links.py [--root .] [--format text|github] [--timeout 20]
"""

from __future__ import annotations

import argparse
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lumbung.catalog import load_catalog  # noqa: E402

USER_AGENT = "LumbungPraktik-linkcheck/1 (+https://github.com/)"


def status_of(url: str, timeout: float) -> str | None:
    """None when the address answers; else what went wrong."""
    for method in ("HEAD", "GET"):  # some servers refuse HEAD
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout):
                return None
        except urllib.error.HTTPError as error:
            if method == "GET" or error.code not in (403, 405, 501):
                return f"HTTP {error.code}"
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            return f"no answer ({getattr(error, 'reason', error)})"
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--format", choices=("text", "github"), default="text")
    parser.add_argument("--timeout", type=float, default=20)
    args = parser.parse_args()
    catalog = load_catalog(args.root)
    cited: dict[str, list[str]] = {}
    for record in [*catalog.cases, *catalog.models]:
        for source in record.data["sources"]:
            if source.get("url"):
                cited.setdefault(source["url"], []).append(record.source_path)
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = dict(zip(cited, pool.map(lambda u: status_of(u, args.timeout), cited),
                           strict=True))
    dead = {url: problem for url, problem in results.items() if problem}
    for url, problem in sorted(dead.items()):
        for path in cited[url]:
            if args.format == "github":
                print(f"::warning file={path}::dead source link {url} ({problem})")
            else:
                print(f"{path}: {url}: {problem}")
    print(f"{len(dead)} dead of {len(cited)} source links checked", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
