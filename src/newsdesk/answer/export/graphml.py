"""The actor network as GraphML (Gephi, yEd, Cytoscape, networkx)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection

from ..network import write_graphml as _write


def write_graphml(conn: Connection, out: Path) -> int:
    return _write(conn, out).number_of_edges()
