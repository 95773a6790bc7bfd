"""The Reveal widget: hidden until asked for, not even in the saved widget state."""

from __future__ import annotations

import json

from helpers.widgets import Reveal

from .widgetlib import visible, walk


def test_reveal_hidden_by_default_and_toggles():
    r = Reveal("**The answer** is 32.")
    assert not r.shown and not visible(r.content)
    state = json.dumps([x.get_state() for x in walk(r)], default=str)
    assert "The answer" not in repr(r) and "The answer" not in state
    assert r.content.outputs == ()  # not even in the saved widget state
    assert r.toggle.description == "Show the model answer"
    r.toggle.value = True  # what a click does
    assert visible(r.content) and r.toggle.description == "Hide the model answer"
    (out,) = r.content.outputs
    assert out["data"]["text/markdown"] == "**The answer** is 32."
    r.toggle.value = False
    assert not visible(r.content) and r.toggle.description == "Show the model answer"


def test_reveal_html_and_custom_label():
    r = Reveal("<p>Answer</p>", label="Show a hint")
    assert r.toggle.description == "Show a hint"
    r.show()
    assert r.content.outputs[0]["data"]["text/html"] == "<p>Answer</p>"
    assert r.toggle.description == "Hide a hint"
    r.hide()
    assert not r.shown


# -- only after an attempt (self-study): the student tries first, then reads the answer --------
def test_a_reveal_that_is_not_ready_stays_closed_and_says_what_to_do_first():
    tried = []
    r = Reveal("<p>Answer</p>", ready=lambda: bool(tried), not_ready="Try first, then come back.")
    r.toggle.value = True  # a click before trying
    assert not r.shown and not visible(r.content) and r.content.outputs == ()
    assert r.toggle.description == "Show the model answer"
    assert "Try first, then come back." in r.status.value
    tried.append(1)
    r.show()  # after trying: it opens, and the note is gone
    assert r.shown and r.content.outputs[0]["data"]["text/html"] == "<p>Answer</p>"
    assert r.status.value == ""


def test_the_lesson_reveals_open_after_an_annotation_or_an_answer_of_the_part(named, make):
    from helpers.lesson import Lesson
    from helpers.widgets.reveal import NOT_READY, tried

    lesson = Lesson("nato")
    for reveal, first in ((lesson.reveal_sift(named), "First fill in the numbers table"),
                          (lesson.reveal_sources(named), "First annotate at least one claim")):
        reveal.toggle.value = True  # the findings chart waits for the task it answers
        assert not reveal.shown and reveal.content.outputs == ()
        assert first in reveal.status.value
    assert NOT_READY.startswith("First annotate at least one claim above")
    # another part's work, another student's work, an empty answer: not an attempt here
    named.add(make("lede-1", annotator="ana"))
    named.save_answer("ana", "lede-read-1", "a coalition")
    named.save_answer("ana", "nato-read-1", "   ")
    named.add(make("nato-2", annotator="ben"))
    assert not tried("nato", named)
    # a written answer of the part opens both
    named.save_answer("ana", "nato-sift-1", "NATO said more than 1,100")
    assert tried("nato", named)
    sift = lesson.reveal_sift(named)
    sift.toggle.value = True
    assert sift.shown and "Sources:" in sift.content.outputs[0]["data"]["text/html"]


def test_one_saved_annotation_of_the_part_is_an_attempt(named, make):
    from helpers.lesson import Lesson
    from helpers.widgets.reveal import tried

    lesson = Lesson("alliance")
    assert not tried("alliance", named)
    named.add(make("alliance-1", annotator="ana"))
    assert tried("alliance", named)
    sources = lesson.reveal_sources(named)
    sources.show()
    assert sources.shown and "sources-say" in sources.content.outputs[0]["data"]["text/html"]
    # "Switch student": the next student has not tried yet
    named.set_setting("annotator", "")
    assert not tried("alliance", named)


def test_the_units_findings_open_after_the_summing_up_is_written(named, make):
    from helpers.lesson import Lesson

    lesson = Lesson("stakes")
    named.add(make("stakes-1", annotator="ana"))
    named.save_answer("ana", "stakes-rewrite-1", "On 8 March …")
    reveal = lesson.reveal_synthesis(named)
    reveal.toggle.value = True  # annotations and the rewrite are not the summing-up
    assert not reveal.shown and "Sum up the unit" in reveal.status.value
    named.save_answer("ana", "stakes-synthesis-1", "The article claims …")
    reveal.toggle.value = True
    assert reveal.shown and "32 countries" in reveal.content.outputs[0]["data"]["text/html"]


def test_an_answer_still_being_typed_counts(named):
    """The answer box saves a second after the last key: a click on the reveal saves first."""
    from helpers.lesson import Lesson
    from helpers.widgets import AnswerBox

    box = AnswerBox("russia-sift-1", store=named, delay=60)
    box.field.value = "Only on a site in French"  # typed, the timer not run yet
    reveal = Lesson("russia").reveal_sift(named)
    reveal.show()
    assert reveal.shown


def test_the_reveals_link_every_complete_address_and_escape_the_rest():
    from helpers.cite import linked
    from helpers.lesson import Lesson

    html = Lesson("lede").sift_findings_html()
    link = (
        '<a href="https://en.wikipedia.org/wiki/BNN_Breaking" target="_blank" rel="noopener" '
        'style="overflow-wrap:anywhere">https://en.wikipedia.org/wiki/BNN_Breaking</a>'
    )
    assert link in html
    assert 'href="https://hawaiitribune-herald.com/?p=323856"' in html
    assert 'rel="noopener"' in Lesson("nato").sources_say_html()
    assert 'target="_blank"' in Lesson("stakes").synthesis_html()
    # the address ends before the sentence's punctuation; a bracket of its own stays
    attrs = 'target="_blank" rel="noopener" style="overflow-wrap:anywhere"'
    assert linked("See https://x.org/a. Then (https://y.org/b).") == (
        f'See <a href="https://x.org/a" {attrs}>https://x.org/a</a>. Then '
        f'(<a href="https://y.org/b" {attrs}>https://y.org/b</a>).'
    )
    assert 'href="https://w.com/wiki/Bloody_Sunday_(1905)"' in linked(
        "https://w.com/wiki/Bloody_Sunday_(1905); next"
    )
    # an address cut short leads nowhere: plain text; anything else is escaped
    assert linked("https://tag24.com/…/x-3113573") == "https://tag24.com/…/x-3113573"
    hostile = linked('https://x.org/"><script>alert(1)</script> <b>')
    assert "<script" not in hostile and "<b>" not in hostile
    assert 'href="https://x.org/"' in hostile


def test_the_students_own_store_is_read_when_none_is_given(monkeypatch, tmp_path, art):
    """In a lesson the reveals read the student's own store (ANNOTATIONS_DB), and close it."""
    from helpers.store import AnnotationStore
    from helpers.widgets.reveal import tried

    path = tmp_path / "own.sqlite"
    monkeypatch.setenv("ANNOTATIONS_DB", str(path))
    assert not tried("lede")
    with AnnotationStore(path, article=art) as own:
        own.set_setting("annotator", "ana")
        own.save_answer("ana", "lede-exit-1", "the coalition claim")
    assert tried("lede") and not tried("nato")
