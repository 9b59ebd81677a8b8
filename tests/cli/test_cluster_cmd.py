from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from newsfuse.cli import app


def _subset(
    data_dir: Path, tmp_path: Path, prefixes: tuple[str, ...]
) -> tuple[Path, dict[str, str]]:
    rows = [
        json.loads(line)
        for line in (data_dir / "clustering" / "ecbplus_dev.jsonl").read_text().splitlines()
    ]
    picked = [r for r in rows if r["id"].split("_")[0] in prefixes][:16]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in picked) + "\n", encoding="utf-8")
    return path, {r["id"]: r["event"] for r in picked}


def test_cluster_writes_a_story_for_every_input_id(data_dir: Path, tmp_path: Path) -> None:
    source, events = _subset(data_dir, tmp_path, ("12",))
    out = tmp_path / "stories.json"
    result = CliRunner().invoke(
        app, ["cluster", str(source), "--format", "json", "-o", str(out), "--no-names"]
    )
    assert result.exit_code == 0, result.output
    mapping = json.loads(out.read_text(encoding="utf-8"))
    assert set(mapping) == set(events)
    # The two navy actions (23 pirates in 2008, 26 pirates in 2011) never share a story.
    stories_of = {
        e: {mapping[i] for i, ev in events.items() if ev == e} for e in set(events.values())
    }
    first, second = stories_of.values()
    assert not first & second


def test_cluster_prints_to_stdout_without_output(data_dir: Path, tmp_path: Path) -> None:
    source, events = _subset(data_dir, tmp_path, ("1",))
    result = CliRunner().invoke(app, ["cluster", str(source), "--no-names"])
    assert result.exit_code == 0, result.output
    assert set(json.loads(result.stdout)) == set(events)


def test_cluster_of_an_empty_file_fails_with_one_line(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    result = CliRunner().invoke(app, ["cluster", str(empty), "--no-names"])
    assert result.exit_code == 1
    assert "error" in result.output


def test_stories_lists_what_ingest_clustered(seeds_dir: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "news.db")
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(seeds_dir), "--db", db])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["stories", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    (story,) = json.loads(result.stdout)
    assert story["size"] == 5
    assert story["title"]
    assert story["languages"] == ["en"]  # detected at ingest, stored with each article
    table = runner.invoke(app, ["stories", "--db", db])
    assert table.exit_code == 0, table.output
    assert story["id"][:12] in table.output


def test_report_of_an_unknown_story_fails_with_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["report", "nope", "--db", str(tmp_path / "x.db"), "-f", "md"])
    assert result.exit_code == 1
    assert "newsfuse stories" in result.output
