"""The Jinja2 templates of the web pages (`src/mskg/web/templates/`)."""

from __future__ import annotations

from pathlib import Path

from starlette.templating import Jinja2Templates

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
"""Render with `templates.TemplateResponse(request, name, context)`."""
