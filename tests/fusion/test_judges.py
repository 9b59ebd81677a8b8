"""Judges: an OpenAI-compatible endpoint (a real HTTP server on 127.0.0.1) confirms or rejects
the rules' conflicts, and nothing it says reaches the report."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from newsfuse.config import Settings
from newsfuse.errors import JudgeError, JudgeUnavailable
from newsfuse.fusion.judges import (
    EndpointJudge,
    JudgedVerifier,
    NLIJudge,
    Question,
    judge_from_settings,
    parse_answer,
)
from newsfuse.models import Report
from newsfuse.pipeline import FuseOptions, fuse_articles

QUESTION = Question(
    kind="date",
    topic="when the conflict began",
    sentence_a="The war began in 2011.",
    value_a="2011",
    sentence_b="The war, which erupted in 2012, goes on.",
    value_b="2012",
)


@pytest.mark.parametrize(
    ("content", "verdict"),
    [
        ('{"contradiction": true}', True),
        (' {"contradiction": false}\n', False),
        ('```json\n{"contradiction": true}\n```', True),
    ],
)
def test_the_answer_is_the_json_verdict(content: str, verdict: bool) -> None:
    assert parse_answer(content) is verdict


@pytest.mark.parametrize(
    "content",
    [
        "Yes",
        '{"contradiction": "yes"}',
        '{"contradiction": true, "why": "different years"}',
        '[{"contradiction": true}]',
        'Sure! {"contradiction": true}',
    ],
)
def test_anything_else_is_no_answer(content: str) -> None:
    with pytest.raises(JudgeUnavailable):
        parse_answer(content)


def test_the_endpoint_is_asked_in_the_chat_completions_format(judge_server: Any) -> None:
    with EndpointJudge(judge_server.url("confirm"), model="m1", api_key="k-123") as judge:
        assert judge.judge(QUESTION) is True
    sent = judge_server.calls("confirm")[-1]
    assert sent.path == "/confirm/v1/chat/completions"
    assert sent.headers["Authorization"] == "Bearer k-123"
    assert sent.body["model"] == "m1" and sent.body["temperature"] == 0
    roles = [m["role"] for m in sent.body["messages"]]
    assert roles == ["system", "user"]
    data = json.loads(sent.body["messages"][1]["content"])
    assert data["A"] == {"sentence": QUESTION.sentence_a, "value": "2011"}


def test_a_question_is_asked_once(judge_server: Any) -> None:
    flipped = Question(
        QUESTION.kind,
        QUESTION.topic,
        QUESTION.sentence_b,
        QUESTION.value_b,
        QUESTION.sentence_a,
        QUESTION.value_a,
    )
    before = len(judge_server.calls("reject"))
    with EndpointJudge(judge_server.url("reject")) as judge:
        answers = [judge.judge(QUESTION), judge.judge(flipped), judge.judge(QUESTION)]
    assert answers == [False, False, False]
    assert len(judge_server.calls("reject")) == before + 1


@pytest.mark.parametrize(("mode", "attempts"), [("error", 3), ("slow", 3), ("malformed", 1)])
def test_no_usable_answer_is_retried_a_bounded_number_of_times(
    judge_server: Any, mode: str, attempts: int
) -> None:
    before = len(judge_server.calls(mode))
    with EndpointJudge(judge_server.url(mode), timeout_s=0.2, retries=2) as judge:
        with pytest.raises(JudgeUnavailable, match="verifier"):
            judge.judge(QUESTION)
    assert len(judge_server.calls(mode)) - before == attempts


@pytest.mark.parametrize(
    ("mode", "hint"), [("denied", "NEWSFUSE_VERIFIER_API_KEY"), ("nope", "/v1")]
)
def test_a_misconfigured_endpoint_stops_the_run_with_what_to_do(
    judge_server: Any, mode: str, hint: str
) -> None:
    url = judge_server.url(mode) if mode != "nope" else judge_server.base + "/confirm"
    with EndpointJudge(url) as judge:
        with pytest.raises(JudgeError, match=hint) as caught:
            judge.judge(QUESTION)
    assert not isinstance(caught.value, JudgeUnavailable)


def test_a_url_that_is_not_http_is_refused() -> None:
    with pytest.raises(JudgeError, match="--verifier http://"):
        EndpointJudge("127.0.0.1:8080/v1")


def test_settings_configure_the_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    assert judge_from_settings(Settings()) is None
    monkeypatch.setenv("NEWSFUSE_VERIFIER_URL", "http://127.0.0.1:9/v1/")
    monkeypatch.setenv("NEWSFUSE_VERIFIER_MODEL", "qwen")
    monkeypatch.setenv("NEWSFUSE_VERIFIER_API_KEY", "secret-key")
    settings = Settings()
    assert "secret-key" not in repr(settings)
    judge = judge_from_settings(settings)
    assert judge is not None
    with judge:
        assert judge.url == "http://127.0.0.1:9/v1/chat/completions"
        assert judge.model == "qwen"
    from newsfuse.session import Session

    session = Session(settings)  # what the CLI, the server and batch mode fuse through
    assert session.judge is not None and session.judge is session.judge
    session.close()
    assert Session(Settings(verifier_url=None)).judge is None


def test_an_nli_model_judges_through_its_contradiction_score() -> None:
    def scores(premise: str, hypothesis: str) -> dict[str, float]:
        # A deterministic stand-in for a user's NLI model: contradiction when the years differ.
        years = {w.strip(".,") for w in (premise + " " + hypothesis).split() if w[:2] == "20"}
        c = 0.9 if len(years) > 1 else 0.1
        return {"entailment": 1 - c, "neutral": 0.0, "contradiction": c}

    assert NLIJudge(scores).judge(QUESTION) is True
    same = Question("date", "t", "It began in 2011.", "2011", "It started in 2011.", "2011")
    assert NLIJudge(scores).judge(same) is False
    with pytest.raises(JudgeError, match="contradiction"):
        NLIJudge(lambda p, h: {"entailment": 1.0}).judge(QUESTION)


def _fused(seed_story: Any, nlp: Any, encoder: Any, judge: Any, calls: int = 40) -> Report:
    articles, analyses = seed_story
    options = FuseOptions(judge=judge, judge_max_calls=calls)
    return fuse_articles(articles, nlp=nlp, encoder=encoder, analyses=analyses, options=options)


def _ids(report: Report) -> set[str]:
    return {c.id for c in report.conflicts}


def test_rejected_conflicts_disappear_and_confirmed_ones_stay(
    judge_server: Any, seed_story: Any, nlp: Any, encoder: Any, fused_seeds: Report
) -> None:
    with EndpointJudge(judge_server.url("reject-dates")) as judge:
        judged = _fused(seed_story, nlp, encoder, judge)
    kinds = {c.kind for c in fused_seeds.conflicts}
    assert {"date", "count"} <= kinds  # the rules' report: 2011 vs 2012, thousands vs tens of
    assert _ids(judged) == {c.id for c in fused_seeds.conflicts if c.kind != "date"}
    assert all(f.status != "disputed" or f.id not in _date_facts(fused_seeds) for f in judged.facts)
    assert not any("2011" in b.text and "2012" in b.text for b in judged.brief)
    assert judge_server.calls("reject-dates"), "the judge was never asked"


def _date_facts(report: Report) -> set[str]:
    return {f for c in report.conflicts if c.kind == "date" for f in c.fact_ids}


def test_a_judge_with_no_usable_answer_leaves_the_rules_verdict_and_says_so(
    judge_server: Any,
    seed_story: Any,
    nlp: Any,
    encoder: Any,
    fused_seeds: Report,
    caplog: pytest.LogCaptureFixture,
) -> None:
    before = len(judge_server.calls("malformed"))
    with caplog.at_level(logging.WARNING, logger="newsfuse.judges"):
        with EndpointJudge(judge_server.url("malformed"), retries=0) as judge:
            judged = _fused(seed_story, nlp, encoder, judge)
    assert _ids(judged) == _ids(fused_seeds)
    # three failures in a row stop the questions; the rest keep the rules' verdict unasked
    assert len(judge_server.calls("malformed")) - before == 3
    assert "not the JSON verdict" in caplog.text and "not asked about" in caplog.text
    assert "JUDGE-SAYS" not in json.dumps(judged.to_dict())


def test_questions_per_story_are_bounded(
    judge_server: Any, seed_story: Any, nlp: Any, encoder: Any, fused_seeds: Report
) -> None:
    articles, analyses = seed_story
    before = len(judge_server.calls("reject"))
    with EndpointJudge(judge_server.url("reject")) as judge:
        judged = _fused(seed_story, nlp, encoder, judge, calls=1)
    assert len(judge_server.calls("reject")) - before == 1
    assert 0 < len(judged.conflicts) <= len(fused_seeds.conflicts)


def test_the_judged_verifier_only_removes_findings() -> None:
    from newsfuse.fusion.statements import Statement
    from newsfuse.fusion.verify import Finding, Pair, Side

    statements = [
        Statement("a", 0, 0, 0, 22, QUESTION.sentence_a),
        Statement("b", 0, 0, 0, 40, QUESTION.sentence_b),
    ]
    finding = Finding(
        "date", "when", Side(0, "2011", 17, 21, "2011"), Side(1, "2012", 29, 33, "2012"), "r"
    )

    class Rules:
        def verify(self, statements: Any, pairs: Any) -> list[Finding]:
            return [finding, finding]

    class Always:
        def __init__(self, verdict: bool) -> None:
            self.verdict, self.asked = verdict, 0

        def judge(self, question: Question) -> bool:
            self.asked += 1
            return self.verdict

    yes, no = Always(True), Always(False)
    pairs = [Pair(0, 1, 0.5)]
    assert JudgedVerifier(Rules(), yes).verify(statements, pairs) == [finding, finding]
    assert JudgedVerifier(Rules(), no).verify(statements, pairs) == []
    assert (yes.asked, no.asked) == (1, 1)
