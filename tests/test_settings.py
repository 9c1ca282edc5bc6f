"""The settings table is the whole list of ``NEWSDESK_*`` variables, and the README shows it as it is."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsdesk import settings

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src" / "newsdesk"
#: A variable's name (``NEWSDESK_EVAL_*`` in a docstring names a family, not a variable).
VARIABLE = re.compile(r"\bNEWSDESK_[A-Z0-9_]*[A-Z0-9](?![A-Z0-9_*])")


def _literals(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every string constant in a Python file."""
    tree = ast.parse(path.read_text("utf-8"))
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def test_the_readme_shows_the_table_as_it_is() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    shown = settings.documented(readme)
    assert shown is not None, "README.md lacks the settings table markers"
    missing = [s.env for s in settings.SETTINGS if f"`{s.env}`" not in shown]
    assert missing == [], f"settings not in README.md: {missing}"
    assert shown == settings.markdown(), "stale: run python -m newsdesk.settings --write README.md"


def test_code_names_no_variable_the_table_lacks() -> None:
    """Every ``NEWSDESK_*`` name in the package's code (reads, messages, help) is in the table."""
    known = {s.env for s in settings.SETTINGS}
    unknown = [f"{path.relative_to(SRC)}:{line}: {name}"
               for path in sorted(SRC.rglob("*.py"))
               for line, text in _literals(path)
               for name in VARIABLE.findall(text) if name not in known]
    assert unknown == []


def test_only_the_settings_module_reads_the_environment_for_newsdesk() -> None:
    """``os.environ``/``os.getenv`` with a ``NEWSDESK_`` name happens in settings.py alone."""
    reads = []
    for path in sorted(SRC.rglob("*.py")):
        if path == SRC / "settings.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            key = None
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
                func = ast.unparse(node.func)
                if func in {"os.environ.get", "os.getenv", "environ.get", "getenv", "os.environ.setdefault"}:
                    key = node.args[0].value
            elif isinstance(node, ast.Subscript) and ast.unparse(node.value) in {"os.environ", "environ"}:
                key = node.slice.value if isinstance(node.slice, ast.Constant) else None
            if isinstance(key, str) and key.startswith("NEWSDESK_"):
                reads.append(f"{path.relative_to(SRC)}:{node.lineno}: {key}")
    assert reads == []


def test_the_variable_overrides_the_default_typed(monkeypatch) -> None:
    monkeypatch.delenv("NEWSDESK_TORCH_THREADS", raising=False)
    assert settings.value("torch_threads") == 1
    monkeypatch.setenv("NEWSDESK_TORCH_THREADS", " 3 ")
    assert settings.value("torch_threads") == 3
    monkeypatch.setenv("NEWSDESK_TORCH_THREADS", "")
    assert settings.value("torch_threads") == 1  # empty is unset
    monkeypatch.setenv("NEWSDESK_FETCH_STATE", "/tmp/elsewhere.json")
    assert settings.value("fetch_state") == Path("/tmp/elsewhere.json")
    monkeypatch.setenv("NEWSDESK_EVAL_HELDOUT", "1")
    assert settings.value("eval_heldout") is True
    monkeypatch.setenv("NEWSDESK_EVAL_GEO_TRAIN", "")
    assert settings.value("eval_geo_train") == ""  # empty: no companion sets, not the default


@pytest.mark.parametrize(("name", "raw", "message"), [
    ("torch_threads", "two", "NEWSDESK_TORCH_THREADS must be a whole number, not 'two'"),
    ("torch_threads", "0", "NEWSDESK_TORCH_THREADS must be at least 1, not 0"),
    ("eval_heldout", "maybe", "NEWSDESK_EVAL_HELDOUT must be 1 or 0, not 'maybe'"),
    ("start_method", "thread", "NEWSDESK_START_METHOD must be one of spawn, forkserver, fork, not 'thread'"),
])
def test_a_bad_value_is_one_line_naming_the_variable(monkeypatch, name, raw, message) -> None:
    monkeypatch.setenv(settings.setting(name).env, raw)
    with pytest.raises(settings.SettingError) as error:
        settings.value(name)
    assert str(error.value) == message


def test_an_unknown_setting_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="torch_threads"):
        settings.value("torch_thread")


def test_follow_keeps_its_state_where_the_variable_says(tmp_path, monkeypatch) -> None:
    """``NEWSDESK_FETCH_STATE`` reaches ``newsdesk follow`` (it used to pass its own default)."""
    from newsdesk.cli import app

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSDESK_FETCH_STATE", str(tmp_path / "state" / "here.json"))
    # A loopback feed is refused before any request, so nothing leaves the machine.
    feed = "http://127.0.0.1:9/feed.xml"
    result = CliRunner().invoke(app, ["follow", feed, "--db", str(tmp_path / "n.db")])
    assert result.exit_code == 1 and "loopback" in result.stderr
    assert (tmp_path / "state" / "here.json").is_file()
    assert not (tmp_path / ".newsdesk" / "fetch-state.json").exists()
    CliRunner().invoke(app, ["follow", feed, "--db", str(tmp_path / "n.db"), "--state", str(tmp_path / "s")])
    assert (tmp_path / "s").is_file()  # the flag wins over the variable


class _Task:
    """An entry point whose task records the options it is given."""

    def __init__(self, evaluate) -> None:
        self.evaluate = evaluate

    def load(self):
        return self.evaluate


def test_eval_flags_reach_the_task_as_arguments(tmp_path, monkeypatch) -> None:
    from newsdesk.cli import app
    from newsdesk.cli import evaluate as command

    seen: list[dict] = []

    def scored(path, *, folds=None, seed=None, heldout=None, train=None) -> dict:
        seen.append({"folds": folds, "seed": seed, "heldout": heldout, "train": train})
        return {"n": 0}

    def plain(path) -> dict:
        return {"n": 1}

    monkeypatch.setattr(command, "_tasks", lambda: {"scored": _Task(scored), "plain": _Task(plain)})
    runner = CliRunner()
    result = runner.invoke(app, ["eval", "scored", str(tmp_path), "--folds", "5", "--seed", "1", "--heldout",
                                 "--train", f"{tmp_path}/a,{tmp_path}/b"])
    assert result.exit_code == 0 and result.stdout.strip() == '{"task": "scored", "n": 0}'
    assert seen[-1] == {"folds": 5, "seed": 1, "heldout": True, "train": [tmp_path / "a", tmp_path / "b"]}
    runner.invoke(app, ["eval", "scored", str(tmp_path)])
    assert seen[-1] == {"folds": None, "seed": None, "heldout": None, "train": None}  # the settings decide
    assert runner.invoke(app, ["eval", "plain", str(tmp_path)]).exit_code == 0  # a task of (path) only
    refused = runner.invoke(app, ["eval", "plain", str(tmp_path), "--folds", "2"])
    assert refused.exit_code == 2 and refused.stderr.strip() == "newsdesk eval: task 'plain' takes no --folds"


@pytest.mark.parametrize("name", ["questions.json", "modality.json"])
def test_a_shared_data_file_is_read_in_one_place(name: str) -> None:
    """The attribute stage and ``ask`` share one reading of ``modality.json``; the actor lookup
    and ``ask`` one of ``questions.json`` (two readings could drift apart)."""
    readers = sorted(str(path.relative_to(SRC)) for path in SRC.rglob("*.py")
                     for node in ast.walk(ast.parse(path.read_text("utf-8"))) if isinstance(node, ast.Call)
                     for a in node.args if isinstance(a, ast.Constant) and str(a.value).endswith(name))
    assert len(readers) == 1, readers
