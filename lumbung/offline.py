"""The offline copy: the whole site built to open from the file system, as one zip."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

OFFLINE_ZIP_PATH = "unduh/lumbung-praktik-luring.zip"


class OfflineBuildError(RuntimeError):
    pass


def build_offline_zip(config_file: Path, target: Path) -> int:
    """Build the site again with Material's offline plugin on (pages as index.html files,
    no search index) into a temporary folder, and zip it to ``target``. Returns its size."""
    env = dict(os.environ, LUMBUNG_OFFLINE="true", LUMBUNG_OFFLINE_ZIP="false",
               NO_MKDOCS_2_WARNING="1")
    with tempfile.TemporaryDirectory(prefix="lumbung-offline-") as folder:
        site = Path(folder) / "lumbung-praktik"
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config_file),
             "-d", str(site)], capture_output=True, text=True, env=env, timeout=3600)
        if result.returncode != 0:
            raise OfflineBuildError(f"offline build failed:\n{result.stdout}\n{result.stderr}")
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".tmp")
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
            for path in sorted(site.rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(site.parent).as_posix())
        shutil.move(partial, target)
    return target.stat().st_size
