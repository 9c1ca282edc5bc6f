"""Stages are found through real entry points; a broken built-in stage fails the pipeline loudly.

Each test writes a tiny installed distribution (a ``.dist-info`` folder with an
``entry_points.txt``) into ``tmp_path`` and puts it on ``sys.path``, which is how a plugin
package installed with pip is seen by ``importlib.metadata``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdesk.model import RawPage
from newsdesk.pipeline import analyse
from newsdesk.stages import PluginStageWarning, registered

BODY = "The minister said on Monday that the talks in Geneva would resume next week."


def _install(where: Path, dist: str, entry_points: dict[str, str], modules: dict[str, str]) -> None:
    """Write ``dist`` as pip would leave it: its modules and a dist-info naming its stages."""
    info = where / f"{dist.replace('-', '_')}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.1\n", "utf-8")
    lines = "".join(f"{name} = {value}\n" for name, value in entry_points.items())
    (info / "entry_points.txt").write_text(f"[newsdesk.stages]\n{lines}", "utf-8")
    for name, source in modules.items():
        (where / f"{name}.py").write_text(source, "utf-8")


@pytest.fixture
def plugins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder on ``sys.path`` to install into; the stage registry is read afresh around the test."""
    monkeypatch.syspath_prepend(str(tmp_path))
    registered.cache_clear()
    yield tmp_path
    registered.cache_clear()
    for name in [m for m in sys.modules if m.startswith("shout_stage")]:
        del sys.modules[name]


SHOUT = '''
from newsdesk.stages import Stage

def _shout(docs):
    for doc in docs:
        doc.analysis["shout"] = doc.body.upper()

STAGE = Stage(name="shout", phase="clean", run=_shout, order=99, requires=("clean",))
'''


def test_a_stage_installed_through_an_entry_point_runs_in_the_pipeline(plugins: Path) -> None:
    _install(plugins, "shout-stage", {"shout": "shout_stage:STAGE"}, {"shout_stage": SHOUT})
    names = [s.name for s in registered()]
    assert "shout" in names and names.index("shout") > names.index("clean")
    doc = analyse(RawPage(id="p", kind="body", content=BODY, source="p"), upto="clean")
    assert doc.body == BODY
    assert doc.analysis["shout"] == BODY.upper()


def test_a_broken_built_in_stage_raises(plugins: Path) -> None:
    """A stage of newsdesk's own whose module is missing is an error, never a line on stderr."""
    _install(plugins, "newsdesk-broken", {"broken": "newsdesk.read.no_such_stage:STAGE"}, {})
    with pytest.raises(ModuleNotFoundError, match="no_such_stage"):
        registered()
    with pytest.raises(ModuleNotFoundError):
        analyse(RawPage(id="p", kind="body", content=BODY, source="p"), upto="clean")


def test_a_plugin_that_cannot_be_imported_is_skipped_with_a_warning_naming_it(plugins: Path) -> None:
    _install(plugins, "half-installed", {"ghost": "ghost_stage_module:STAGE"}, {})
    with pytest.warns(PluginStageWarning, match=r"'ghost'.*half-installed.*ghost_stage_module"):
        names = [s.name for s in registered()]
    assert "ghost" not in names and "clean" in names
