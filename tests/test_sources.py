"""The source pack (data/sources/pack.json, helpers.sources): every row valid, every excerpt a
quote copied word for word from the fact sheet, every practice page marked as one, and clear
errors naming the file, the row and the field for a broken pack."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.article import load_article
from helpers.paths import DATA, ROOT
from helpers.sources import (
    KINDS,
    PACK,
    PRACTICE_PREFIX,
    SourceError,
    load_sources,
    read_pack,
    source,
    sources_for,
)

FACTSHEET = ROOT.parent / "shared" / "reference" / "factsheet.md"
SKIP = "shared/reference/factsheet.md is not here: the excerpts were checked where it is"


@pytest.fixture(scope="module")
def pack():
    return load_sources()


@pytest.fixture(scope="module")
def factsheet() -> str:
    if not FACTSHEET.is_file():
        pytest.skip(SKIP)
    return _plain(FACTSHEET.read_text(encoding="utf-8"))


def _plain(text: str) -> str:
    """The fact sheet as words: markdown bold (**) removed, white space as single spaces."""
    return " ".join(text.replace("**", "").split())


def _quoted_spans(text: str) -> list[str]:
    """Everything the fact sheet puts between quotation marks ("…" or « … »)."""
    spans = re.findall(r'"([^"]*)"', text) + re.findall(r"«\s*([^»]*?)\s*»", text)
    return [s for s in spans if s.strip()]


# -- every row -------------------------------------------------------------------------------
def test_every_row_is_valid_and_the_pack_is_whole(pack):
    assert len(pack) >= 50
    assert len({s.id for s in pack}) == len(pack)
    assert {s.kind for s in pack} <= set(KINDS)
    assert read_pack() == pack  # the cached copy is the file's


def test_every_fact_sheet_row_and_note_has_sources(pack):
    cited = {ref for s in pack for ref in s.factsheet}
    wanted = {f"A{n}" for n in range(1, 14)} | {f"B{n}" for n in range(1, 9)}
    assert wanted <= cited, sorted(wanted - cited)


def test_every_sentence_of_the_article_is_reachable(pack):
    """Each checkable part has its pages; "article" names the pages about the outlet."""
    for part in ("lede", "alliance", "nato", "russia"):
        assert sources_for(part), part
    assert {s.id for s in sources_for("article")} >= {"bnn-article", "wikipedia-bnn-breaking"}
    assert "dvids-video-911918" in {s.id for s in sources_for("nato-2")}
    known = {s.id for s in load_article().sentences} | {"article"}
    assert all(set(s.claims) <= known for s in pack)


def test_every_address_of_the_fact_sheet_is_in_the_pack(pack):
    if not FACTSHEET.is_file():
        pytest.skip(SKIP)
    text = FACTSHEET.read_text(encoding="utf-8")
    found = re.findall(
        r"(?:https://)?((?:[a-z0-9_-]+\.)+(?:com|fr|eu|net|org|ua|it|lt|pl|app|jp|int|tr)"
        r"(?:/[^\s;`]*)?)",
        text,
    )
    addresses = [s.url.removeprefix("https://") for s in pack]
    missing = []
    for address in {a.rstrip(".,)") for a in found}:
        if not any(a == address or a.startswith(address.rstrip("…")) for a in addresses):
            missing.append(address)
    assert not missing, missing


def test_addresses_are_full_or_marked_incomplete(pack):
    for s in pack:
        assert s.url.startswith("https://"), s.id
        assert " " not in s.url, s.id
        if "…" in s.url or s.url.count("/") < 3:
            assert not s.url_complete, s.id
        if not s.url_complete:
            assert s.search_hint, s.id
    incomplete = [s for s in pack if not s.url_complete]
    assert {"francetvinfo-6390268", "daytondailynews-sejourne"} <= {s.id for s in incomplete}
    assert source("francetvinfo-6390268").url == "https://francetvinfo.fr/…_6390268.html"
    assert source("daytondailynews-sejourne").url == "https://daytondailynews.com"


def test_dates_are_iso_and_explained_when_not_the_page_s_own(pack):
    for s in pack:
        assert re.fullmatch(r"(\d{4}(-\d{2}(-\d{2})?)?)?", s.date), s.id
    assert source("bnn-article").date == "2024-03-10"
    assert source("einpresswire-sweden").date == "2024-03-07"


# -- the words: quotes from the fact sheet, never paraphrases ----------------------------------
def test_every_excerpt_is_word_for_word_in_the_fact_sheet(pack, factsheet):
    missing = [(s.id, e) for s in pack for e in s.excerpts if " ".join(e.split()) not in factsheet]
    assert not missing, missing


def test_every_excerpt_is_a_quote_there_not_the_fact_sheet_s_own_words(pack, factsheet):
    spans = _quoted_spans(factsheet)
    loose = [(s.id, e) for s in pack for e in s.excerpts if not any(e in span for span in spans)]
    assert not loose, loose


def test_the_article_s_excerpts_are_in_the_article(pack):
    text = (DATA / "article.txt").read_text(encoding="utf-8")
    for excerpt in source("bnn-article").excerpts:
        assert excerpt in text, excerpt


#: Words for files and notes students cannot see: never in what the search box shows them.
UNSEEN = re.compile(r"fact sheet|our notes|not described in|background knowledge", re.I)


def test_the_outlet_notes_say_where_they_come_from_in_plain_words(pack):
    """Who runs a site: general knowledge (said so), "we found no description", or (for the
    article being checked) the advice to find out elsewhere, never an answer from its own page."""
    for s in pack:
        note = s.about_outlet
        assert (
            "(general knowledge)" in note
            or "is general knowledge, not from a source in this unit" in note
            or note.startswith(PRACTICE_PREFIX)
            or note.startswith("We found no description of this outlet")
        ) or s.id == "bnn-article", s.id
    article = source("bnn-article").about_outlet
    assert "search for the site's name" in article and "what others say" in article
    answers = ("Chahal", "Hong Kong", "2022", "AI", "dormant", "Microsoft")
    assert not [w for w in answers if re.search(rf"\b{w}\b", article)], article
    for s in pack:
        if "Pravda network" in s.outlet:
            assert "pro-Kremlin" in s.about_outlet and "general knowledge" in s.about_outlet


def test_what_students_see_names_no_file_or_notes_they_cannot_see(pack):
    for s in pack:
        for name in ("title", "summary", "about_outlet", "date_note", "search_hint", "outlet"):
            assert not UNSEEN.search(getattr(s, name)), (s.id, name)
        assert not s.summary.startswith("Our notes"), s.id


def test_every_row_says_something_a_student_can_read(pack):
    for s in pack:
        assert s.excerpts or s.summary or s.text, s.id
        assert s.trust and s.about_outlet, s.id


# -- practice pages --------------------------------------------------------------------------
def test_practice_pages_are_marked_in_title_text_and_flag(pack):
    practice = [s for s in pack if s.practice_page]
    assert 1 <= len(practice) <= 3
    for s in practice:
        assert s.title.startswith(PRACTICE_PREFIX), s.id
        assert s.text.startswith(PRACTICE_PREFIX), s.id
        assert s.about_outlet.startswith(PRACTICE_PREFIX), s.id
        assert s.summary.startswith(PRACTICE_PREFIX), s.id
        assert s.url.split("/")[2].endswith(".invalid"), s.id
        assert not s.excerpts and not s.linkable, s.id
    assert any("1,100 armored vehicles" in s.text for s in practice)
    for s in pack:
        if not s.practice_page:
            assert PRACTICE_PREFIX not in s.title + s.summary + s.text, s.id
            assert ".invalid" not in s.url, s.id


def test_the_pages_to_pass_over_or_handle_with_care_are_there(pack):
    ids = {s.id for s in pack}
    assert {"bnn-article", "pravda-fr-slutsky-2024-03-10"} <= ids
    assert {s.kind for s in pack if s.id.startswith(("academickids", "wikivisually"))} == {"mirror"}
    assert source("pravda-fr-slutsky-2024-03-10").kind == "state-aligned network"


# -- broken packs: clear errors ----------------------------------------------------------------
def _good_row() -> dict:
    return json.loads(PACK.read_text(encoding="utf-8"))["sources"][3]


def _write(tmp_path: Path, rows) -> Path:
    path = tmp_path / "pack.json"
    path.write_text(json.dumps({"sources": rows}, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"url": None}, "url", "must be text"),
        ({"url": "politico.eu/article/x"}, "url", "https://"),
        ({"url": "https://politico.eu/…/x"}, "url_complete", "…"),
        ({"url_complete": False}, "search_hint", "incomplete address"),
        ({"date": "8 March 2024"}, "date", "ISO date"),
        ({"date": "2024-02-30"}, "date", "not a real date"),
        ({"kind": "tabloid"}, "kind", "is not one of"),
        ({"claims": ["nato-9"]}, "claims", "nato-9"),
        ({"claims": []}, "claims", "is empty"),
        ({"factsheet": ["C1"]}, "factsheet", "A1-A13"),
        ({"excerpts": ["“quoted”"]}, "excerpts", "quotation marks"),
        ({"title": "A\x07title"}, "title", "control"),
        ({"practice_page": "yes"}, "practice_page", "true or false"),
        ({"practice_page": True}, "url", ".invalid"),
        ({"colour": "red"}, "colour", "unknown field"),
        ({"text": "Some words"}, "text", "only a practice page"),
        ({"title": PRACTICE_PREFIX + " x"}, "title", "practice_page is false"),
    ],
)
def test_a_bad_row_is_named_by_file_row_and_field(tmp_path, change, field, words):
    good = _good_row()
    bad = {**good, **change}
    path = _write(tmp_path, [good, bad])
    with pytest.raises(SourceError) as info:
        read_pack(path)
    error = info.value
    assert (error.file, error.record, error.field) == (str(path), 2, field), str(error)
    assert words in str(error) and str(path) in str(error) and "record 2" in str(error)


def test_a_missing_field_and_a_repeated_id(tmp_path):
    good = _good_row()
    short = {k: v for k, v in good.items() if k != "trust"}
    with pytest.raises(SourceError, match=r"record 1 \(id politico-baltic-allies\), field 'trust'"):
        read_pack(_write(tmp_path, [short]))
    with pytest.raises(SourceError, match="also the id of row 1") as info:
        read_pack(_write(tmp_path, [good, good]))
    assert info.value.record == 2


def test_an_unmarked_practice_page_is_refused(tmp_path):
    practice = next(s for s in load_sources() if s.practice_page).as_dict()
    for name in ("title", "text", "about_outlet"):
        row = {**practice, name: practice[name].removeprefix(PRACTICE_PREFIX).strip()}
        with pytest.raises(SourceError, match="must begin") as info:
            read_pack(_write(tmp_path, [row]))
        assert info.value.field == name


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe", "not UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
        (b'{"sources": []}', "no list"),
        (b"[1, 2]", "no list"),
    ],
)
def test_an_unreadable_file_is_named(tmp_path, content, words):
    path = tmp_path / "pack.json"
    path.write_bytes(content)
    with pytest.raises(SourceError, match=words) as info:
        read_pack(path)
    assert str(path) in str(info.value)


def test_a_folder_or_a_missing_file_is_named(tmp_path):
    with pytest.raises(SourceError, match="not a regular file"):
        read_pack(tmp_path)
    with pytest.raises(SourceError, match="cannot be read"):
        read_pack(tmp_path / "missing.json")
    with pytest.raises(SourceError, match="no source 'nope'"):
        source("nope")


def test_the_core_modules_load_no_widgets_and_no_pandas():
    code = (
        "import sys; import helpers.sources, helpers.search; helpers.search.search('NATO'); "
        "print([m for m in ('ipywidgets', 'pandas', 'jsonschema') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr
