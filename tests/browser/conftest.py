"""A headless Debian chromium driven by Playwright, and the reports the browser tests open."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from newsfuse.models import Report

ROOT = Path(__file__).resolve().parents[2]


def _load_reports() -> ModuleType:
    path = ROOT / "tests" / "render" / "reports.py"
    spec = importlib.util.spec_from_file_location("browser_test_reports", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


reports = _load_reports()


# The pipeline's clock, fixed so the reports (and their screenshots) do not change run to run.
NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
HOSTILE_ARTICLE = """Rebels <script>window.__pwned = 1</script> enter Homs
Rebels seized the town of Rastan on Friday, officials said <img src=x onerror="window.__pwned=2">.
“</script><script>window.__pwned = 3</script> We will hold Homs,” said Colonel Ahmed Khalil.
Thousands fled toward Damascus, <a href="javascript:window.__pwned=5">according to</a> the \
Syrian Observatory for Human Rights <svg onload="window.__pwned=4">.
The civil war began in 2011 <iframe srcdoc="<script>parent.__pwned=6</script>"></iframe>.
"""


@pytest.fixture(scope="session")
def seed_report(seeds_dir: Path) -> Report:
    """The seeds' report exactly as `newsfuse fuse ../shared/seeds` makes it."""
    from newsfuse.pipeline import fuse

    return fuse([seeds_dir], now=NOW)


@pytest.fixture(scope="session")
def sections() -> list[str]:
    """The report's section headings in order (tests/render/reports.py)."""
    titles: list[str] = reports.SECTIONS
    return titles


@pytest.fixture(scope="session")
def hostile_report() -> Report:
    """A hand-made report in which every text field and every span is an injection attempt."""
    report: Report = reports.hostile_report()
    return report


@pytest.fixture(scope="session")
def hostile_fused_report(seed_paths: list[Path]) -> Report:
    """A hostile article fused with one seed by the real pipeline: payloads in real spans."""
    from newsfuse.ingest import article_from_text
    from newsfuse.pipeline import fuse

    hostile = article_from_text(HOSTILE_ARTICLE, source="hostile.txt")
    return fuse([hostile, seed_paths[0]], now=NOW)


@pytest.fixture(scope="session")
def output_dir() -> Path:
    """test-output/ in the repository (git-ignored): screenshots to look at after a run."""
    out = ROOT / "test-output"
    out.mkdir(exist_ok=True)
    return out
