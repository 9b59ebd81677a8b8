from __future__ import annotations

from pathlib import Path
from typing import Any

from newsfuse.cluster.features import (
    entity_terms,
    extract_features,
    lead_terms,
    lead_text,
    parse_published,
    text_terms,
)
from newsfuse.models import Article


def test_days_are_written_alike_in_every_language() -> None:
    english = text_terms("", "He was arrested on Wednesday (Sep 21) in Caracas.")
    british = text_terms("", "Arrested on 21 September 2022.")
    malay = text_terms("", "Ditahan pada 21 Sept lalu.")
    chinese = text_terms("", "法兰西斯星期三（9月21日）在委内瑞拉被捕")
    for counts in (english, british, malay, chinese):
        assert counts["d:09-21"] >= 1


def test_numbers_are_normalised_and_trivial_ones_dropped() -> None:
    counts = text_terms("", "He paid S$500 and 2,000 people; 3 cars; 1.50 dollars; 500元")
    assert counts["n:500"] == 2
    assert counts["n:2000"] == 1
    assert counts["n:1.5"] == 1
    assert "n:3" not in counts


def test_numbers_touching_cjk_text_count_but_not_inside_latin_codes() -> None:
    """Chinese text puts digits right after characters; "A320" and "v2.1" are names, not numbers."""
    chinese = text_terms("", "可在10分钟内检测出对COVID-19的免疫力，准确率高达93%，约2,000人")
    assert {"n:10", "n:19", "n:93", "n:2000"} <= set(chinese)
    latin = text_terms("", "An A320 running v2.1 software")
    assert not any(key.startswith("n:") for key in latin)


def test_words_skip_stopwords_and_cjk_becomes_bigrams() -> None:
    counts = text_terms("Klitschko wins", "The champion and 胖子伦纳德")
    assert counts["w:klitschko"] == 3  # the title counts three times
    assert "w:the" not in counts
    assert counts["c:胖子"] == 1 and counts["c:伦纳"] == 1


def test_person_names_also_key_on_the_surname() -> None:
    counts = entity_terms([("Lindsay Lohan", "PERSON"), ("Lohan's", "PERSON"), ("May", "DATE")])
    assert counts["e:lohan"] == 2
    assert counts["e:lindsay lohan"] == 1
    assert not any(key.startswith("e:may") for key in counts)


def test_spans_that_cannot_be_names_are_skipped() -> None:
    """The English tagger on Chinese and Malay text tags sentence runs and lowercase words."""
    counts = entity_terms(
        [
            ("截至周二 新加坡的人口已经完成了完整的疫苗接种方案", "ORG"),
            ("ada seseorang", "PERSON"),
            ("dan penyakit lain", "ORG"),
            ("the Red Sox", "ORG"),
            ("Singapore-MIT Alliance for Research and Technology", "ORG"),
            ("Leonard Glenn Francis dilaporkan memotong gelang di rumah", "PERSON"),
        ]
    )
    assert set(counts) == {
        "e:red sox",
        "e:sox",
        "e:singapore mit alliance for research and technology",
        "e:technology",
    }


def test_the_lead_is_the_opening_words_and_keys_repeat_under_l() -> None:
    text = " ".join(f"word{i}" for i in range(400))
    assert lead_text(text, words=150).split()[-1] == "word149"
    assert lead_text("短文", words=150) == "短文"
    # 150 words of Chinese are about 250 characters.
    assert 248 <= len(lead_text("地" * 1000, words=150)) <= 252
    counts = lead_terms("Quake hits Qeshm", "A 5.6 magnitude quake. " + text)
    assert counts["l:w:qeshm"] == 3 and counts["l:n:5.6"] == 1
    assert "l:w:word200" not in counts and all(k.startswith("l:") for k in counts)


def test_published_dates_parse_or_give_none() -> None:
    assert str(parse_published("2024-12-06T10:00:00Z")) == "2024-12-06"
    assert parse_published("yesterday") is None
    assert parse_published(None) is None


def test_extract_features_adds_names_from_ner(seed_paths: list[Path], ner: Any) -> None:
    articles = [
        Article(id=p.stem, source=str(p), text=p.read_text(encoding="utf-8"))
        for p in seed_paths[:2]
    ]
    feats = extract_features(articles, nlp=ner)
    assert [f.article_id for f in feats] == [a.id for a in articles]
    for feat in feats:
        assert any(k.startswith("l:w:") for k in feat.terms)  # the lead's keys
        names = {k for k in feat.terms if k.startswith("e:")}
        assert any("rastan" in k or "homs" in k for k in names), sorted(names)[:20]
        assert feat.embedding is None


def test_names_come_from_the_analysis_mentions(seed_paths: list[Path], nlp: Any) -> None:
    from newsfuse.analyze import analyze_articles

    articles = [
        Article(id=p.stem, source=str(p), text=p.read_text(encoding="utf-8"))
        for p in seed_paths[:2]
    ]
    found = analyze_articles(articles, nlp=nlp)
    plain = extract_features(articles)
    named = extract_features(articles, analyses=found)
    for without, feat, analysis in zip(plain, named, found, strict=True):
        names = {k for k in feat.terms if k.startswith("e:")}
        assert not any(k.startswith("e:") for k in without.terms)
        assert any("rastan" in k or "homs" in k for k in names), sorted(names)[:20]
        places = {m.text.casefold() for m in analysis.mentions if m.type == "GPE"}
        assert {k[2:] for k in names} & places  # the analysis' own mentions, re-typed
        assert {k: v for k, v in feat.terms.items() if not k.startswith("e:")} == without.terms


def test_the_publication_day_is_a_day_key_of_the_text_and_the_lead() -> None:
    dated = Article(
        id="a", source="t", title="Quake", text="A quake hit.", published="2013-05-03T10:00:00Z"
    )
    undated = Article(id="b", source="t", title="Quake", text="A quake hit.")
    terms, bare = (f.terms for f in extract_features([dated, undated]))
    assert terms["d:05-03"] == 1 and terms["l:d:05-03"] == 1
    assert {k: v for k, v in terms.items() if "d:" not in k} == bare
