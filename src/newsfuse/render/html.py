"""The reader's report: one self-contained HTML file that opens offline.

CSS and JS are inlined from ``templates/``; a Content-Security-Policy meta allows exactly those
two inline blocks (by sha256 hash) and nothing from the network. All report text goes through
Jinja2 autoescaping; document bodies are assembled from escaped slices (see ``marks``).
Citations are plain anchors to span ids, so the page works without JavaScript; the script only
adds highlighting and a popover with the quoted words.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from importlib.resources import files

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from newsfuse.models import Report
from newsfuse.render.html_view import build_view


def render_html(report: Report) -> str:
    """The report as one HTML document (UTF-8 text, no external resources).

    Guarantees: no text from the report can add markup or run script; every citation's href
    is ``#id`` of an element in the same page; the page loads nothing over the network.
    """
    css, js = _assets()
    csp = "; ".join(
        [
            "default-src 'none'",
            f"script-src '{_sha256(js)}'",
            f"style-src '{_sha256(css)}'",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    template = _environment().get_template("report.html.j2")
    return template.render(
        v=build_view(report), css=Markup(css), js=Markup(js), csp=csp, version=_version()
    )


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


@lru_cache(maxsize=1)
def _assets() -> tuple[str, str]:
    """The stylesheet and the script, checked to be safe to inline as they are."""
    root = files("newsfuse.render") / "templates"
    css = (root / "report.css").read_text(encoding="utf-8")
    js = (root / "report.js").read_text(encoding="utf-8")
    # A literal closing tag inside either block would end it early and break the hashes.
    assert "</style" not in css.lower() and "</script" not in js.lower()
    return css, js


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("newsfuse.render", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def _version() -> str:
    from newsfuse import __version__

    return __version__
