"""A cache of generated files on disk, for builds that make the same files again and again
(the test suite builds the site about twenty times; the model downloads are most of a
build's work). Off unless ``LUMBUNG_CACHE`` names a folder.

An entry is keyed by its inputs and by a fingerprint of everything that makes the files:
every file of this package (code, templates, vocabularies, fonts) and the versions of the
document libraries. Changing any of them makes new keys; old entries are never read
again (delete the folder to reclaim the space)."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import shutil
import tempfile
import time
from importlib import metadata
from pathlib import Path, PurePosixPath

ENV = "LUMBUNG_CACHE"
PACKAGE = Path(__file__).resolve().parent
LIBRARIES = ("python-docx", "odfdo", "reportlab", "lxml")
MANIFEST = "manifest.json"
CLAIM_WAIT = 300  # seconds a process waits for another making the same entry


@functools.cache
def fingerprint() -> str:
    """The hash of this package's files and the document libraries' versions."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    for name in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name}={version}\0".encode())
    return digest.hexdigest()


class FileCache:
    """Lists of (relative path, bytes) stored under a key in ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @classmethod
    def from_env(cls) -> FileCache | None:
        folder = os.environ.get(ENV)
        return cls(Path(folder)) if folder else None

    @staticmethod
    def key(kind: str, inputs) -> str:
        """The key of ``inputs`` (anything JSON can write, dates as text) made by ``kind``."""
        text = json.dumps([kind, fingerprint(), inputs], sort_keys=True, default=str,
                          ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    @contextlib.contextmanager
    def claim(self, key: str):
        """Hold the entry ``key`` for this process while it makes it: a lock (``fcntl``,
        released when the process ends, however it ends) on a file beside the entry, kept
        for the next claim. A process waits ``CLAIM_WAIT`` seconds at most for another's
        claim (one stopped in a debugger), then goes on without it. Without locks (no
        ``fcntl``, a folder that cannot be written) nothing is held: the entry may then be
        made twice, never damaged (``put``)."""
        try:
            import fcntl

            self.root.mkdir(parents=True, exist_ok=True)
            handle = open(self.root / f".{key}.lock", "w")
        except (ImportError, OSError):
            yield
            return
        with handle:
            deadline = time.monotonic() + CLAIM_WAIT
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        break
                    time.sleep(0.05)
                except OSError:
                    break
            yield

    def get(self, key: str) -> list[tuple[str, bytes]] | None:
        entry = self.root / key
        try:
            paths = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
            return [(path, (entry / "files" / path).read_bytes()) for path in paths]
        except (OSError, ValueError):
            return None

    def put(self, key: str, files: list[tuple[str, bytes]]) -> None:
        """Store ``files`` under ``key``; a write that fails, or that another process
        finished first, leaves the cache as it was."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=".new-", dir=self.root))
        except OSError:
            return
        try:
            for path, content in files:
                relative = PurePosixPath(path)
                if relative.is_absolute() or ".." in relative.parts:
                    return
                target = staging / "files" / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
            (staging / MANIFEST).write_text(json.dumps([path for path, _ in files]),
                                            encoding="utf-8")
            os.rename(staging, self.root / key)  # atomic; fails if the entry exists
        except OSError:
            pass
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def cached_files(kind: str, inputs, make) -> list[tuple[str, bytes]]:
    """``make()``'s files, from the cache when ``LUMBUNG_CACHE`` is set and holds them.
    Processes missing the same entry at once (builds started together on an empty cache)
    make it once: the first makes it, the others wait for it and read it."""
    cache = FileCache.from_env()
    if cache is None:
        return make()
    key = cache.key(kind, inputs)
    files = cache.get(key)
    if files is not None:
        return files
    with cache.claim(key):
        files = cache.get(key)  # made meanwhile by the process that held the claim
        if files is None:
            files = make()
            shutil.rmtree(cache.root / key, ignore_errors=True)  # a damaged entry, if any
            cache.put(key, files)
    return files
