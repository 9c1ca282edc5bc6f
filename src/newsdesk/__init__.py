"""newsdesk: raw scraped news pages in, cited, attributed, PLOVER-coded evidence out.

The Python API a notebook needs, in the order of the flow::

    import newsdesk

    doc = newsdesk.extract("Iraqi Vice President Ayad Allawi met ...")   # one page -> Document
    store = newsdesk.open_store(".newsdesk/news.db")                       # -> SQLAlchemy Engine
    newsdesk.ingest(store, ["pages/", "crawl.warc.gz"])                     # -> IngestReport
    newsdesk.search(store, "alliance talks")                                # -> list of Hit
    newsdesk.actor_page(store, "Ayad Allawi")                               # -> ActorPage | None
    newsdesk.dyad(store, "al-Qaeda", "Islamic State")                       # -> Dyad
    newsdesk.ask(store, "Will al-Qaeda and IS unite?")                      # -> Brief
    newsdesk.export(store, "stix", "bundle.json")                           # -> items written

``analyse`` runs many pages (:class:`~newsdesk.model.RawPage`) through the stages, here, in
a process pool or on Dask, yielding a ``Document`` or an ``InputError`` per page. The CLI,
the REST API and the web UI call these same functions.

Each name is imported on first use (PEP 562), so ``import newsdesk`` stays fast and loads
neither spaCy nor SQLAlchemy.
"""

from __future__ import annotations

from importlib import import_module

__all__ = ["extract", "analyse", "open_store", "ingest", "search", "actor_page", "dyad", "ask", "export"]

#: public name -> (module, attribute) it is taken from
_HOMES = {
    "extract": ("newsdesk.public", "extract"),
    "analyse": ("newsdesk.executors", "analyse_pages"),
    "open_store": ("newsdesk.store.engine", "open_store"),
    "ingest": ("newsdesk.public", "ingest"),
    "search": ("newsdesk.public", "search"),
    "actor_page": ("newsdesk.public", "actor_page"),
    "dyad": ("newsdesk.public", "dyad"),
    "ask": ("newsdesk.public", "ask"),
    "export": ("newsdesk.public", "export"),
}

# The package ``newsdesk.ingest`` shares its name with the function: importing a package for
# the first time binds it on its parent, so it is imported here, once, and unbound, and
# ``newsdesk.ingest`` stays the function however the package is imported later.
import_module("newsdesk.ingest")
del globals()["ingest"]

TYPE_CHECKING = False  # not ``typing.TYPE_CHECKING``: importing typing would double the import time
if TYPE_CHECKING:
    from typing import Any

    from .executors import analyse_pages as analyse
    from .public import actor_page, ask, dyad, export, extract, ingest, search
    from .store.engine import open_store


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'newsdesk' has no attribute {name!r}")
    module, attribute = _HOMES[name]
    value = getattr(import_module(module), attribute)
    globals()[name] = value  # the next access is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
