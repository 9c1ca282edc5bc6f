"""Places and located events as one GeoJSON FeatureCollection."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Connection

from ..geo import geojson


def write_geojson(conn: Connection, out: Path) -> int:
    collection = geojson(conn)
    out.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    return len(collection["features"])
