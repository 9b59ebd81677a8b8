"""A headless Debian chromium driven by Playwright, and the reports the browser tests open."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from newsfuse.models import Report

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
# Without the background-networking flags chromium keeps calling home, which floods a closed
# network; the rest keep a headless run quiet and reproducible.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _load_reports() -> ModuleType:
    path = ROOT / "tests" / "render" / "reports.py"
    spec = importlib.util.spec_from_file_location("browser_test_reports", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


reports = _load_reports()


def _ensure_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.geteuid() == 0:
        subprocess.run(["bash", str(ROOT / "scripts" / "install-chromium.sh")], check=False)
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} is missing and cannot be installed without root; "
            "run `sudo bash scripts/install-chromium.sh`"
        )


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    _ensure_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


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
