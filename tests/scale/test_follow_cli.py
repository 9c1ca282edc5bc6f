"""`newsdesk follow` refuses a feed on a loopback address and says why, storing nothing."""

from __future__ import annotations

from pathlib import Path

from scale_site import Route, Site, html
from typer.testing import CliRunner

from newsdesk.cli import app


def test_follow_refuses_loopback_feed(site: Site, tmp_path: Path) -> None:
    site.routes["/feed.xml"] = Route(html("not reached", "x"), headers={"Content-Type": "text/html"})
    result = CliRunner().invoke(app, ["follow", site.url("/feed.xml", host="127.0.0.1"), "--db",
                                      str(tmp_path / "news.db"), "--state", str(tmp_path / "state.json")])
    assert result.exit_code == 1
    assert "resolves to 127.0.0.1, a loopback address" in result.output
    assert "stored 0" in result.output
    assert site.log == []
