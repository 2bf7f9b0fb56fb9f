"""The cache of generated files (lumbung/cache.py) that test builds use for the model
downloads: it returns what was made, is keyed by the inputs and the code, and a damaged
entry is made again, once when processes miss it together."""

from __future__ import annotations

import copy
import multiprocessing
import time

import pytest

from lumbung import cache
from lumbung.catalog import load_catalog
from lumbung.render.models import make_model_downloads, model_downloads
from tests.conftest import ROOT


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, str(tmp_path / "cache"))
    return cache.FileCache(tmp_path / "cache")


@pytest.fixture(scope="module")
def model():
    return min(load_catalog(ROOT).models, key=lambda model: len(model.options))


def test_off_without_the_variable(monkeypatch):
    monkeypatch.delenv(cache.ENV, raising=False)
    assert cache.FileCache.from_env() is None
    calls = []
    assert cache.cached_files("x", {}, lambda: calls.append(1) or [("a", b"1")]) == [("a", b"1")]
    assert cache.cached_files("x", {}, lambda: calls.append(1) or [("a", b"1")]) == [("a", b"1")]
    assert len(calls) == 2


def test_model_downloads_are_stored_and_read_back(store, model):
    made = model_downloads(model)
    assert [path for path, _ in made] == [path for path, _ in make_model_downloads(model)]
    key = store.key("model-downloads", model.data)
    assert store.get(key) == made
    # What a second build gets is what the cache holds: change a stored file and see it.
    path = made[0][0]
    (store.root / key / "files" / path).write_bytes(b"from the cache")
    assert model_downloads(model)[0] == (path, b"from the cache")


def test_key_follows_the_inputs_and_the_code(model, monkeypatch):
    changed = copy.deepcopy(model.data)
    changed["title"] += " (diubah)"
    key = cache.FileCache.key("model-downloads", model.data)
    assert key == cache.FileCache.key("model-downloads", copy.deepcopy(model.data))
    assert key != cache.FileCache.key("model-downloads", changed)
    assert key != cache.FileCache.key("other", model.data)
    monkeypatch.setattr(cache, "fingerprint", lambda: "other code")
    assert key != cache.FileCache.key("model-downloads", model.data)


def test_fingerprint_covers_the_package_files():
    before = cache.fingerprint()
    cache.fingerprint.cache_clear()
    probe = cache.PACKAGE / "vocab" / "_cache_probe.yml"
    try:
        probe.write_text("x: 1\n", encoding="utf-8")
        assert cache.fingerprint() != before
    finally:
        probe.unlink()
        cache.fingerprint.cache_clear()
    assert cache.fingerprint() == before


def test_a_damaged_entry_is_made_again(store, model):
    made = model_downloads(model)
    key = store.key("model-downloads", model.data)
    (store.root / key / "files" / made[-1][0]).unlink()
    assert store.get(key) is None
    again = model_downloads(model)
    assert [path for path, _ in again] == [path for path, _ in made]
    assert store.get(key) == again  # the entry was replaced
    (store.root / key / cache.MANIFEST).write_text("{not json", encoding="utf-8")
    assert store.get(key) is None


def test_unsafe_paths_and_a_taken_key_change_nothing(store):
    store.put("k1", [("../escape.txt", b"x")])
    assert store.get("k1") is None
    assert not (store.root.parent / "escape.txt").exists()
    store.put("k2", [("a/b.txt", b"first")])
    store.put("k2", [("a/b.txt", b"second")])
    assert store.get("k2") == [("a/b.txt", b"first")]
    assert [p.name for p in store.root.iterdir()] == ["k2"]  # no staging folder left


def _make_slowly(log) -> list[tuple[str, bytes]]:
    with open(log, "a") as handle:
        handle.write("made\n")
    time.sleep(0.5)
    return [("a.txt", b"made once")]


def _fetch(log, results) -> None:
    results.put(cache.cached_files("slow", {"n": 1}, lambda: _make_slowly(log)))


def test_processes_missing_an_entry_at_once_make_it_once(store, tmp_path):
    # Builds started together on an empty cache (the test suite's shared sites): one makes
    # the entry, the others wait for it and read it.
    context = multiprocessing.get_context("fork")
    log, results = tmp_path / "made.log", context.Queue()
    processes = [context.Process(target=_fetch, args=(log, results)) for _ in range(3)]
    for process in processes:
        process.start()
    got = [results.get(timeout=30) for _ in processes]
    for process in processes:
        process.join(timeout=30)
    assert got == [[("a.txt", b"made once")]] * 3
    assert log.read_text().count("made") == 1
    assert [path.name for path in store.root.glob(".*.lock")] != []


def test_a_claim_held_too_long_is_not_waited_for(store, tmp_path, monkeypatch):
    # A process holding the claim (stopped in a debugger, say) makes the others wait
    # CLAIM_WAIT seconds at most; then they make the entry themselves.
    import fcntl

    monkeypatch.setattr(cache, "CLAIM_WAIT", 0.3)
    key = store.key("slow", {"n": 2})
    store.root.mkdir(parents=True, exist_ok=True)
    with open(store.root / f".{key}.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # another open file: a lock of its own
        started = time.monotonic()
        got = cache.cached_files("slow", {"n": 2}, lambda: [("b.txt", b"made anyway")])
        waited = time.monotonic() - started
    assert got == [("b.txt", b"made anyway")] and 0.3 <= waited < 5
