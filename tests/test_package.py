from __future__ import annotations

import subprocess
import sys

from typer.testing import CliRunner

import newsfuse
from newsfuse.cli import app
from newsfuse.models import content_id


def test_content_id_ignores_spacing_and_case() -> None:
    assert content_id("Rebels  seized\nRastan.") == content_id("rebels seized rastan.")
    assert content_id("Rebels seized Rastan.") != content_id("Rebels seized Talbiseh.")


def test_cli_help_lists_commands() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0, result.output
    assert "newsfuse" in result.output.lower() or "Usage" in result.output


def test_public_api_is_sorted() -> None:
    assert list(newsfuse.__all__) == sorted(newsfuse.__all__)


def test_import_newsfuse_loads_no_heavy_library() -> None:
    code = (
        "import sys, newsfuse\n"
        "heavy = ('numpy', 'torch', 'spacy', 'datasketch', 'rapidfuzz', 'sentence_transformers')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
        "print(newsfuse.fuse.__module__)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    ).stdout.splitlines()
    assert out == ["[]", "newsfuse.pipeline"]  # fuse itself still loads on first use
