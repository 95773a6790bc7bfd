"""helpers.article: the article as data, checked against a hand-checked list of sentences."""

import hashlib
import json
import shutil

import pytest

from helpers.article import PART_IDS, ArticleError, load_article
from helpers.paths import DATA

# Every sentence of the article, checked by hand against data/article.txt.
# Mind "Prime Minister" (no break inside), 'Western Russophobes' (quote before the full stop),
# "90,000" and "1,100" (commas inside numbers are not breaks).
HAND_CHECKED = {
    "lede": [
        "Amid escalating geopolitical tensions, France's endeavor to assemble a coalition capable "
        "of deploying Western troops to Ukraine marks a significant turn in international "
        "relations.",
        "Spearheaded by French Foreign Minister Stéphane Séjourné, the initiative has garnered "
        "support from Baltic countries, despite a broader hesitation among NATO members.",
        "This development, juxtaposed with NATO's largest military exercises since the Cold War, "
        "underscores a complex matrix of defense, diplomacy, and deterrence in the European "
        "theater.",
    ],
    "alliance": [
        "France's strategic pivot towards forming an alliance open to the concept of deploying "
        "troops on Ukrainian soil emerged from discussions with Baltic and Ukrainian counterparts.",
        "While the majority of European nations exhibited reservations, the Baltic states' "
        "endorsement of French leadership in this domain reflects a nuanced alignment of security "
        "interests against the backdrop of Russian military activities in Ukraine.",
        "French Prime Minister Gabriel Attal's nuanced stance, suggesting French troops could "
        "support Ukraine without engaging directly on the front lines, encapsulates the delicate "
        "balance Paris seeks to strike between assertive support and direct confrontation.",
    ],
    "nato": [
        "Parallel to France's diplomatic maneuvers, NATO's initiation of its largest military "
        "exercises in Europe since the Cold War era serves as a potent symbol of the alliance's "
        "readiness to counter perceived Russian aggression.",
        "Involving 90,000 troops from 32 countries, along with an impressive assembly of 1,100 "
        "armored vehicles, these exercises aim not only to reinforce NATO's defensive posture but "
        "also to telegraph a message of unity and preparedness to Moscow.",
        "This demonstration of military might, while primarily defensive in nature, contributes to "
        "the escalating rhetoric and strategic positioning that characterizes the current European "
        "security landscape.",
    ],
    "russia": [
        "However, this flurry of Western military activity and alliance-building has not gone "
        "unnoticed by Russia, with Leonid Slutsky, head of the international committee of the "
        "State Duma, issuing a stark warning.",
        "Slutsky's analogy, likening French President Macron's efforts to those of an instigator "
        "akin to priest Gapon, underscores the perceived provocations emanating from Paris's "
        "actions.",
        "According to Slutsky, such moves not only stoke the flames of conflict but also risk "
        "bringing retribution upon Western nations, particularly those he deems "
        "'Western Russophobes'.",
    ],
    "stakes": [
        "As France spearheads this potentially transformative shift in NATO's engagement strategy "
        "in Ukraine, the implications are manifold.",
        "On one hand, the formation of a coalition willing to send troops to Ukraine could "
        "significantly alter the dynamics of the conflict, providing Kyiv with enhanced military "
        "support and potentially deterring further aggression from Moscow.",
        "On the other, such actions escalate the risk of direct confrontation between NATO and "
        "Russian forces, bringing with them the specter of a broader conflict in Europe.",
        "Amid these high stakes, the international community watches closely, awaiting the "
        "outcome of France's bold gambit on the chessboard of global politics.",
    ],
}


@pytest.fixture(scope="module")
def art():
    return load_article()


def test_sentences_match_the_hand_checked_list(art):
    assert [p.id for p in art.parts] == list(PART_IDS)
    for part in art.parts:
        assert [s.text for s in part.sentences] == HAND_CHECKED[part.id], part.id


def test_offsets_point_at_the_sentences(art):
    for s in art.sentences:
        assert art.text[s.start : s.end] == s.text
        assert s.id == f"{s.part}-{s.number}"
    starts = [s.start for s in art.sentences]
    assert starts == sorted(starts)


def test_text_is_the_source_word_for_word_and_version_is_its_sha256(art):
    raw = (DATA / "article.txt").read_bytes()
    assert art.text == raw.decode("utf-8")
    assert art.version == hashlib.sha256(raw).hexdigest()
    assert art.metadata["date"] == "2024-03-10"
    assert art.metadata["outlet"] == "BNN Breaking"
    assert art.metadata["url"].startswith("https://bnnbreaking.com/")


def test_headings(art):
    assert art.part("lede").heading is None
    assert art.part("alliance").heading == "Forming the Alliance: A Strategic Gamble"
    assert art.part("nato").heading == "NATO's Show of Force: A Cold War Echo"
    assert art.part("russia").heading == "Risking the Fire: A Warning from Russia"
    assert art.part("stakes").heading is None
    assert art.part("stakes").sentences[0].text.startswith("As France spearheads")


def test_sentence_lookup(art):
    assert art.sentence("alliance-3").text.startswith("French Prime Minister")
    with pytest.raises(ArticleError, match="unknown sentence id 'alliance-9'"):
        art.sentence("alliance-9")
    with pytest.raises(ArticleError, match="unknown part"):
        art.part("sports")
    s = art.sentence("nato-2")
    assert art.sentence_at(s.start) == s
    assert art.sentence_at(s.end - 1) == s
    with pytest.raises(ArticleError, match="not inside any sentence"):
        art.sentence_at(0)


def test_find_exact_quote(art):
    start, end = art.find("1,100 armored vehicles")
    assert art.text[start:end] == "1,100 armored vehicles"
    assert art.sentence_at(start).id == "nato-2"
    assert art.find("32 countries", within="nato-2") == art.find("32 countries")


@pytest.mark.parametrize(
    "quote, within, message",
    [
        ("1,100 tanks", None, "does not occur in the article"),
        ("Slutsky", None, "occurs more than once"),
        ("   ", None, "empty quote"),
        ("", None, "empty quote"),
        ("90,000 troops", "nato-1", "does not occur in sentence nato-1"),
    ],
)
def test_find_errors_are_clear(art, quote, within, message):
    with pytest.raises(ArticleError, match=message):
        art.find(quote, within=within)


def test_context_gives_prefix_and_suffix(art):
    start, end = art.find("Gapon")
    prefix, suffix = art.context(start, end, width=10)
    assert art.text[start - 10 : start] == prefix
    assert suffix == art.text[end : end + 10]


def test_render_numbers_sentences_and_escapes_everything(art):
    html = art.render("russia", highlight="russia-2")
    assert html.count('data-sentence=') == 3
    assert "[1]</sup>" in html and "[3]</sup>" in html
    assert "&#x27;Western Russophobes&#x27;" in html
    assert 'class="sentence selected"' in html and 'id="s-russia-2"' in html
    assert "Risking the Fire" in html
    # nothing of the text appears unescaped
    assert "'Western" not in html


def test_render_escapes_markup_in_the_text(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("*.sqlite*"))
    doc = json.loads((data / "article.json").read_text(encoding="utf-8"))
    raw = (data / "article.txt").read_text(encoding="utf-8")
    s = doc["parts"][0]["paragraphs"][0]["sentences"][0]
    evil = "<b>Amid</b>"
    raw = raw[: s["start"]] + evil + raw[s["start"] + 4 :]
    delta = len(evil) - 4
    for part in doc["parts"]:
        if part["heading"] and part["heading"]["start"] > s["start"]:
            part["heading"]["start"] += delta
            part["heading"]["end"] += delta
        for para in part["paragraphs"]:
            for t in para["sentences"]:
                if t["start"] > s["start"]:
                    t["start"] += delta
                t["end"] += delta if t["end"] > s["start"] else 0
                t["text"] = raw[t["start"] : t["end"]]
    (data / "article.txt").write_text(raw, encoding="utf-8")
    doc["metadata"]["sha256"] = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    (data / "article.json").write_text(json.dumps(doc), encoding="utf-8")
    html = load_article(data).render("lede")
    assert "<b>" not in html and "&lt;b&gt;Amid&lt;/b&gt;" in html


def test_a_changed_text_is_refused(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(DATA / "article.json", data)
    (data / "article.txt").write_text(
        (DATA / "article.txt").read_text(encoding="utf-8").replace("90,000", "95,000"),
        encoding="utf-8",
    )
    with pytest.raises(ArticleError, match="sha256"):
        load_article(data)


def test_summary_table(art):
    table = art.summary()
    assert list(table.index) == list(PART_IDS)
    assert table["sentences"].sum() == 16
    assert table.loc["stakes", "sentences"] == 4
