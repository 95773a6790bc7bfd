"""helpers.context: the background tables, every row with its source."""

import pytest

from helpers import context


@pytest.mark.parametrize("name", sorted(context.REQUIRED))
def test_every_context_row_names_its_source(name):
    table = context.load(name)
    assert len(table) > 0
    assert table["source"].str.strip().ne("").all()


def test_a_row_without_a_source_is_named(tmp_path):
    (tmp_path / "people.csv").write_text(
        "name,role,country,in_article,note,source,status\n"
        "A,b,c,yes,d,somewhere,ok\nB,b,c,yes,d,,ok\n",
        encoding="utf-8",
    )
    with pytest.raises(context.ContextError, match=r"people.csv, row 3: the column 'source'"):
        context.load("people", folder=tmp_path)


def test_a_non_utf8_table_is_named(tmp_path):
    (tmp_path / "glossary.csv").write_bytes(b"term,part,definition,source\nna\xefve,x,y,z\n")
    with pytest.raises(context.ContextError, match="not UTF-8"):
        context.load("glossary", folder=tmp_path)


def test_timeline_shows_the_real_order_from_26_february_to_10_march():
    t = context.timeline("2024-02-26", "2024-03-10")
    assert list(t["date"]) == sorted(t["date"])
    first = t.iloc[0]
    assert first["date"] == "2024-02-26" and "Macron" in first["who"]
    vilnius = t[t["event"].str.contains("Vilnius")].iloc[0]
    assert vilnius["date"] == "2024-03-08"
    sweden = t[t["event"].str.contains("32nd member")].iloc[0]
    assert sweden["date"] == "2024-03-07"


def test_exercise_figures_hold_the_official_numbers_and_the_comparisons():
    f = context.figures()
    def val(ex, measure, who):
        rows = f[(f.exercise == ex) & (f.measure == measure) & f.who_says.str.contains(who)]
        return rows["value"].iloc[0]
    assert val("Steadfast Defender 2024", "troops", "NATO \\(January") == 90_000
    assert val("Steadfast Defender 2024", "combat_vehicles", "official") == 1_100
    assert val("Reforger", "troops", "NATO") == 125_000
    assert val("Trident Juncture", "troops", "NATO") == 50_000


def test_glossary_keeps_findings_behind_the_reveal():
    for part in ("lede", "alliance", "nato", "russia", "stakes"):
        words, revealed = context.glossary(part), context.glossary(part, reveal=True)
        assert len(words) > 0 and set(words["term"]).isdisjoint(revealed["term"]), part
    assert "combat vehicle" in set(context.glossary("nato", reveal=True)["term"])
    assert "combat vehicle" not in set(context.glossary("nato")["term"])


#: Project wording that students never see (the tables are shown to them).
JARGON = ("fact sheet", "stored", "teaching note", "background knowledge", "per fact sheet")


@pytest.mark.parametrize("name", sorted(context.REQUIRED))
def test_context_tables_use_plain_labels(name):
    table = context.load(name)
    for column in table.columns:
        for text in table[column]:
            assert not any(word in text.lower() for word in JARGON), (name, column, text)


def test_figures_are_attributed_to_who_gave_them():
    f = context.figures()
    early = f[f["value"] == 40_000].iloc[0]
    assert "NATO" not in early["who_says"] and "Stars and Stripes" in early["who_says"]
    end = context.timeline("2024-05-31", "2024-05-31").iloc[0]
    assert "not NATO's exact words" in end["event"] and "more than 1,100" in end["event"]
    duma = context.load("organisations").set_index("name").at["State Duma", "what"]
    assert duma.startswith("The lower house of Russia's parliament")
