"""data/key/findings.json: what each part's students are meant to find, as short phrases (the
list the notebook leak test reads). The phrases must be findings, not the article's own words,
and the words to know shown before the exercise must not give any of them away."""

from __future__ import annotations

import json

import pytest

from helpers import context
from helpers.article import PART_IDS, load_article
from helpers.paths import DATA

FINDINGS = DATA / "key" / "findings.json"


def _doc() -> dict:
    return json.loads(FINDINGS.read_text(encoding="utf-8"))


def _later(part: str) -> list[str]:
    """The phrases a notebook of ``part`` must not show before its exercise: its own findings
    and those of the parts after it."""
    parts = _doc()["parts"]
    return [phrase for p in PART_IDS[PART_IDS.index(part) :] for phrase in parts[p]]


def test_findings_file_has_its_shape():
    doc = _doc()
    assert doc["version"] == 1
    assert isinstance(doc["about"], str) and doc["about"].strip()
    assert list(doc["parts"]) == list(PART_IDS), "one list per part, in the article's order"
    seen: dict[str, str] = {}
    for part, phrases in doc["parts"].items():
        assert isinstance(phrases, list) and phrases, part
        for phrase in phrases:
            assert isinstance(phrase, str), (part, phrase)
            assert phrase == phrase.strip() and len(phrase) >= 3, (part, phrase)
            folded = phrase.casefold()
            assert folded not in seen, f"{phrase!r} is listed under {seen[folded]} and {part}"
            seen[folded] = part


def test_no_finding_is_words_of_the_article():
    """A finding is what the student finds elsewhere: if the article said it, showing the
    article would give it away (and the leak test could never pass)."""
    article = load_article()
    texts = [article.text.casefold(), (DATA / "article.txt").read_text(encoding="utf-8").casefold()]
    for part, phrases in _doc()["parts"].items():
        for phrase in phrases:
            assert not any(phrase.casefold() in text for text in texts), (part, phrase)


@pytest.mark.parametrize("part", PART_IDS)
def test_words_to_know_give_no_finding_away(part):
    """The glossary rows shown before the exercise (reveal false) hold none of the part's
    findings, nor those of later parts; the rows that do are reveal-only."""
    words = context.glossary(part)
    assert len(words) > 0
    shown = " ".join(
        " ".join(row) for row in words[["term", "definition", "source"]].itertuples(index=False)
    ).casefold()
    assert [p for p in _later(part) if p.casefold() in shown] == []


def test_the_check_catches_a_finding(tmp_path):
    """The glossary check above is not vacuous: a row stating a finding is caught, unless it is
    reveal-only."""
    header = "term,part,definition,source,reveal\n"
    row = 'combat vehicle,nato,"NATO said ""more than 1,100 combat vehicles"".",NATO,{}\n'
    for reveal, caught in (("false", True), ("true", False)):
        folder = tmp_path / reveal  # a folder each: tables are read once per path
        folder.mkdir()
        (folder / "glossary.csv").write_text(header + row.format(reveal), encoding="utf-8")
        table = context.load("glossary", folder=folder)
        shown = table[table["reveal"] == "false"]["definition"].str.casefold().str.cat(sep=" ")
        assert any(p.casefold() in shown for p in _later("nato")) is caught


def test_a_glossary_row_says_whether_it_is_reveal_only(tmp_path):
    (tmp_path / "glossary.csv").write_text(
        "term,part,definition,source,reveal\nx,lede,y,general knowledge,maybe\n",
        encoding="utf-8",
    )
    with pytest.raises(context.ContextError, match=r"row 2: the column 'reveal' is 'maybe'"):
        context.load("glossary", folder=tmp_path)
