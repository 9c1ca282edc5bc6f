"""Lists as the API answers them: ``{"total", "offset", "limit", "items"}``, or CSV, or GeoJSON.

Every list is the same envelope, so a client pages through any of them the same way; a
download is exactly the page asked for (the same filters, offset and limit). A long list
(the events) also answers ``next``, a cursor: handed back as ``after``, it starts the next
page after the last row shown (keyset paging), which costs the same however deep the page.
"""

from __future__ import annotations

import base64
import binascii
import csv
import io
import json
from typing import Any

from fastapi.responses import Response

FORMATS = ("json", "csv", "geojson")


def envelope(total: int, offset: int, limit: int, items: list, **extra: Any) -> dict[str, Any]:
    return {"total": total, "offset": offset, "limit": limit, "items": items, **extra}


def cursor(key: tuple | None) -> str | None:
    """A row's sort key as an opaque token for ``after`` (None stays None: no next page)."""
    if key is None:
        return None
    return base64.urlsafe_b64encode(json.dumps(list(key), ensure_ascii=False).encode()).decode().rstrip("=")


def read_cursor(token: str) -> tuple[str, int]:
    """The (value, id) key a ``cursor`` holds; ValueError for anything ``cursor`` did not make."""
    try:
        key = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (binascii.Error, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError("not a cursor this API gave") from error
    if (not isinstance(key, list) or len(key) != 2 or not isinstance(key[0], str)
            or not isinstance(key[1], int) or isinstance(key[1], bool)):
        raise ValueError("not a cursor this API gave")
    return key[0], key[1]


def _cell(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@") and not _number(value):
        return "'" + value  # a spreadsheet would run it as a formula
    return value


def _number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def csv_text(rows: list[dict], columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: _cell(row.get(c)) for c in columns})
    return out.getvalue()


def csv_response(rows: list[dict], columns: list[str], name: str) -> Response:
    return Response(
        csv_text(rows, columns),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


def json_download(data: Any, name: str, media_type: str = "application/json") -> Response:
    return Response(
        json.dumps(data, ensure_ascii=False),
        media_type=media_type,
        headers={"Content-Disposition": f'inline; filename="{name}.json"'},
    )


def feature_collection(features: list[dict], total: int, offset: int, limit: int) -> dict[str, Any]:
    """A GeoJSON FeatureCollection that is also the list envelope (foreign members, RFC 7946 §6.1)."""
    return {"type": "FeatureCollection", "features": features, **envelope(total, offset, limit, features)}
