"""helpers.sentences: tidying a text and splitting it into parts, paragraphs and sentences.

Each tricky text below asserts the exact sentences and that every [start, end) offset gives
its sentence back from the tidied text."""

from __future__ import annotations

import json
import time
import unicodedata

import pytest

from helpers.paths import DATA
from helpers.sentences import TextError, normalise, prepare, split_sentences


def sentences(raw: str) -> list[str]:
    """The sentences of ``raw``, after checking that every offset reproduces its sentence."""
    layout = prepare(raw)
    assert normalise(raw) == layout.text
    found = []
    for part in layout.parts:
        for paragraph in part.paragraphs:
            for start, end in paragraph:
                piece = layout.text[start:end]
                assert piece == piece.strip() and piece and "\n" not in piece
                found.append(piece)
    assert found == layout.sentence_texts()
    spans = [s for part in layout.parts for s in part.sentences]
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
    return found


def headings(raw: str) -> list[str | None]:
    layout = prepare(raw)
    return [layout.text[slice(*p.heading)] if p.heading else None for p in layout.parts]


TRICKY = {
    "titles and abbreviations": (
        "Dr. Anna Weber met Mr. Smith Sr. in the U.S. capital on Monday. The U.K. Prime "
        "Minister, e.g. the head of government, spoke at 9 a.m. on Friday. Then she left. "
        "He moved to the U.S. He liked it there.",
        [
            "Dr. Anna Weber met Mr. Smith Sr. in the U.S. capital on Monday.",
            "The U.K. Prime Minister, e.g. the head of government, spoke at 9 a.m. on Friday.",
            "Then she left.",
            "He moved to the U.S.",
            "He liked it there.",
        ],
    ),
    "numbers": (
        "About 90,000 troops took part. Prices rose 3.5% in March. The army has 1,100 armored "
        "vehicles and a budget of $2.5 billion. The date was 10.03.2024 in the report. "
        "See No. 10 and Vol. 3, p. 45 for more.",
        [
            "About 90,000 troops took part.",
            "Prices rose 3.5% in March.",
            "The army has 1,100 armored vehicles and a budget of $2.5 billion.",
            "The date was 10.03.2024 in the report.",
            "See No. 10 and Vol. 3, p. 45 for more.",
        ],
    ),
    "quotes": (
        '"We are ready," he said. "Are you?" she asked. The minister called it "a turning '
        'point." Nobody agreed. He asked: "Is it true?" Nobody answered. “We will not send '
        "troops,” Séjourné said. “Not now.”",
        [
            '"We are ready," he said.',
            '"Are you?" she asked.',
            'The minister called it "a turning point."',
            "Nobody agreed.",
            'He asked: "Is it true?"',
            "Nobody answered.",
            "“We will not send troops,” Séjourné said.",
            "“Not now.”",
        ],
    ),
    "ellipses": (
        "He paused… Then he went on. She waited... and waited. He waited... Then he left. "
        "It was… odd. Nothing happened...",
        [
            "He paused…",
            "Then he went on.",
            "She waited... and waited.",
            "He waited...",
            "Then he left.",
            "It was… odd.",
            "Nothing happened...",
        ],
    ),
    "initials, urls and emails": (
        "The report was written by J. Smith and A. B. Jones. Read it at "
        "https://www.nato.int/cps/en/natohq/news.htm today. Write to info@example.org for "
        "details. The site bnnbreaking.com is gone.",
        [
            "The report was written by J. Smith and A. B. Jones.",
            "Read it at https://www.nato.int/cps/en/natohq/news.htm today.",
            "Write to info@example.org for details.",
            "The site bnnbreaking.com is gone.",
        ],
    ),
    "accents and a small letter after a full stop": (
        "Stéphane Séjourné met Gabriel Attal in Paris. Costs rose to €1.2 bn. in 2023. "
        "Jérôme Leclerc, of Île-de-France, was not there!",
        [
            "Stéphane Séjourné met Gabriel Attal in Paris.",
            "Costs rose to €1.2 bn. in 2023.",
            "Jérôme Leclerc, of Île-de-France, was not there!",
        ],
    ),
}


@pytest.mark.parametrize("name", list(TRICKY))
def test_tricky_texts_split_exactly(name):
    raw, expected = TRICKY[name]
    assert sentences(raw) == expected


def test_headings_make_parts_and_a_bullet_list_keeps_its_items():
    raw = (
        "Town Council Votes on a Park\n\n"
        "The council voted 7–2 on Tuesday. Dr. Lopez said the park \"will open in June.\"\n\n"
        "## What will it cost?\n\n"
        "The cost is disputed. Key points:\n"
        "- The park covers 3.5% of the town\n"
        "- It has 1,100 trees. Each\n  cost $2,000\n"
        "1. A first numbered point\n\n"
        "The Cost Question\n"
        "=================\n"
        "Nobody knows."
    )
    assert headings(raw) == ["Town Council Votes on a Park", "What will it cost?",
                             "The Cost Question"]
    assert sentences(raw) == [
        "The council voted 7–2 on Tuesday.",
        'Dr. Lopez said the park "will open in June."',
        "The cost is disputed.",
        "Key points:",
        "The park covers 3.5% of the town",
        "It has 1,100 trees.",
        "Each cost $2,000",
        "A first numbered point",
        "Nobody knows.",
    ]
    layout = prepare(raw)
    assert "- The park covers" in layout.text and "## " not in layout.text
    assert [len(p.paragraphs) for p in layout.parts] == [1, 1, 1]


def test_crlf_nfd_tabs_and_wrapped_lines_are_tidied():
    nfd = unicodedata.normalize("NFD", "Séjourné")
    raw = (
        "\ufeffFirst\tline  of a\r\nwrapped paragraph, by " + nfd + ".   \r\n\r\n\r\n\r\n"
        "Second\u00a0paragraph\u00adtext.\rThird line.\r\n"
    )
    layout = prepare(raw)
    assert layout.text == (
        "First line of a wrapped paragraph, by Séjourné.\n\nSecond paragraphtext. Third line."
    )
    assert unicodedata.is_normalized("NFC", layout.text)
    assert sentences(raw) == [
        "First line of a wrapped paragraph, by Séjourné.",
        "Second paragraphtext.",
        "Third line.",
    ]
    assert headings(raw) == [None]


def test_a_title_and_a_heading_at_the_top_make_a_headline():
    raw = "# The Title\n\n## First part\n\nSome text. More text.\n\nA closing line"
    layout = prepare(raw)
    assert layout.text[slice(*layout.headline)] == "The Title"
    assert headings(raw) == ["First part"]
    # a heading-like last line has nothing under it: it is a sentence
    assert sentences(raw) == ["Some text.", "More text.", "A closing line"]


def test_short_lines_with_end_punctuation_are_not_headings():
    raw = "He said so.\n\nIs it true?\n\nKey points:\n\nYes, it is"
    assert headings(raw) == [None]
    assert sentences(raw) == ["He said so.", "Is it true?", "Key points:", "Yes, it is"]


def test_the_units_own_article_splits_as_its_spine_does():
    """The hand-made spine of data/article.json is what the splitter finds (apart from the
    dateline, which the spine keeps out of the first sentence)."""
    doc = json.loads((DATA / "article.json").read_text(encoding="utf-8"))
    text = (DATA / "article.txt").read_text(encoding="utf-8")
    layout = prepare(text)
    spine = [s["text"] for p in doc["parts"] for para in p["paragraphs"] for s in para["sentences"]]
    found = layout.sentence_texts()
    assert found[0] == "date 2024-03-10 " + spine[0]
    assert found[1:] == spine[1:]
    assert headings(text)[1:] == [p["heading"]["text"] for p in doc["parts"][1:4]]


def test_our_rules_agree_with_sentencex_where_they_do_not_apply():
    from sentencex import segment

    for raw, _expected in TRICKY.values():
        ours = [raw[a:b] for a, b in split_sentences(raw)]
        theirs = [s.strip() for s in segment("en", raw) if s.strip()]
        if "…" not in raw and " bn. in" not in raw and "Vol. 3" not in raw:
            assert ours == theirs


@pytest.mark.parametrize(
    "raw", ["", "   \n\n\t  ", "- \n* \n", "###\n---\n"], ids=["empty", "spaces", "marks", "rules"]
)
def test_no_sentence_is_an_error(raw):
    with pytest.raises(TextError, match="no sentences"):
        prepare(raw)


def test_control_characters_are_named_with_their_line():
    with pytest.raises(TextError, match=r"line 2, column 3 holds a NUL byte"):
        prepare("Fine.\nab\0cd")
    with pytest.raises(TextError, match=r"U\+0007"):
        prepare("Bell \a here.")


def test_a_long_text_is_split_quickly():
    raw = "\n\n".join(TRICKY[name][0] for name in TRICKY) * 40
    started = time.perf_counter()
    layout = prepare(raw)
    assert len(layout.sentence_texts()) > 1000
    assert time.perf_counter() - started < 5
