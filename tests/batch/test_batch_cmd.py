"""`newsfuse batch` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from newsfuse.cli import app

runner = CliRunner()


def test_batch_writes_reports_and_html(seed_paths: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["batch", *map(str, seed_paths[:2]), "--out", str(out), "--html", "--format", "jsonl"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    stories = [json.loads(line) for line in (out / "stories.jsonl").read_text().splitlines()]
    assert sum(s["size"] for s in stories) == 2
    for story in stories:
        assert (out / "reports" / f"{story['story_id']}.html").read_text().startswith("<!")
        assert (out / "reports" / f"{story['story_id']}.json").is_file()
    assert "2 articles in" in result.output


def test_address_without_ray_is_a_usage_error(tmp_path: Path, seed_paths: list[Path]) -> None:
    result = runner.invoke(
        app, ["batch", str(seed_paths[0]), "--out", str(tmp_path), "--address", "ray://x:1"]
    )
    assert result.exit_code == 1
    assert "--address needs --engine ray" in result.output


def test_missing_input_fails_with_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["batch", str(tmp_path / "nothing.jsonl"), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "no such file" in result.output


def test_block_size_bounds_the_blocks_and_keeps_every_article(
    seed_paths: list[Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    args = ["batch", *map(str, seed_paths[:3]), "--out", str(out), "--no-fuse",
            "--format", "jsonl", "--block-size", "1"]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    stories = [json.loads(line) for line in (out / "stories.jsonl").read_text().splitlines()]
    # One article per block: only the merge across blocks can put the three reports of one
    # event together, and it does.
    assert [s["size"] for s in stories] == [3]


def test_block_size_help_states_the_library_default() -> None:
    """The CLI names the default without importing the batch package; the two must agree."""
    from typer.testing import CliRunner

    from newsfuse.batch import BlockingOptions
    from newsfuse.cli import app

    shown = CliRunner().invoke(app, ["batch", "--help"], terminal_width=200).output
    assert f"default {BlockingOptions().max_block}" in " ".join(shown.split())
