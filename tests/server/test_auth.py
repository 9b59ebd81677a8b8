"""The API token: taken from the environment, or generated once with only its hash kept."""

from __future__ import annotations

import stat
from pathlib import Path

from newsfuse.server.auth import bearer_ok, setup_token, token_hash
from newsfuse.server.config import ServerSettings, token_path


def test_generated_token_is_printed_once_and_only_its_hash_kept(tmp_path: Path) -> None:
    settings = ServerSettings(db=str(tmp_path / "n.db"), api_token="")
    first = setup_token(settings)
    assert first.new_token is not None and len(first.new_token) >= 40
    stored = token_path(settings).read_text().strip()
    assert stored == token_hash(first.new_token) and first.new_token not in stored
    assert stat.S_IMODE(token_path(settings).stat().st_mode) == 0o600
    again = setup_token(settings)
    assert again.new_token is None and again.digest == first.digest
    assert bearer_ok(f"Bearer {first.new_token}", again.digest)


def test_environment_token_wins_and_nothing_is_written(tmp_path: Path) -> None:
    settings = ServerSettings(db=str(tmp_path / "n.db"), api_token="s3cret")
    setup = setup_token(settings)
    assert setup.new_token is None and setup.digest == token_hash("s3cret")
    assert not token_path(settings).exists()


def test_bearer_header_forms() -> None:
    digest = token_hash("abc")
    assert bearer_ok("Bearer abc", digest) and bearer_ok("bearer  abc ", digest)
    for header in (None, "", "Bearer", "Bearer ", "Basic abc", "Bearer abcd", "abc"):
        assert not bearer_ok(header, digest)


def test_token_file_of_a_postgres_url_is_not_a_path_inside_the_url(tmp_path: Path) -> None:
    settings = ServerSettings(db="postgresql+psycopg://u@127.0.0.1:5/db", api_token="")
    assert "://" not in str(token_path(settings))
    explicit = ServerSettings(db="x.db", token_file=tmp_path / "t")
    assert token_path(explicit) == tmp_path / "t"
