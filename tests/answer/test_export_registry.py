"""The export formats are declared once: the CLI's choices and help and ``newsdesk.export`` follow it."""

from __future__ import annotations

import pytest
import typer
from typer.testing import CliRunner

from newsdesk.answer.export import FORMATS, writer
from newsdesk.cli import app
from newsdesk.cli.corpus import ExportFormat


def test_the_cli_offers_exactly_the_registered_formats() -> None:
    assert [f.value for f in ExportFormat] == list(FORMATS)
    command = typer.main.get_command(app).commands["export"]  # type: ignore[attr-defined]
    argument = next(p for p in command.params if p.name == "format")
    assert "csv (events)" in argument.help and "stix (STIX 2.1 bundle)" in argument.help
    result = CliRunner().invoke(app, ["export", "xlsx", "--out", "x.xlsx"])
    assert result.exit_code == 2 and "xlsx" in result.output


def test_every_registered_format_has_its_writer() -> None:
    for name in FORMATS:
        assert callable(writer(name))


def test_an_unknown_format_is_one_line_naming_the_formats() -> None:
    with pytest.raises(ValueError, match=r"unknown export format 'xlsx'; use one of jsonl, csv, "):
        writer("xlsx")
