"""What a previous read saw, so a re-read fetches only what is new.

Per URL the validators the server gave (ETag, Last-Modified) for conditional requests;
per feed the entry links already taken. One small JSON file, written atomically.
"""

from __future__ import annotations

import json
from pathlib import Path

from .. import settings

#: Bounds so the file stays small however long a feed is followed.
MAX_URLS = 200_000
MAX_SEEN_PER_FEED = 5_000


def default_path() -> Path:
    """The ``fetch_state`` setting (``NEWSDESK_FETCH_STATE``), read when a state is opened."""
    return Path(str(settings.value("fetch_state")))


class FetchState:
    """The state kept in the file ``path`` (None: kept in memory only, for one run)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.validators: dict[str, dict[str, str]] = {}
        self.seen: dict[str, list[str]] = {}
        if path is not None and path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                self.validators = dict(data.get("validators", {}))
                self.seen = {k: list(v) for k, v in data.get("seen", {}).items()}
            except (OSError, ValueError, AttributeError):
                pass  # a damaged state file only costs a full re-read

    def remember(self, url: str, etag: str | None, last_modified: str | None) -> None:
        found = {k: v for k, v in (("etag", etag), ("last_modified", last_modified)) if v}
        self.validators.pop(url, None)
        if found:
            self.validators[url] = found
            while len(self.validators) > MAX_URLS:
                self.validators.pop(next(iter(self.validators)))

    def conditional_headers(self, url: str) -> dict[str, str]:
        known = self.validators.get(url, {})
        headers = {}
        if "etag" in known:
            headers["If-None-Match"] = known["etag"]
        if "last_modified" in known:
            headers["If-Modified-Since"] = known["last_modified"]
        return headers

    def seen_links(self, feed: str) -> set[str]:
        return set(self.seen.get(feed, ()))

    def mark_seen(self, feed: str, link: str) -> None:
        links = self.seen.setdefault(feed, [])
        if link not in links:
            links.append(link)
            del links[:-MAX_SEEN_PER_FEED]

    def save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps({"validators": self.validators, "seen": self.seen}), encoding="utf-8")
        tmp.replace(self.path)
