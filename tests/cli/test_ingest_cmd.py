"""`newsfuse extract`, `ingest` and `articles` through the Typer app."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from newsfuse.cli import app

runner = CliRunner()


def test_extract_one_file_prints_one_object(seed_paths: list[Path]) -> None:
    path = next(p for p in seed_paths if p.name.startswith("001"))
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["byline"] == "J. Mansour" and record["outlet"] == "Newslooks"


def test_extract_folder_prints_an_array_and_jsonl_one_line_each(seeds_dir: Path) -> None:
    result = runner.invoke(app, ["extract", str(seeds_dir)])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == 5
    lines = runner.invoke(app, ["extract", str(seeds_dir), "--format", "jsonl"])
    assert lines.exit_code == 0, lines.output
    assert [json.loads(line)["id"] for line in lines.stdout.splitlines()] == [
        r["id"] for r in json.loads(result.stdout)
    ]


def test_extract_reads_stdin() -> None:
    text = "Storm hits coast\nA storm hit the coast on Monday, officials said.\n"
    result = runner.invoke(app, ["extract", "-"], input=text)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["title"] == "Storm hits coast"


def test_extract_bad_input_exits_1_and_says_why(tmp_path: Path, seeds_dir: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["extract", str(tmp_path / "empty.txt"), str(seeds_dir)])
    assert result.exit_code == 1
    assert len(json.loads(result.stdout)) == 5
    assert "empty.txt" in result.stderr and "empty" in result.stderr


def test_unknown_option_is_a_usage_error(seeds_dir: Path) -> None:
    result = runner.invoke(app, ["extract", str(seeds_dir), "--format", "xml"])
    assert result.exit_code == 2


def test_ingest_then_articles(tmp_path: Path, seeds_dir: Path) -> None:
    db = str(tmp_path / "news.db")
    first = runner.invoke(app, ["ingest", str(seeds_dir), "--db", db])
    assert first.exit_code == 0, first.output
    assert "added 5, already present 0, skipped 0" in first.stdout
    again = runner.invoke(app, ["ingest", str(seeds_dir), str(tmp_path / "nope.txt"), "--db", db])
    assert again.exit_code == 1
    assert "added 0, already present 5, skipped 1" in again.stdout
    assert "nope.txt" in again.stderr
    listed = runner.invoke(app, ["articles", "--db", db, "--json", "--limit", "3"])
    assert listed.exit_code == 0, listed.output
    assert len(listed.stdout.splitlines()) == 3
    table = runner.invoke(app, ["articles", "--db", db])
    assert table.exit_code == 0, table.output
    assert "5 of 5 stored articles" in table.stdout


def test_articles_without_a_database_fails_with_advice(tmp_path: Path) -> None:
    result = runner.invoke(app, ["articles", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "newsfuse ingest" in result.stderr


def test_private_url_needs_allow_private() -> None:
    refused = runner.invoke(app, ["extract", "http://127.0.0.1:9/story"])
    assert refused.exit_code == 1
    assert "--allow-private" in refused.stderr
    allowed = runner.invoke(app, ["extract", "http://127.0.0.1:9/story", "--allow-private"])
    assert allowed.exit_code == 1
    assert "cannot fetch" in allowed.stderr and "--allow-private" not in allowed.stderr


def test_help_lists_the_ingest_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0, result.output
    for command in ("extract", "ingest", "articles"):
        assert command in result.stdout


def test_ingest_reports_each_bad_input_and_keeps_the_good(tmp_path: Path, seeds_dir: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    with (bad / "huge.txt").open("wb") as handle:
        handle.truncate(100 * 2**20)  # sparse 100 MiB file
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.dat").write_bytes(b"\x00\x01\x02\x03" * 100)
    (bad / "records.jsonl").write_text('{"text": "A fine record about the harbour."}\n{oops\n')
    db = str(tmp_path / "news.db")
    result = runner.invoke(app, ["ingest", str(bad), str(seeds_dir), "--db", db])
    assert result.exit_code == 1
    assert "added 6, already present 0, skipped 4" in result.stdout
    for expected in ("huge.txt: 100.0 MiB is over", "empty.txt: empty file", "binary.dat: binary",
                     "records.jsonl:2: line 2: invalid JSON"):  # fmt: skip
        assert expected in " ".join(result.stderr.split()), expected


def test_ingest_first_places_what_a_dead_process_left_unplaced(
    tmp_path: Path, seed_paths: list[Path]
) -> None:
    from newsfuse.ingest import article_from_text
    from newsfuse.store import open_store

    db = tmp_path / "news.db"
    lost = [article_from_text(p.read_text("utf-8"), source=str(p)) for p in seed_paths[:3]]
    with open_store(db) as store:
        store.add_articles(lost)  # stored, then the process died before placing them
    listed = runner.invoke(app, ["stories", "--db", str(db)])
    assert listed.exit_code == 0, listed.output
    assert "3 stored articles have no story yet" in listed.output
    result = runner.invoke(app, ["ingest", *map(str, seed_paths[3:]), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "placed 3 stored articles that had no story" in result.output
    with open_store(db) as store:
        (story,) = store.list_stories()  # the five reports of one event, each once
        assert sorted(story.article_ids) == sorted(a.id for a in store.list_articles())
        assert store.unplaced() == []
