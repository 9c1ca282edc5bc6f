"""The web UI: server-rendered pages (Jinja2, autoescaped) and local static files only."""
