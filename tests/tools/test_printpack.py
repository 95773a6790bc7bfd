"""``make print``: every pack is a PDF with a page per section at least, whose text holds every
sentence of its parts and every question; the answers are in the teacher pack only.

The packs are printed once for the module (Debian's chromium, about 10 s). Without chromium the
tests skip with a message, except under CI=true, where they fail (as the browser tests do).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata

import pytest

from helpers.article import PART_IDS, load_article
from helpers.questions import questions
from helpers.selfcheck import correct_answer_text, load_selfcheck
from helpers.tools import printpack
from helpers.tools.chromium import chromium_path
from helpers.tools.printpack import build

FOOTER = re.compile(r"^(Student|Teacher) pack.* · page \d+ of \d+\s*$", re.MULTILINE)


def _need(tool: str, what: str) -> str:
    path = chromium_path() if tool == "chromium" else shutil.which(tool)
    if path:
        return path
    message = f"The printed packs' tests need {what} (`make test` installs it with apt-get)."
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("CI=true but " + message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def packs(tmp_path_factory):
    _need("chromium", "Debian's chromium")
    return build(tmp_path_factory.mktemp("print"), "a4")


def words(text: str) -> list[str]:
    """The words of a text, lower case: ligatures, quotes, hyphens and line breaks do not
    count."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    return re.findall(r"\w+", text.lower())


def holds(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    first = needle[0]
    return any(
        haystack[i : i + n] == needle for i, word in enumerate(haystack) if word == first
    )


def pdf_text(path) -> list[str]:
    _need("pdftotext", "pdftotext (poppler-utils)")
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
        check=True,
    ).stdout
    return words(FOOTER.sub("", text))


def pages(path) -> int:
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
        return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
    return len(re.findall(rb"/Type\s*/Page[^s]", path.read_bytes()))


def test_every_pack_is_a_pdf_with_a_page_per_section(packs):
    assert len(packs) == 2 * len(PART_IDS) + 2
    for pack in packs:
        assert pack.path.read_bytes()[:5] == b"%PDF-", pack.path
        count = pages(pack.path)
        # each section starts a page; no section of these packs runs past five pages
        assert pack.sections <= count <= 5 * pack.sections, (pack.path.name, count)
    unit = {p.path.stem: pages(p.path) for p in packs}
    for who in ("student", "teacher"):
        lessons = sum(n for stem, n in unit.items() if stem.endswith(who) and "lesson" in stem)
        assert unit[f"unit-{who}"] == lessons  # the unit pack is the lessons, one after another


def test_the_student_packs_hold_every_sentence_and_question_but_no_answer(packs):
    article = load_article()
    for pack in (p for p in packs if not p.teacher):
        text = pdf_text(pack.path)
        for part_id in pack.parts:
            for sentence in article.part(part_id).sentences:
                assert holds(text, words(sentence.text)), (pack.path.name, sentence.id)
            for question in questions(part_id):
                assert holds(text, words(question.text)), (pack.path.name, question.id)
            for check in load_selfcheck(part_id):
                assert holds(text, words(check["prompt"])), (pack.path.name, check["id"])
                assert not holds(text, words(check["explanation"])), check["id"]


def test_the_teacher_packs_hold_the_answers(packs):
    for pack in (p for p in packs if p.teacher):
        text = pdf_text(pack.path)
        assert holds(text, words(printpack.TEACHER_WARNING))
        for part_id in pack.parts:
            for check in load_selfcheck(part_id):
                assert holds(text, words(correct_answer_text(check))), check["id"]
                assert holds(text, words(check["explanation"])), check["id"]


def test_data_is_escaped_and_the_paper_size_is_set():
    html = printpack.document("<t>", "Student pack", ["<p>x</p>"], "letter")
    assert "size: letter" in html and "<title>&lt;t&gt;</title>" in html
    assert "size: A4" in printpack.document("t", "f", [], "a4")
    assert printpack.esc('<script>"&') == "&lt;script&gt;&quot;&amp;"
    card = printpack.source_card(
        printpack_source(title="<b>bold</b>", excerpts=("<i>x</i>",), practice_page=True)
    )
    assert "<b>bold</b>" not in card and "&lt;b&gt;bold&lt;/b&gt;" in card
    assert "“&lt;i&gt;x&lt;/i&gt;”" in card and "Practice page" in card
    assert "http" not in printpack.CSS  # no external font, script or image


def printpack_source(**changes):
    from dataclasses import replace

    from helpers.sources import load_sources

    return replace(load_sources()[0], **changes)
