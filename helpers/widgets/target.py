"""What the annotation form checks before saving: the sentence, the phrase, the required fields.

Pure functions (no ipywidgets), so they are tested without a front end. Problems a student must
fix raise ``FormError`` with a plain message; values the scheme does not allow raise
``AnnotationError`` from ``Annotation.new``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from helpers.annotations import Annotation, validate
from helpers.answer_reading import fold_quotes
from helpers.widgets.html import choice_label, sentence_number, short

if TYPE_CHECKING:
    from helpers.article import Article
    from helpers.scheme import Scheme

#: The verb of the "before saving" message, by field kind.
_VERBS = {"choice": "Choose", "choices": "Choose", "scale": "Choose"}


class FormError(ValueError):
    """Something the student must fix in the form before it can be saved (a plain message)."""


def sentence_options(article: Article, part_id: str, words: int = 7) -> list[tuple[str, str]]:
    """Dropdown options for the sentences of a part: ``("2 · Involving 90,000 troops…",
    "nato-2")`` for each sentence, after ``("— choose a sentence —", "")``."""
    options = [("— choose a sentence —", "")]
    for sentence in article.part(part_id).sentences:
        sentence_words = sentence.text.split()
        label = " ".join(sentence_words[:words]) + ("…" if len(sentence_words) > words else "")
        options.append((f"{sentence.number} · {label}", sentence.id))
    return options


def _occurrences(text: str, phrase: str) -> list[int]:
    """Where ``phrase`` starts in ``text``, every time (overlaps included)."""
    found, i = [], text.find(phrase)
    while i >= 0:
        found.append(i)
        i = text.find(phrase, i + 1)
    return found


def check_phrase(article: Article, sentence_id: str, phrase: str | None) -> str | None:
    """The exact phrase to annotate (stripped), or None for the whole sentence (no phrase).

    Raises FormError with a message a student understands when the phrase is not in the
    sentence, or occurs more than once in it.
    """
    sentence = article.sentence(sentence_id)
    phrase = (phrase or "").strip()
    if not phrase:
        return None
    where = f"sentence {sentence.number}"
    found = _occurrences(sentence.text, phrase)
    if not found:
        hint = "Copy it exactly from the sentence, with the same capitals and punctuation"
        if phrase.casefold() in sentence.text.casefold():
            hint = "It is there with different capital letters: copy it exactly"
        elif fold_quotes(phrase) in fold_quotes(sentence.text):
            hint = "Check the apostrophes, quotation marks and dashes: copy them from the text"
        raise FormError(
            f"The phrase “{short(phrase, 80)}” is not in {where}. {hint}, or select the "
            "words in the text instead. Nothing was saved."
        )
    if len(found) > 1:
        raise FormError(
            f"The phrase “{short(phrase, 80)}” occurs {len(found)} times in {where}, so it is "
            "not clear which one you mean. Make it a few words longer. Nothing was saved."
        )
    return phrase


def build_annotation(
    article: Article,
    annotator: str,
    sentence_id: str,
    phrase: str | None,
    values: dict,
    scheme: Scheme | None = None,
    span: tuple[int, int] | None = None,
) -> Annotation:
    """A new, validated Annotation from what the form holds.

    ``values`` are the scheme's fields by name (``SchemeForm.values()``; missing ones get their
    empty value). The words marked are ``span`` (article offsets, as the phrase picker gives
    them: the phrase may occur more than once), else ``phrase`` (text that must occur exactly
    once in the sentence), else the whole sentence. Raises FormError (no sentence, a required
    field empty, the phrase not exactly once in the sentence, a span outside it) or
    AnnotationError (a value the scheme does not allow).
    """
    if scheme is None:
        from helpers.scheme import load_scheme

        scheme = load_scheme()
    if not sentence_id:
        raise FormError(
            "Pick the words to annotate first: select them in the text, or choose a sentence "
            "in the “Sentence” list. Nothing was saved."
        )
    if sentence_id not in {s.id for s in article.sentences}:
        raise FormError(f"There is no sentence {sentence_id!r} in the article. Nothing was saved.")
    for field in scheme.table:
        if field.required and field.is_empty(values.get(field.name)):
            verb = _VERBS.get(field.kind, "Fill in")
            raise FormError(
                f"{verb} “{field.label}” before saving ({field.question}). Nothing was saved."
            )
    quote = None if span is not None else check_phrase(article, sentence_id, phrase)
    given = {name: values[name] for name in scheme.fields if name in values}
    ann = Annotation.new(article, annotator, sentence_id, quote=quote, scheme=scheme, **given)
    if span is None or tuple(span) == (ann.start, ann.end):
        return ann
    start, end = span
    sentence = article.sentence(sentence_id)
    if not sentence.start <= start < end <= sentence.end:
        raise FormError(
            f"The words picked are not all in sentence {sentence.number}. Pick them again in "
            "the text. Nothing was saved."
        )
    prefix, suffix = article.context(start, end)
    marked = ann.replace(
        start=start, end=end, quote=article.text[start:end], prefix=prefix, suffix=suffix
    )
    return validate(marked, article, scheme)


def annotation_choice_label(number: int, ann: Annotation, article: Article, scheme: Scheme) -> str:
    """The text of one entry of the "Annotation" list under the table (plain text):
    ``"1 · sentence 2 · Number or statistic · “32 countries”"``, with the label of the scheme's
    first choice field."""
    first = scheme.of_kind("choice")
    kind = choice_label(first[0], ann.values.get(first[0].name)) if first else ""
    where = sentence_number(article, ann.sentence_id)
    return f"{number} · sentence {where} · {kind} · “{short(ann.quote, 40)}”"
